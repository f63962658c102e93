package face

import (
	"errors"
	"fmt"
	"image"
	"io"
	"math"
	"os"
	"sort"

	"gocv.io/x/gocv"
)

// HaarCascade is the fallback detector's cascade from Debian's opencv-data.
const HaarCascade = "/usr/share/opencv4/haarcascades/haarcascade_frontalface_default.xml"

// Analyzer analyses frames. It keeps state between live frames (the
// tracked face, the previous pose) and reuses its buffers, so it is not
// safe for concurrent use; give each camera its own.
type Analyzer struct {
	cfg    Config
	models *Models
	haar   *gocv.CascadeClassifier
	gray   gocv.Mat
	work   gocv.Mat // the live analysis's downscaled copy of large frames

	frames int
	prev   *Analysis    // the last live result, in working-copy pixels
	extras []secondFace // the last detector pass's other faces
	pose   poseFilter   // the network's yaw and pitch
	roll   poseFilter   // the eye line's roll
	live   livenessFilter
	// poseMid is the pose network's first half on the last phase-1
	// frame, waiting for its second half (poseHalf: it holds one);
	// poseView is how that frame showed the face.
	poseMid  gocv.Mat
	poseHalf bool
	poseView view
}

// NewAnalyzer analyses with the face models (not closed by the Analyzer).
func NewAnalyzer(m *Models, cfg Config) *Analyzer {
	return &Analyzer{cfg: cfg, models: m, gray: gocv.NewMat(), work: gocv.NewMat()}
}

// NewFallbackAnalyzer analyses with OpenCV's Haar cascade only: faces,
// size, position, light and focus, but no landmarks, pose, eyes or
// liveness (Analysis.Reduced).
func NewFallbackAnalyzer(cascade string, cfg Config) (*Analyzer, error) {
	if _, err := os.Stat(cascade); err != nil {
		return nil, fmt.Errorf("face: Haar cascade: %w (install opencv-data)", err)
	}
	c := gocv.NewCascadeClassifier()
	if !c.Load(cascade) {
		c.Close()
		return nil, fmt.Errorf("face: Haar cascade %s could not be loaded", cascade)
	}
	return &Analyzer{cfg: cfg, haar: &c, gray: gocv.NewMat(), work: gocv.NewMat()}, nil
}

// OpenAnalyzer loads the models found by FindModelsDir; when they are
// missing it falls back to the Haar cascade and writes one warning line to
// warn. The returned close function frees everything.
func OpenAnalyzer(getenv func(string) string, cfg Config, warn io.Writer) (*Analyzer, func(), error) {
	dir, err := FindModelsDir(getenv)
	if err == nil {
		m, lerr := LoadModels(dir)
		if lerr == nil {
			a := NewAnalyzer(m, cfg)
			return a, func() { a.Close(); m.Close() }, nil
		}
		err = lerr
	}
	if !errors.Is(err, ErrNoModels) {
		return nil, nil, err
	}
	a, herr := NewFallbackAnalyzer(HaarCascade, cfg)
	if herr != nil {
		return nil, nil, fmt.Errorf("%v; and no fallback: %w", err, herr)
	}
	fmt.Fprintf(warn, "warning: face models not found, using the Haar cascade with reduced checks (no pose, eyes or liveness): run make models\n")
	return a, a.Close, nil
}

// Config is the analyzer's gate configuration.
func (a *Analyzer) Config() Config { return a.cfg }

// Reduced says the analyzer runs on the Haar fallback.
func (a *Analyzer) Reduced() bool { return a.models == nil }

// Close frees the analyzer's buffers and the cascade.
func (a *Analyzer) Close() {
	a.dropPoseHalf()
	a.gray.Close()
	a.work.Close()
	if a.haar != nil {
		a.haar.Close()
		a.haar = nil
	}
}

// Reset forgets the tracked face (call it when the source changes).
func (a *Analyzer) Reset() {
	a.prev, a.frames, a.extras = nil, 0, nil
	a.forgetFace()
}

// forgetFace drops the filters' passes of the tracked face.
func (a *Analyzer) forgetFace() {
	a.pose.reset()
	a.roll.reset()
	a.live.reset()
	a.dropPoseHalf()
}

// dropPoseHalf frees a waiting first half of the pose network.
func (a *Analyzer) dropPoseHalf() {
	if a.poseHalf {
		a.poseMid.Close()
		a.poseHalf = false
	}
}

