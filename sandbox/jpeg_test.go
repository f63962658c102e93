package sandbox

import (
	"image"
	"image/color"
	"image/jpeg"
	"io"
)

func writeGreyJPEG(w io.Writer, width, height int) error {
	img := image.NewGray(image.Rect(0, 0, width, height))
	for i := range img.Pix {
		img.Pix[i] = 128
	}
	_ = color.Gray{}
	return jpeg.Encode(w, img, nil)
}
