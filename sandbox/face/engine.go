// Package face is the sandbox's face engine: the face models of
// capture/face run on submitted photos (faces, embeddings, liveness,
// attributes, the document portrait) and an in-memory gallery of enrolled
// embeddings for 1:N search.
package face

import (
	"context"
	"errors"
	"fmt"
	"os"
	"sort"
	"sync"

	capface "biokiosk/capture/face"
	"biokiosk/imagesize"

	"gocv.io/x/gocv"
)

// Threshold is the cosine similarity at which two faces match: on the
// test portraits the same person scores 0.58–0.99 and different people at
// most 0.08.
const Threshold = 0.4

// ErrBadImage says a photo cannot be decoded, or declares more than
// imagesize.MaxPixels in its header.
var ErrBadImage = errors.New("face: not a decodable JPEG or PNG")

// MaxDecodes bounds the photos decoded and analysed at once (the
// sandbox's two cores); a request waits for a slot until its context
// ends. With imagesize.MaxPixels it caps decoded rasters at about
// 150 MB.
const MaxDecodes = 2

// Embedding is a face template (capture/face's).
type Embedding = capface.Embedding

// Similarity is the cosine similarity of two embeddings.
func Similarity(a, b Embedding) float64 { return capface.Similarity(a, b) }

// Engine runs the face models (one at a time: OpenCV's nets are not safe
// for concurrent use) and keeps every enrolled embedding in memory for
// 1:N search. It is safe for concurrent use.
type Engine struct {
	slots  chan struct{} // MaxDecodes tokens
	mu     sync.Mutex
	models *capface.Models
	attrs  *capface.Attributes
	gray   gocv.Mat

	gmu     sync.RWMutex
	gallery map[string]galleryEntry
}

type galleryEntry struct {
	group string
	emb   Embedding
}

// Found is one face in a submitted photo.
type Found struct {
	Emb Embedding
	// Liveness is the passive liveness score, -1 when not computed.
	Liveness float64
}

// New loads the models from dir ("" finds it with
// capface.FindModelsDir). Close frees them.
func New(dir string) (*Engine, error) {
	if dir == "" {
		d, err := capface.FindModelsDir(os.Getenv)
		if err != nil {
			return nil, fmt.Errorf("face engine: the models are needed: %w", err)
		}
		dir = d
	}
	m, err := capface.LoadModels(dir)
	if err != nil {
		return nil, fmt.Errorf("face engine: %w", err)
	}
	at, err := capface.LoadAttributes(dir)
	if err != nil {
		m.Close()
		return nil, fmt.Errorf("face engine: %w", err)
	}
	return &Engine{slots: make(chan struct{}, MaxDecodes), models: m, attrs: at, gray: gocv.NewMat(), gallery: map[string]galleryEntry{}}, nil
}

// Close frees the models.
func (e *Engine) Close() {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.gray.Close()
	e.models.Close()
	e.attrs.Close()
}

// withFaces checks a JPEG/PNG's declared size, decodes it in one of the
// MaxDecodes slots and, holding the engine, calls fn with the frame and
// its faces, largest first. Faces smaller than a third of the largest
// (people in the background) or under 24 px are left out. It gives up
// with ctx's error when ctx ends before the models run.
func (e *Engine) withFaces(ctx context.Context, img []byte, fn func(mat gocv.Mat, faces []capface.Detection) error) error {
	if err := imagesize.CheckBytes(img); err != nil {
		return fmt.Errorf("%w: %w", ErrBadImage, err)
	}
	select {
	case e.slots <- struct{}{}:
	case <-ctx.Done():
		return ctx.Err()
	}
	defer func() { <-e.slots }()
	if err := ctx.Err(); err != nil {
		return err
	}
	mat, err := gocv.IMDecode(img, gocv.IMReadColor)
	if err != nil || mat.Empty() {
		mat.Close()
		return ErrBadImage
	}
	defer mat.Close()
	if err := ctx.Err(); err != nil {
		return err
	}
	e.mu.Lock()
	defer e.mu.Unlock()
	dets, err := e.models.Detect(mat)
	if err != nil {
		return err
	}
	sort.Slice(dets, func(i, j int) bool { return dets[i].Box.Dy() > dets[j].Box.Dy() })
	var kept []capface.Detection
	for _, d := range dets {
		if d.Box.Dy()*3 >= dets[0].Box.Dy() && d.Box.Dx() >= 24 {
			kept = append(kept, d)
		}
	}
	return fn(mat, kept)
}

// AnalyseContext returns an embedding (and, when wanted, a liveness
// score) for each face of a JPEG/PNG, largest first; it stops with ctx's
// error when ctx ends first.
func (e *Engine) AnalyseContext(ctx context.Context, img []byte, liveness bool) ([]Found, error) {
	var out []Found
	err := e.withFaces(ctx, img, func(mat gocv.Mat, faces []capface.Detection) error {
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
			f := Found{Emb: emb, Liveness: -1}
			if liveness {
				if l, err := e.models.Liveness(mat, d.Box); err == nil {
					f.Liveness = l
				}
			}
			out = append(out, f)
		}
		return nil
	})
	return out, err
}

// HoldSlots takes every decode slot until the returned func is called:
// for tests of the bound.
func (e *Engine) HoldSlots() (release func()) {
	for range MaxDecodes {
		e.slots <- struct{}{}
	}
	return func() {
		for range MaxDecodes {
			<-e.slots
		}
	}
}
