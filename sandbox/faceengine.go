package sandbox

import (
	"context"
	"fmt"
	"sort"
	"sync"

	"biokiosk/capture/face"

	"gocv.io/x/gocv"
)

// faceEngine runs the face models (one at a time: OpenCV's nets are not
// safe for concurrent use) and keeps every enrolled embedding in memory
// for 1:N search.
type faceEngine struct {
	mu     sync.Mutex
	models *face.Models
	attrs  *face.Attributes
	gray   gocv.Mat

	gmu     sync.RWMutex
	gallery map[string]galleryEntry
}

type galleryEntry struct {
	client string
	emb    face.Embedding
}

// foundFace is one face in a submitted photo.
type foundFace struct {
	emb      face.Embedding
	liveness float64
}

func newFaceEngine(dir string) (*faceEngine, error) {
	m, err := face.LoadModels(dir)
	if err != nil {
		return nil, fmt.Errorf("sandbox: face engine: %w", err)
	}
	at, err := face.LoadAttributes(dir)
	if err != nil {
		m.Close()
		return nil, fmt.Errorf("sandbox: face engine: %w", err)
	}
	return &faceEngine{models: m, attrs: at, gray: gocv.NewMat(), gallery: map[string]galleryEntry{}}, nil
}

func (e *faceEngine) close() {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.gray.Close()
	e.models.Close()
	e.attrs.Close()
}

func (e *faceEngine) load(ctx context.Context, db *store) error {
	all, err := db.faces(ctx)
	if err != nil {
		return fmt.Errorf("sandbox: load gallery: %w", err)
	}
	e.gmu.Lock()
	defer e.gmu.Unlock()
	for id, f := range all {
		e.gallery[id] = galleryEntry{f.client, face.Embedding(f.emb)}
	}
	return nil
}

// withFaces decodes a JPEG/PNG and, holding the engine, calls fn with
// the frame and its faces, largest first. Faces smaller than a third of
// the largest (people in the background) or under 24 px are left out.
func (e *faceEngine) withFaces(img []byte, fn func(mat gocv.Mat, faces []face.Detection) error) error {
	mat, err := gocv.IMDecode(img, gocv.IMReadColor)
	if err != nil || mat.Empty() {
		mat.Close()
		return errBadInput
	}
	defer mat.Close()
	e.mu.Lock()
	defer e.mu.Unlock()
	dets, err := e.models.Detect(mat)
	if err != nil {
		return err
	}
	sort.Slice(dets, func(i, j int) bool { return dets[i].Box.Dy() > dets[j].Box.Dy() })
	var kept []face.Detection
	for _, d := range dets {
		if d.Box.Dy()*3 >= dets[0].Box.Dy() && d.Box.Dx() >= 24 {
			kept = append(kept, d)
		}
	}
	return fn(mat, kept)
}

// analyse returns an embedding (and, when wanted, a liveness score) for
// each face of a JPEG/PNG, largest first.
func (e *faceEngine) analyse(img []byte, liveness bool) ([]foundFace, error) {
	var out []foundFace
	err := e.withFaces(img, func(mat gocv.Mat, faces []face.Detection) error {
		gocv.CvtColor(mat, &e.gray, gocv.ColorBGRToGray)
		for _, d := range faces {
			lm, err := e.models.Landmarks(e.gray, d.Box)
			if err != nil {
				continue
			}
			emb, err := e.models.Embed(mat, &lm)
			if err != nil {
				continue
			}
			f := foundFace{emb: emb, liveness: -1}
			if liveness {
				if l, err := e.models.Liveness(mat, d.Box); err == nil {
					f.liveness = l
				}
			}
			out = append(out, f)
		}
		return nil
	})
	return out, err
}

// properties are a face's estimated attributes.
type properties struct {
	Age      int      `json:"age"`
	Gender   string   `json:"gender"`
	Emotions []string `json:"emotions"`
}

// properties estimates age, gender and expressions for each face (faces
// as analyse counts them); it returns the number of faces and, when there
// is exactly one, its properties.
func (e *faceEngine) properties(img []byte) (int, properties, error) {
	var n int
	var props properties
	err := e.withFaces(img, func(mat gocv.Mat, faces []face.Detection) error {
		if n = len(faces); n != 1 {
			return nil
		}
		box := faces[0].Box
		age, err := e.attrs.Age(mat, box)
		if err != nil {
			return err
		}
		g, err := e.attrs.Gender(mat, box)
		if err != nil {
			return err
		}
		ex, err := e.attrs.Expression(mat, box)
		if err != nil {
			return err
		}
		props = properties{Age: int(age + 0.5), Gender: face.GenderLabel(g), Emotions: face.Expressions(ex, 0.2)}
		return nil
	})
	return n, props, err
}

// match is a gallery hit.
type match struct {
	userID string
	score  float64
}

// search returns the client's enrolled users whose face matches emb,
// best first; exclude skips one user.
func (e *faceEngine) search(clientKey string, emb face.Embedding, exclude string) []match {
	return e.searchBy(clientKey, emb, exclude, nil, FaceThreshold)
}

// searchBy returns the group's entries whose score against emb is at
// least min, best first; score maps the cosine similarity (nil keeps
// it), exclude skips one entry.
func (e *faceEngine) searchBy(group string, emb face.Embedding, exclude string, score func(float64) float64, min float64) []match {
	e.gmu.RLock()
	defer e.gmu.RUnlock()
	var ms []match
	for id, g := range e.gallery {
		if g.client != group || id == exclude {
			continue
		}
		s := dot(emb, g.emb)
		if score != nil {
			s = score(s)
		}
		if s >= min {
			ms = append(ms, match{id, s})
		}
	}
	sort.Slice(ms, func(i, j int) bool { return ms[i].score > ms[j].score })
	return ms
}

// dot is the cosine similarity of two L2-normalised embeddings (the
// models' output is normalised by face.Embed), unrolled by four.
func dot(a, b face.Embedding) float64 {
	if len(a) != len(b) {
		return 0
	}
	var s0, s1, s2, s3 float32
	i := 0
	for ; i+4 <= len(a); i += 4 {
		s0 += a[i] * b[i]
		s1 += a[i+1] * b[i+1]
		s2 += a[i+2] * b[i+2]
		s3 += a[i+3] * b[i+3]
	}
	for ; i < len(a); i++ {
		s0 += a[i] * b[i]
	}
	return float64(s0 + s1 + s2 + s3)
}

func (e *faceEngine) template(userID string) (face.Embedding, bool) {
	e.gmu.RLock()
	defer e.gmu.RUnlock()
	g, ok := e.gallery[userID]
	return g.emb, ok
}

func (e *faceEngine) put(userID, clientKey string, emb face.Embedding) {
	e.gmu.Lock()
	defer e.gmu.Unlock()
	e.gallery[userID] = galleryEntry{clientKey, emb}
}

func (e *faceEngine) remove(userID string) {
	e.gmu.Lock()
	defer e.gmu.Unlock()
	delete(e.gallery, userID)
}