// livePose runs the pose network's two halves on two consecutive tracked
// frames (phases 1 and 2 of the period), so no frame pays for the whole
// network, and reports the filtered pose from the second on; the pose is
// that of the phase-1 frame, one frame (33 ms at 30 fps) old. Between
// passes the last pose stands.
func (a *Analyzer) livePose(work gocv.Mat, track *Analysis, phase int, res *Analysis) {
	switch {
	case track != nil && phase == 1:
		a.dropPoseHalf()
		if mid, err := a.models.poseFirst(work, res.Landmarks); err == nil {
			a.poseMid, a.poseHalf, a.poseView = mid, true, viewOf(res, a.cfg)
		}
	case track != nil && phase == 2 && a.poseHalf:
		p, err := a.models.poseSecond(a.poseMid)
		a.dropPoseHalf()
		if err == nil {
			p = a.pose.add(Pose{Yaw: p.Yaw, Pitch: p.Pitch}, a.poseView)
			res.Pose.Yaw, res.Pose.Pitch, res.PoseKnown = p.Yaw, p.Pitch, true
			return
		}
	}
	if a.prev != nil && a.prev.PoseKnown {
		res.Pose.Yaw, res.Pose.Pitch, res.PoseKnown = a.prev.Pose.Yaw, a.prev.Pose.Pitch, true
	}
}

// AnalyzeStill analyses one image completely: detection, landmarks, eyes,
// the pose network and liveness. It does not touch the live state.
func (a *Analyzer) AnalyzeStill(frame gocv.Mat) (Analysis, error) {
	res, err := a.analyze(frame, nil)
	if err != nil {
		return res, err
	}
	if err := a.confirm(frame, &res, false); err != nil {
		return res, err
	}
	evaluate(&res, a.cfg)
	return res, nil
}

// livePeriod is the live schedule's length in frames: the detector runs
// on the first frame of each period, the other frames follow the face
// with the landmarks and share the pose and liveness networks.
const livePeriod = 4

// AnalyzeLive analyses the next camera frame within the live budget.
// While a face is tracked it spreads the heavy networks over a period of
// four frames: the detector on the first (new faces and bystanders are
// seen within 4 frames), the pose network's two halves on the second and
// third (the pose is at most 4 frames, 133 ms at 30 fps, old), a
// liveness pass on the fourth, so no frame pays for two; every frame gets
// landmarks, eyes, roll, light, focus and motion. Without a tracked face
// every frame runs the detector, and the pose is unknown until the face
// has been tracked for a period. Confirm refreshes the pose on the
// candidate itself and checks liveness.
func (a *Analyzer) AnalyzeLive(frame gocv.Mat) (Analysis, error) {
	work, k := workingCopy(frame, &a.work)
	if a.prev != nil && (a.prev.Width != work.Cols() || a.prev.Height != work.Rows()) {
		a.Reset() // the source changed size
	}
	var track *Analysis
	phase := a.frames % livePeriod
	if a.models != nil && a.prev != nil && len(a.prev.Faces) > 0 && a.prev.Landmarks != nil && phase != 0 {
		track = a.prev
	}
	var known [][]Detection // the faces a detector pass may follow below acquireScore
	if a.prev != nil && track == nil {
		known = [][]Detection{a.prev.Faces, a.extraFaces()}
	}
	res, err := a.analyze(work, track, known...)
	a.frames++
	if err != nil {
		a.prev = nil
		a.forgetFace()
		return scaled(res, k, frame.Cols(), frame.Rows()), err
	}
	if track == nil && a.models != nil {
		res.Faces = a.persistentExtras(res.Faces)
	}
	if len(res.Faces) == 0 || res.Landmarks == nil {
		a.forgetFace()
	} else {
		res.Pose.Roll = a.roll.add(Pose{Roll: res.Pose.Roll}, viewOf(&res, a.cfg)).Roll
	}
	if a.models != nil && len(res.Faces) > 0 && res.Landmarks != nil {
		a.livePose(work, track, phase, &res)
		if track != nil && phase == 3 {
			// A liveness pass for Confirm to average with its own; it
			// does not gate live frames.
			if l, err := a.models.Liveness(work, res.Faces[0].Box); err == nil {
				a.live.add(l)
			}
		}
		if a.prev != nil && a.prev.Landmarks != nil && res.IED > 0 {
			m0, m1 := eyeMid(a.prev.Landmarks), eyeMid(res.Landmarks)
			res.Motion = math.Hypot(m1.X-m0.X, m1.Y-m0.Y) / res.IED
		}
	}
	kept := res
	a.prev = &kept
	out := scaled(res, k, frame.Cols(), frame.Rows())
	evaluate(&out, a.cfg)
	return out, nil
}

// Confirm runs the checks too slow for every live frame on a capture
// candidate (frame and res from AnalyzeLive): the pose network on this
// very frame, and liveness. It re-evaluates the gate. Both passes join
// the live filters' recent passes (a pose pass unless it jumps away from
// them), so one noisy pass does not undo a dwell on a still face.
func (a *Analyzer) Confirm(frame gocv.Mat, res *Analysis) error {
	work, k := workingCopy(frame, &a.work)
	w := scaled(*res, 1/k, work.Cols(), work.Rows())
	if err := a.confirm(work, &w, true); err != nil {
		return err
	}
	res.Pose, res.PoseKnown, res.Liveness = w.Pose, w.PoseKnown, w.Liveness
	evaluate(res, a.cfg)
	return nil
}

