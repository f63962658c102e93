package face

import "math"

// The quality score follows OFIQ (ISO/IEC 29794-5's reference
// implementation): each measure maps to 0–100 with OFIQ's published
// mapping, and the score is the mean of the measures that were assessed
// (OFIQ's scalarQuality without its MagFace unified score). Sharpness and
// liveness have no OFIQ mapping that fits these models; biokiosk uses a
// logistic on the Laplacian variance centred on the gate (MinSharpness)
// and 100·p for liveness.

func sigmoid(x, x0, w float64) float64 { return 1 / (1 + math.Exp(-(x-x0)/w)) }

// ofiq is Q = h·(a + s·σ((x−x0)/w)).
func ofiq(x, h, a, s, x0, w float64) float64 { return h * (a + s*sigmoid(x, x0, w)) }

func clamp100(v float64) float64 { return math.Max(0, math.Min(100, v)) }

func scoreIED(ied float64) float64 { return clamp100(ofiq(ied, 100, 0, 1, 70, 20)) }

func scoreAngle(deg float64) float64 {
	c := math.Cos(deg * math.Pi / 180)
	return clamp100(100 * c * c)
}

func scoreBrightness(mean255 float64) float64 {
	m := mean255 / 255
	return clamp100(100 * sigmoid(m, 0.2, 0.05) * (1 - sigmoid(m, 0.8, 0.05)))
}

func scoreUniformity(u float64) float64 { return clamp100(100 * math.Pow(math.Max(u, 0), 0.3)) }

func scoreUnder(share float64) float64 { return clamp100(ofiq(share, 120, 0.832, -1, 0.92, 0.05)) }

func scoreOver(share float64) float64 { return clamp100(1 / (share + 0.01)) }

func scoreSharpness(v, gate float64) float64 {
	return clamp100(100 * sigmoid(math.Log(math.Max(v, 1e-3)), math.Log(gate), 0.35))
}

// quality computes the 0–100 score of a with the gate's sharpness centre.
func quality(a *Analysis, cfg Config) float64 {
	if len(a.Faces) == 0 {
		return 0
	}
	s := []float64{
		scoreBrightness(a.Photo.Brightness),
		scoreUniformity(a.Photo.Uniformity),
		scoreUnder(a.Photo.UnderExposed),
		scoreOver(a.Photo.OverExposed),
		scoreSharpness(a.Photo.Sharpness, cfg.MinSharpness),
	}
	if a.Landmarks != nil {
		s = append(s, scoreIED(a.IED), scoreAngle(a.Pose.Roll))
		s = append(s, 100*math.Min(a.Eyes.OpenLeft, a.Eyes.OpenRight))
	}
	if a.PoseKnown {
		s = append(s, scoreAngle(a.Pose.Yaw), scoreAngle(a.Pose.Pitch))
	}
	if a.Liveness >= 0 {
		s = append(s, 100*a.Liveness)
	}
	var sum float64
	for _, v := range s {
		sum += v
	}
	return math.Round(sum/float64(len(s))*10) / 10
}
