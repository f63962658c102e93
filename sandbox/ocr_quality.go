package sandbox

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

// quality is one side's image checks, as validations.
type quality struct {
	resolution, blurring, luminance string
	ok                              bool
}

// sideQuality measures a grey side: its size, the variance of its
// Laplacian (sharpness) and its mean grey level.
func sideQuality(gray gocv.Mat) quality {
	w, h := gray.Cols(), gray.Rows()
	sharp := face.LaplacianVariance(gray)
	lum := gray.Mean().Val1
	resOK := min(w, h) >= minDocShort && max(w, h) >= minDocLong
	sharpOK := sharp >= minSharpness
	lumOK := lum >= minLuminance && lum <= maxLuminance
	return quality{
		resolution: fmt.Sprintf("%s [%dx%d]", verdict(resOK), w, h),
		blurring:   fmt.Sprintf("%s [%.2f]", verdict(sharpOK), sharp),
		luminance:  fmt.Sprintf("%s [%.0f]", verdict(lumOK), lum),
		ok:         resOK && sharpOK && lumOK,
	}
}

// verdict is a validation's value.
func verdict(ok bool) string {
	if ok {
		return "GOOD"
	}
	return "FAIL"
}
