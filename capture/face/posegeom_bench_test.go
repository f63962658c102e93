package face_test

import (
	"math"
	"testing"

	. "biokiosk/capture/face"
	"biokiosk/internal/testkit/facetest"
	"biokiosk/internal/testkit/synth"
	"biokiosk/internal/testkit/testfiles"

	"github.com/stretchr/testify/require"
	"gocv.io/x/gocv"
)

// A measurement, not kept in the analysis (docs/capture.md, "Head pose
// on a still face"): the head pose from the landmarks by a
// scaled-orthographic fit of a generic six-point face (nose tip, chin,
// the eyes' outer and the mouth's corners, y up, z towards the camera,
// as in OpenCV's head-pose examples; gocv v0.32 has no SolvePnP).
var (
	geomModel = [6][3]float64{{0, 0, 0}, {0, -330, -65}, {-225, 170, -135}, {225, 170, -135}, {-150, -150, -125}, {150, -150, -125}}
	geomMarks = [6]int{30, 8, 36, 45, 48, 54}
)

// geometricPose fits the model to lm by least squares (the 2×3 projection
// M = U·Xᵀ·(X·Xᵀ)⁻¹ of the centred points), makes M's rows an orthonormal
// pair and reads the angles, in the pose network's signs.
func geometricPose(lm *Landmarks) Pose {
	var mx [3]float64
	var mu [2]float64
	for i, k := range geomMarks {
		for a := range 3 {
			mx[a] += geomModel[i][a] / 6
		}
		mu[0] += lm[k].X / 6
		mu[1] -= lm[k].Y / 6
	}
	var xxt [3][3]float64
	var uxt [2][3]float64
	for i, k := range geomMarks {
		x := [3]float64{geomModel[i][0] - mx[0], geomModel[i][1] - mx[1], geomModel[i][2] - mx[2]}
		u := [2]float64{lm[k].X - mu[0], -lm[k].Y - mu[1]}
		for a := range 3 {
			for c := range 3 {
				xxt[a][c] += x[a] * x[c]
			}
			uxt[0][a] += u[0] * x[a]
			uxt[1][a] += u[1] * x[a]
		}
	}
	inv := inverse3(xxt)
	var r [2][3]float64
	for row := range 2 {
		for c := range 3 {
			for k := range 3 {
				r[row][c] += uxt[row][k] * inv[k][c]
			}
		}
	}
	unit := func(v [3]float64) [3]float64 {
		n := math.Sqrt(v[0]*v[0] + v[1]*v[1] + v[2]*v[2])
		return [3]float64{v[0] / n, v[1] / n, v[2] / n}
	}
	r1, r2 := unit(r[0]), unit(r[1])
	d := (r1[0]*r2[0] + r1[1]*r2[1] + r1[2]*r2[2]) / 2 // orthogonalised symmetrically
	r1, r2 = unit([3]float64{r1[0] - d*r2[0], r1[1] - d*r2[1], r1[2] - d*r2[2]}), unit([3]float64{r2[0] - d*r1[0], r2[1] - d*r1[1], r2[2] - d*r1[2]})
	r3 := [3]float64{r1[1]*r2[2] - r1[2]*r2[1], r1[2]*r2[0] - r1[0]*r2[2], r1[0]*r2[1] - r1[1]*r2[0]}
	deg := 180 / math.Pi
	return Pose{Yaw: math.Asin(r3[0]) * deg, Pitch: -math.Atan2(r3[1], r3[2]) * deg, Roll: -math.Atan2(r2[0], r1[0]) * deg}
}

func inverse3(m [3][3]float64) [3][3]float64 {
	c := func(a, b, x, y int) float64 { return m[a][x]*m[b][y] - m[a][y]*m[b][x] }
	det := m[0][0]*c(1, 2, 1, 2) - m[0][1]*c(1, 2, 0, 2) + m[0][2]*c(1, 2, 0, 1)
	return [3][3]float64{
		{c(1, 2, 1, 2) / det, -c(0, 2, 1, 2) / det, c(0, 1, 1, 2) / det},
		{-c(1, 2, 0, 2) / det, c(0, 2, 0, 2) / det, -c(0, 1, 0, 2) / det},
		{c(1, 2, 0, 1) / det, -c(0, 2, 0, 1) / det, c(0, 1, 0, 1) / det},
	}
}

