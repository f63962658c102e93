package document

import "math"

// The 0–100 score ranks frames (the gate decides): the mean of one 0–100
// mapping per measure, each centred on its gate so that a frame just at a
// threshold scores 50 on that measure. Sharpness uses the face score's
// logistic on the log variance; area, glare, skew, brightness and motion
// use logistics of the measure over its gate.

func sigmoid(x, x0, w float64) float64 { return 1 / (1 + math.Exp(-(x-x0)/w)) }

// quality computes r's score; 0 when no document was found.
func quality(r *Analysis, cfg Config) float64 {
	if !r.Found {
		return 0
	}
	s := []float64{
		100 * sigmoid(r.Area, cfg.MinArea, 0.03),
		100 * sigmoid(math.Log(math.Max(r.Photo.Sharpness, 1e-3)), math.Log(cfg.MinSharpness), 0.35),
		100 * (1 - sigmoid(r.Photo.Glare, cfg.MaxGlare, cfg.MaxGlare/4)),
		100 * (1 - sigmoid(r.SideRatio, cfg.MaxSideRatio, 0.03)),
		100 * (1 - sigmoid(r.Skew, cfg.MaxAngle, 2)),
		100 * sigmoid(r.Photo.Brightness, cfg.MinBrightness, 10),
		100 * (1 - sigmoid(r.Motion, cfg.MaxMotion, cfg.MaxMotion/4)),
	}
	sum := 0.0
	for _, v := range s {
		sum += v
	}
	return math.Round(sum/float64(len(s))*10) / 10
}
