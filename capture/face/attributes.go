package face

import (
	"fmt"
	"image"
	"path/filepath"
	"sort"

	"gocv.io/x/gocv"
)

// Attributes are the age, gender and expression networks (fr_age,
// fr_gender, fr_expression). The kiosk never loads them; the sandbox's
// Find Face Properties does.
type Attributes struct {
	age, gender, expression gocv.Net
	loaded                  []*gocv.Net
}

// LoadAttributes reads the three attribute models from dir.
func LoadAttributes(dir string) (*Attributes, error) {
	a := &Attributes{}
	for name, n := range map[string]*gocv.Net{"fr_age": &a.age, "fr_gender": &a.gender, "fr_expression": &a.expression} {
		p := filepath.Join(dir, name+".onnx")
		net := gocv.ReadNetFromONNX(p)
		if net.Empty() {
			a.Close()
			return nil, fmt.Errorf("%w: %s could not be read", ErrNoModels, p)
		}
		*n = net
		a.loaded = append(a.loaded, n)
	}
	return a, nil
}

// Close frees the networks.
func (a *Attributes) Close() {
	for _, n := range a.loaded {
		n.Close()
	}
	a.loaded = nil
}

// ssrOutputs are SSR-Net's outputs in the order mergeSSR reads them.
var ssrOutputs = []string{"prob_stage_1", "prob_stage_2", "prob_stage_3", "stage1_delta_k", "stage2_delta_k", "stage3_delta_k",
	"index_offset_stage1", "index_offset_stage2", "index_offset_stage3"}

// mergeSSR is SSR-Net's soft stagewise regression (lib/fr_age.js
// mergeAge with s = 3 per stage and both lambdas 1), scaled by v.
func mergeSSR(x []float32, v float64) float64 {
	f := func(i int) float64 { return float64(x[i]) }
	s1 := 3 * (1 + f(9))
	s2 := 3 * (1 + f(10))
	s3 := 3 * (1 + f(11))
	var a, b, c float64
	for i := 0; i < 3; i++ {
		a += (float64(i) + f(12+i)) * f(i)
		b += (float64(i) + f(15+i)) * f(3+i)
		c += (float64(i) + f(18+i)) * f(6+i)
	}
	return (a/s1 + b/s1/s2 + c/s1/s2/s3) * v
}

func (a *Attributes) ssr(net *gocv.Net, frame gocv.Mat, box image.Rectangle, v float64) (float64, error) {
	r := scaledCrop(box, 1.4, frame.Cols(), frame.Rows())
	if r.Dx() < 8 || r.Dy() < 8 {
		return 0, fmt.Errorf("face: attributes: face box %v too small", box)
	}
	blob := blobOf(frame, r, 1.0/(255*0.226), image.Pt(64, 64), gocv.NewScalar(0.485*255, 0.456*255, 0.406*255, 0), true)
	defer blob.Close()
	outs, err := forwardFloats(net, blob, ssrOutputs...)
	if err != nil {
		return 0, err
	}
	var x []float32
	for _, o := range outs {
		x = append(x, o...)
	}
	if len(x) != 21 {
		return 0, fmt.Errorf("face: attributes: SSR-Net gave %d values, want 21", len(x))
	}
	return mergeSSR(x, v), nil
}

// Age estimates the age in years of the face in box.
func (a *Attributes) Age(frame gocv.Mat, box image.Rectangle) (float64, error) {
	return a.ssr(&a.age, frame, box, 101)
}

// Gender estimates the probability-like gender score of the face, 0–1.
func (a *Attributes) Gender(frame gocv.Mat, box image.Rectangle) (float64, error) {
	return a.ssr(&a.gender, frame, box, 1)
}

// Expression returns the 7 expression scores (softmax) of the face: a
// 224×224 RGB crop of the box scaled to 0–1 (lib/fr_expression.js).
func (a *Attributes) Expression(frame gocv.Mat, box image.Rectangle) ([]float64, error) {
	r := box.Intersect(image.Rect(0, 0, frame.Cols(), frame.Rows()))
	if r.Dx() < 8 || r.Dy() < 8 {
		return nil, fmt.Errorf("face: expression: face box %v too small", box)
	}
	blob := blobOf(frame, r, 1.0/255, image.Pt(224, 224), gocv.NewScalar(0, 0, 0, 0), true)
	defer blob.Close()
	out, err := forwardFloats(&a.expression, blob)
	if err != nil {
		return nil, err
	}
	if len(out[0]) != 7 {
		return nil, fmt.Errorf("face: expression: model gave %d values, want 7", len(out[0]))
	}
	return softmax(out[0]), nil
}

// expressionLabels are fr_expression's classes in FER-2013 order; the
// package does not name them, and on the test portraits the order holds
// (a smile is class 3, a neutral face class 6).
var expressionLabels = [7]string{"angry", "disgust", "fear", "happy", "sad", "surprise", "neutral"}

// Expressions names the expressions scoring at least min, strongest
// first (at least the strongest one).
func Expressions(scores []float64, min float64) []string {
	idx := make([]int, len(scores))
	for i := range idx {
		idx[i] = i
	}
	sort.Slice(idx, func(a, b int) bool { return scores[idx[a]] > scores[idx[b]] })
	var out []string
	for n, i := range idx {
		if i < len(expressionLabels) && (n == 0 || scores[i] >= min) {
			out = append(out, expressionLabels[i])
		}
	}
	return out
}

// GenderLabel reads SSR-Net's gender score: above 0.5 is "male".
func GenderLabel(score float64) string {
	if score > 0.5 {
		return "male"
	}
	return "female"
}
