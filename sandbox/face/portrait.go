package face

import (
	"context"
	"fmt"
	"image"

	capface "biokiosk/capture/face"

	"gocv.io/x/gocv"
)

// Portrait returns the document's portrait: the main face the face
// engine finds on the side, framed head and shoulders (the face box
// widened by half its width each side, 60 % of its height above and 90 %
// below, within the image), as a JPEG. It returns nil when there is no
// face.
func (e *Engine) Portrait(img []byte) ([]byte, error) {
	var out []byte
	err := e.withFaces(context.Background(), img, func(mat gocv.Mat, faces []capface.Detection) error {
		if len(faces) == 0 {
			return nil
		}
		b := faces[0].Box
		r := image.Rect(b.Min.X-b.Dx()/2, b.Min.Y-b.Dy()*6/10, b.Max.X+b.Dx()/2, b.Max.Y+b.Dy()*9/10).
			Intersect(image.Rect(0, 0, mat.Cols(), mat.Rows()))
		if r.Empty() {
			return nil
		}
		crop := mat.Region(r)
		defer crop.Close()
		buf, err := gocv.IMEncodeWithParams(gocv.JPEGFileExt, crop, []int{gocv.IMWriteJpegQuality, 92})
		if err != nil {
			return fmt.Errorf("face: encode the portrait: %w", err)
		}
		defer buf.Close()
		out = append([]byte(nil), buf.GetBytes()...)
		return nil
	})
	return out, err
}
