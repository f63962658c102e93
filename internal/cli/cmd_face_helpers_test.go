package cli

import (
	"fmt"
	"image"

	"gocv.io/x/gocv"
)

// cropForKiosk writes the region of a portrait that frames its face the
// way the kiosk's oval expects (a test fixture, in a temp dir).
func cropForKiosk(src, dst string) error {
	img := gocv.IMRead(src, gocv.IMReadColor)
	defer img.Close()
	if img.Empty() {
		return fmt.Errorf("%s: unreadable", src)
	}
	// obama.jpg: face box (335,90)-(650,404), centre (492,247). Put it at
	// (0.5, 0.45) of an 800×600 crop.
	r := image.Rect(492-400, 247-270, 492+400, 247+330).Intersect(image.Rect(0, 0, img.Cols(), img.Rows()))
	roi := img.Region(r)
	defer roi.Close()
	if !gocv.IMWrite(dst, roi) {
		return fmt.Errorf("write %s", dst)
	}
	return nil
}
