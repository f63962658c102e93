package face

import (
	"fmt"
	"image"
	"math"

	"gocv.io/x/gocv"
)

// EmbeddingSize is the length of a face embedding.
const EmbeddingSize = 512

// Embedding is an L2-normalised face descriptor.
type Embedding []float32

// referencePoints are the 112×112 ArcFace positions of the five points
// (lib/fr_feature.js).
var referencePoints = [5]gocv.Point2f{{X: 38.2946, Y: 51.6963}, {X: 73.5318, Y: 51.5014}, {X: 56.0252, Y: 71.7366}, {X: 41.5493, Y: 92.3655}, {X: 70.7299, Y: 92.2041}}

// Embed aligns the face to the reference points with a similarity
// transform (all five points, least squares; the package's JS uses an
// exact three-point affine, which shears on tilted faces) and returns its
// 512-d embedding from a 112×112 RGB crop scaled as (x−127)/128.
func (m *Models) Embed(frame gocv.Mat, lm *Landmarks) (Embedding, error) {
	five := lm.Five()
	src := make([]gocv.Point2f, 5)
	for i, p := range five {
		src[i] = gocv.Point2f{X: float32(p.X), Y: float32(p.Y)}
	}
	from := gocv.NewPoint2fVectorFromPoints(src)
	defer from.Close()
	to := gocv.NewPoint2fVectorFromPoints(referencePoints[:])
	defer to.Close()
	tfm := gocv.EstimateAffinePartial2D(from, to)
	defer tfm.Close()
	if tfm.Empty() {
		return nil, fmt.Errorf("face: embed: no alignment for these landmarks")
	}
	aligned := gocv.NewMat()
	defer aligned.Close()
	gocv.WarpAffine(frame, &aligned, tfm, image.Pt(112, 112))
	blob := gocv.BlobFromImage(aligned, 1.0/128, image.Pt(112, 112), gocv.NewScalar(127, 127, 127, 0), true, false)
	defer blob.Close()
	out, err := forwardFloats(&m.feature, blob)
	if err != nil {
		return nil, fmt.Errorf("face: embed: %w", err)
	}
	if len(out[0]) != EmbeddingSize {
		return nil, fmt.Errorf("face: embed: model gave %d values, want %d", len(out[0]), EmbeddingSize)
	}
	return normalise(out[0]), nil
}

func normalise(v []float32) Embedding {
	var s float64
	for _, x := range v {
		s += float64(x) * float64(x)
	}
	n := math.Sqrt(s)
	if n == 0 {
		return Embedding(v)
	}
	for i := range v {
		v[i] = float32(float64(v[i]) / n)
	}
	return Embedding(v)
}

// Similarity is the cosine similarity of two embeddings, −1…1; the same
// person scores high. It is 0 for embeddings of different lengths.
func Similarity(a, b Embedding) float64 {
	if len(a) != len(b) || len(a) == 0 {
		return 0
	}
	var dot, na, nb float64
	for i := range a {
		dot += float64(a[i]) * float64(b[i])
		na += float64(a[i]) * float64(a[i])
		nb += float64(b[i]) * float64(b[i])
	}
	if na == 0 || nb == 0 {
		return 0
	}
	return dot / math.Sqrt(na*nb)
}