// confirm runs the pose network and liveness on res's face in frame;
// live smooths both passes with the live loop's. It does not evaluate.
func (a *Analyzer) confirm(frame gocv.Mat, res *Analysis, live bool) error {
	if a.models == nil || len(res.Faces) == 0 {
		return nil
	}
	box := res.Faces[0].Box
	var p Pose
	var err error
	if res.Landmarks != nil {
		p, err = a.models.PoseOf(frame, res.Landmarks)
	} else {
		p, err = a.models.Pose(frame, box)
	}
	if err != nil {
		return err
	}
	if live {
		p = a.pose.with(Pose{Yaw: p.Yaw, Pitch: p.Pitch}, viewOf(res, a.cfg))
	}
	res.Pose.Yaw, res.Pose.Pitch, res.PoseKnown = p.Yaw, p.Pitch, true
	if res.Landmarks == nil {
		res.Pose.Roll = p.Roll
	}
	l, err := a.models.Liveness(frame, box)
	if err != nil {
		return err
	}
	if live {
		l = a.live.with(l)
	}
	res.Liveness = l
	return nil
}

// analyze runs detection (or tracking), landmarks, eyes and photometry;
// a detected face is new unless it overlaps a known one (see acquire).
// It does not judge: its callers add what they measure and evaluate
// once.
func (a *Analyzer) analyze(frame gocv.Mat, track *Analysis, known ...[]Detection) (Analysis, error) {
	res := Analysis{Width: frame.Cols(), Height: frame.Rows(), Liveness: -1, Reduced: a.models == nil}
	if frame.Empty() || frame.Channels() != 3 {
		return res, fmt.Errorf("face: analyze: want a non-empty BGR frame, got %d×%d with %d channels", frame.Cols(), frame.Rows(), frame.Channels())
	}
	gocv.CvtColor(frame, &a.gray, gocv.ColorBGRToGray)
	var err error
	switch {
	case track != nil:
		res.Faces = append([]Detection(nil), track.Faces...)
	case a.models != nil:
		res.Faces, err = a.models.Detect(frame)
		res.Faces = acquire(res.Faces, known...)
	default:
		res.Faces = a.detectHaar()
	}
	if err != nil {
		return res, err
	}
	sort.SliceStable(res.Faces, func(i, j int) bool { return res.Faces[i].Box.Dy() > res.Faces[j].Box.Dy() })
	if len(res.Faces) == 0 {
		return res, nil
	}
	if a.models != nil {
		lm, err := a.models.Landmarks(a.gray, res.Faces[0].Box)
		if err != nil {
			return res, err
		}
		if track != nil {
			// Follow the face: move the tracked box with the landmarks.
			c0, c1 := centroid(track.Landmarks), centroid(&lm)
			d := image.Pt(int(math.Round(c1.X-c0.X)), int(math.Round(c1.Y-c0.Y)))
			res.Faces[0].Box = res.Faces[0].Box.Add(d).Intersect(image.Rect(0, 0, res.Width, res.Height))
		}
		res.Landmarks = &lm
		re, le := lm.RightEye(), lm.LeftEye()
		res.IED = math.Hypot(le.X-re.X, le.Y-re.Y)
		res.Pose.Roll = math.Atan2(le.Y-re.Y, le.X-re.X) * 180 / math.Pi
		if res.Eyes, err = a.models.Eyes(a.gray, &lm); err != nil {
			// An eye at the frame's edge cannot be classified: count it as
			// not open rather than failing the frame.
			res.Eyes = EyeState{}
		}
	}
	res.Photo = measurePhotometry(a.gray, res.Faces[0].Box, res.Landmarks)
	return res, nil
}

// detectHaar runs the cascade on the grey frame downscaled to at most
// 320 px wide (the detector's own input size).
func (a *Analyzer) detectHaar() []Detection {
	scale := 1.0
	g := a.gray
	if a.gray.Cols() > 320 {
		scale = float64(a.gray.Cols()) / 320
		small := gocv.NewMat()
		defer small.Close()
		gocv.Resize(a.gray, &small, image.Pt(320, int(float64(a.gray.Rows())/scale)), 0, 0, gocv.InterpolationArea)
		g = small
	}
	rects := a.haar.DetectMultiScaleWithParams(g, 1.1, 4, 0, image.Pt(24, 24), image.Pt(0, 0))
	out := make([]Detection, 0, len(rects))
	for _, r := range rects {
		out = append(out, Detection{Box: image.Rect(int(float64(r.Min.X)*scale), int(float64(r.Min.Y)*scale), int(float64(r.Max.X)*scale), int(float64(r.Max.Y)*scale)), Score: 1})
	}
	return out
}

func centroid(l *Landmarks) Point {
	var p Point
	for _, q := range l {
		p.X += q.X
		p.Y += q.Y
	}
	return Point{X: p.X / 68, Y: p.Y / 68}
}

func eyeMid(l *Landmarks) Point {
	r, e := l.RightEye(), l.LeftEye()
	return Point{X: (r.X + e.X) / 2, Y: (r.Y + e.Y) / 2}
}
