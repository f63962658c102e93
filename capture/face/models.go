package face

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"

	"gocv.io/x/gocv"
)

// EnvModels overrides where the models are looked for.
const EnvModels = "BIOKIOSK_MODELS"

// modelFiles are the ONNX files the package needs.
// fr_age, fr_gender and fr_expression ship too but nothing here needs
// them, so they are not loaded.
var modelFiles = []string{"fr_detect", "fr_landmark", "fr_eye", "fr_pose", "fr_liveness", "fr_feature"}

// ErrNoModels says the models folder was not found.
var ErrNoModels = errors.New("face: models not found")

// FindModelsDir looks for the models folder, in order: $BIOKIOSK_MODELS;
// ./models; <executable's dir>/models; <executable's dir>/../models;
// <executable's dir>/../share/biokiosk/models (the Debian package's
// /usr/share/biokiosk/models); the models folder of the source tree,
// found by walking up from the working directory to a go.mod. A folder
// counts when it holds fr_detect.onnx.
func FindModelsDir(getenv func(string) string) (string, error) {
	var tried []string
	ok := func(dir string) bool {
		tried = append(tried, dir)
		st, err := os.Stat(filepath.Join(dir, "fr_detect.onnx"))
		return err == nil && !st.IsDir()
	}
	if d := getenv(EnvModels); d != "" {
		if ok(d) {
			return d, nil
		}
		return "", fmt.Errorf("%w in $%s=%s (run make models, or scripts/fetch-models.sh %s)", ErrNoModels, EnvModels, d, d)
	}
	cands := []string{"models"}
	if exe, err := os.Executable(); err == nil {
		dir := filepath.Dir(exe)
		cands = append(cands, filepath.Join(dir, "models"), filepath.Join(dir, "..", "models"), filepath.Join(dir, "..", "share", "biokiosk", "models"))
	}
	if wd, err := os.Getwd(); err == nil {
		for d := wd; ; d = filepath.Dir(d) {
			if _, err := os.Stat(filepath.Join(d, "go.mod")); err == nil {
				cands = append(cands, filepath.Join(d, "models"))
				break
			}
			if filepath.Dir(d) == d {
				break
			}
		}
	}
	for _, d := range cands {
		if ok(d) {
			abs, err := filepath.Abs(d)
			if err != nil {
				return d, nil
			}
			return abs, nil
		}
	}
	return "", fmt.Errorf("%w (looked in %v; run make models, or scripts/fetch-models.sh)", ErrNoModels, tried)
}

// Models holds the loaded networks.
type Models struct {
	detect, landmark, eye, liveness, feature gocv.Net
	// pose is the head-pose network cut in two halves (poseCut): the live
	// analysis runs them on consecutive frames, the rest one after the
	// other.
	pose   [2]gocv.Net
	dir    string
	loaded []*gocv.Net
}

// LoadModels reads every model from dir.
func LoadModels(dir string) (*Models, error) {
	m := &Models{dir: dir}
	nets := []*gocv.Net{&m.detect, &m.landmark, &m.eye, nil, &m.liveness, &m.feature}
	for i, name := range modelFiles {
		p := filepath.Join(dir, name+".onnx")
		if _, err := os.Stat(p); err != nil {
			m.Close()
			return nil, fmt.Errorf("%w: %v", ErrNoModels, err)
		}
		if nets[i] == nil {
			if err := m.loadPose(p); err != nil {
				m.Close()
				return nil, err
			}
			continue
		}
		n := gocv.ReadNetFromONNX(p)
		if n.Empty() {
			m.Close()
			return nil, fmt.Errorf("face: load %s: OpenCV could not read it", p)
		}
		if err := m.keep(nets[i], n, name); err != nil {
			m.Close()
			return nil, err
		}
	}
	return m, nil
}

// keep sets the backend of n and stores it in dst, to be closed by Close.
func (m *Models) keep(dst *gocv.Net, n gocv.Net, name string) error {
	if err := n.SetPreferableBackend(gocv.NetBackendOpenCV); err != nil {
		n.Close()
		return fmt.Errorf("face: %s: backend: %w", name, err)
	}
	*dst = n
	m.loaded = append(m.loaded, dst)
	return nil
}

// Dir is where the models were loaded from.
func (m *Models) Dir() string { return m.dir }

// Close frees the networks.
func (m *Models) Close() error {
	for _, n := range m.loaded {
		n.Close()
	}
	m.loaded = nil
	return nil
}