// BenchmarkGeometricPose compares the landmark fit with the pose network:
// on the 7 portraits (yaw signs agreeing; the worst yaw gap; the pitch as
// a multiple of the network's), and on still generated sequences
// (obama, obama_small, biden × σ 0 and 6, 90 frames): the worst SD and
// largest deviation of the fit's yaw and pitch per frame, of its yaw
// averaged over 6 frames, and of the network's reported yaw.
//
//	go test ./capture/face -run XXX -bench GeometricPose -benchtime 1x
func BenchmarkGeometricPose(b *testing.B) {
	an := facetest.Analyzer(b)
	for range b.N {
		pa := portraitPoseAgreement(b, an)
		var worst [8]float64 // fit yaw SD, dev; fit pitch SD, dev; mean-of-6 yaw SD, dev; network yaw SD, dev
		for _, name := range []string{"obama.jpg", "obama_small.jpg", "biden.jpg"} {
			for _, noise := range []float64{0, 6} {
				for k, v := range stillPoseSeries(b, an, name, noise) {
					sd, dev := synth.Spread(v)
					worst[2*k], worst[2*k+1] = math.Max(worst[2*k], sd), math.Max(worst[2*k+1], dev)
				}
			}
		}
		b.ReportMetric(float64(pa.agree)/float64(pa.n), "yaw-sign-agreement")
		b.ReportMetric(pa.gap, "max-yaw-gap-deg")
		for _, r := range pa.ratios {
			b.Logf("fit pitch / network pitch: %.2f", r)
		}
		for k, unit := range []string{"fit-yaw-SD", "fit-yaw-dev", "fit-pitch-SD", "fit-pitch-dev", "fit-yaw-mean6-SD", "fit-yaw-mean6-dev", "net-yaw-SD", "net-yaw-dev"} {
			b.ReportMetric(worst[k], unit+"-deg")
		}
	}
}

// poseAgreement is how the fit compares with the network on portraits:
// of n, how many agree on the yaw's sign, the largest yaw gap, and the
// fit's pitch over the network's where the latter is over 5°.
type poseAgreement struct {
	agree, n int
	gap      float64
	ratios   []float64
}

// portraitPoseAgreement compares the fit with the network on the 7
// portraits.
func portraitPoseAgreement(b *testing.B, an *Analyzer) poseAgreement {
	var pa poseAgreement
	for _, name := range []string{"obama.jpg", "obama2.jpg", "obama3.jpg", "obama_small.jpg", "obama-480p.jpg", "biden.jpg", "biden2.jpg"} {
		img := gocv.IMRead(testfiles.Path(b, "faces", "portraits", name), gocv.IMReadColor)
		a, err := an.AnalyzeStill(img)
		img.Close()
		require.NoError(b, err)
		require.NotNil(b, a.Landmarks, name)
		g := geometricPose(a.Landmarks)
		b.Logf("%-16s network yaw %6.1f pitch %6.1f | fit yaw %6.1f pitch %6.1f", name, a.Pose.Yaw, a.Pose.Pitch, g.Yaw, g.Pitch)
		pa.n++
		if math.Signbit(g.Yaw) == math.Signbit(a.Pose.Yaw) {
			pa.agree++
		}
		pa.gap = math.Max(pa.gap, math.Abs(g.Yaw-a.Pose.Yaw))
		if math.Abs(a.Pose.Pitch) > 5 {
			pa.ratios = append(pa.ratios, g.Pitch/a.Pose.Pitch)
		}
	}
	return pa
}

// stillPoseSeries are, over a still generated sequence of the portrait
// (100 frames with σ noise, the first 10 left out, and those without
// landmarks), the fit's yaw and pitch per frame, its yaw averaged over 6
// frames, and the network's yaw.
func stillPoseSeries(b *testing.B, an *Analyzer, name string, noise float64) [4][]float64 {
	p, err := synth.NewPlacer(an, testfiles.Path(b, "faces", "portraits", name))
	require.NoError(b, err)
	defer p.Close()
	cam := synth.NewCamera(synth.Width, synth.Height, noise, 2, 7)
	live := facetest.Analyzer(b)
	var yaw, pitch, mean6, net []float64
	for i := range 100 {
		f := cam.Frame(p, 100.0/110, 0, 0)
		a, err := live.AnalyzeLive(f)
		f.Close()
		require.NoError(b, err)
		if i < 10 || a.Landmarks == nil {
			continue
		}
		g := geometricPose(a.Landmarks)
		yaw, pitch, net = append(yaw, g.Yaw), append(pitch, g.Pitch), append(net, a.Pose.Yaw)
		if len(yaw) >= 6 {
			mean6 = append(mean6, lastMean6(yaw))
		}
	}
	return [4][]float64{yaw, pitch, mean6, net}
}

// lastMean6 is the mean of v's last 6 values.
func lastMean6(v []float64) float64 {
	m := 0.0
	for _, x := range v[len(v)-6:] {
		m += x / 6
	}
	return m
}
