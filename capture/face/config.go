package face

// Config holds the capture gate's thresholds. Defaults suit a kiosk
// camera at 640×480 or more; every field can be set from configuration.
type Config struct {
	// MinIED is the smallest inter-eye distance in source pixels (ICAO
	// minimum 90 px; the output crop is never upscaled, so this is also
	// the submitted image's IED).
	MinIED float64
	// MinIEDShare is the smallest inter-eye distance as a share of the
	// frame height: the person stands close enough to fill the oval at
	// every camera resolution (a far person's face has 90 px at 1080p).
	MinIEDShare float64
	// MaxFaceHeight is the largest head height (crown to chin, estimated
	// from the landmarks) as a share of the frame height before MOVE_BACK.
	MaxFaceHeight float64
	// CenterX and CenterY place the oval's centre as shares of the frame;
	// CenterTolerance is how far (share of the frame's width) the face
	// centre may be from it sideways. Up and down the face may be anywhere
	// its whole head is in the frame (MOVE_UP/MOVE_DOWN otherwise).
	CenterX, CenterY, CenterTolerance float64
	// MaxYaw, MaxPitch and MaxRoll are in degrees.
	MaxYaw, MaxPitch, MaxRoll float64
	// MinBrightness and MaxBrightness bound the inner face's mean grey
	// level (Yoti's 40–215 rule, tightened); MaxOverExposed bounds the
	// share of burnt-out pixels.
	MinBrightness, MaxBrightness, MaxOverExposed float64
	// MinUniformity is the smallest left/right histogram intersection.
	MinUniformity float64
	// MinSharpness is the smallest variance of the Laplacian (see
	// Photometry.Sharpness); MaxMotion the largest movement of the eye
	// midpoint between frames, as a share of the IED.
	MinSharpness, MaxMotion float64
	// MinEyeOpen is the smallest "open" probability for each eye.
	MinEyeOpen float64
	// MinLiveness is the smallest live-person probability (0 disables it).
	MinLiveness float64
	// SecondFaceShare: another face counts (MULTIPLE_FACES) when its box is
	// at least this share of the main face's height; smaller faces are
	// people far behind.
	SecondFaceShare float64
}

// DefaultConfig returns the kiosk defaults (docs/capture.md, "Face capture").
func DefaultConfig() Config {
	return Config{
		MinIED:          90,
		MinIEDShare:     0.18,
		MaxFaceHeight:   0.8,
		CenterX:         0.5,
		CenterY:         0.45,
		CenterTolerance: 0.12,
		MaxYaw:          10,
		MaxPitch:        10,
		MaxRoll:         8,
		MinBrightness:   60,
		MaxBrightness:   200,
		MaxOverExposed:  0.1,
		MinUniformity:   0.4,
		MinSharpness:    40,
		MaxMotion:       0.08,
		MinEyeOpen:      0.5,
		MinLiveness:     0.5,
		SecondFaceShare: 0.4,
	}
}
