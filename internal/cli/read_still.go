package cli

import (
	"errors"
	"fmt"

	"biokiosk/imagesize"

	"gocv.io/x/gocv"
)

// readStill reads an image file as BGR after checking its header: a file
// that declares more than imagesize.MaxPixels is refused before OpenCV
// allocates its raster. The caller closes the Mat.
func readStill(path string) (gocv.Mat, error) {
	if err := imagesize.CheckFile(path); err != nil {
		return gocv.NewMat(), fmt.Errorf("not a readable image: %w", err)
	}
	img := gocv.IMRead(path, gocv.IMReadColor)
	if img.Empty() {
		return img, errors.New("not a readable image")
	}
	return img, nil
}
