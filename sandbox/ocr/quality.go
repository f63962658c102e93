package ocr

import (
	"fmt"

	"biokiosk/capture/face"

	"gocv.io/x/gocv"
)

// Image-quality thresholds of a document side (the validations'
// resolution, blurring and luminance).
const (
	// minDocShort and minDocLong are the smallest sides, in pixels, of a
	// readable crop (an ID-1 card at about 7.5 px/mm).
	minDocShort, minDocLong = 400, 640
	// minSharpness is the variance of the Laplacian under which a side is
	// blurred.
	minSharpness = 50
	// minLuminance and maxLuminance bound the mean grey level.
	minLuminance, maxLuminance = 50, 240
)

// Quality is one side's image checks, as validations.
type Quality struct {
	Resolution, Blurring, Luminance string
	OK                              bool
}

// SideQuality measures a grey side: its size, the variance of its
// Laplacian (sharpness) and its mean grey level.
func SideQuality(gray gocv.Mat) Quality {
	w, h := gray.Cols(), gray.Rows()
	sharp := face.LaplacianVariance(gray)
	lum := gray.Mean().Val1
	resOK := min(w, h) >= minDocShort && max(w, h) >= minDocLong
	sharpOK := sharp >= minSharpness
	lumOK := lum >= minLuminance && lum <= maxLuminance
	return Quality{
		Resolution: fmt.Sprintf("%s [%dx%d]", Verdict(resOK), w, h),
		Blurring:   fmt.Sprintf("%s [%.2f]", Verdict(sharpOK), sharp),
		Luminance:  fmt.Sprintf("%s [%.0f]", Verdict(lumOK), lum),
		OK:         resOK && sharpOK && lumOK,
	}
}

// Verdict is a validation's value.
func Verdict(ok bool) string {
	if ok {
		return "GOOD"
	}
	return "FAIL"
}
