package face

import (
	"context"

	capface "biokiosk/capture/face"

	"gocv.io/x/gocv"
)

// Properties are a face's estimated attributes.
type Properties struct {
	Age      int      `json:"age"`
	Gender   string   `json:"gender"`
	Emotions []string `json:"emotions"`
}

// Properties estimates age, gender and expressions for each face (faces
// as Analyse counts them); it returns the number of faces and, when there
// is exactly one, its properties.
func (e *Engine) Properties(img []byte) (int, Properties, error) {
	var n int
	var props Properties
	err := e.withFaces(context.Background(), img, func(mat gocv.Mat, faces []capface.Detection) error {
		if n = len(faces); n != 1 {
			return nil
		}
		box := faces[0].Box
		age, err := e.attrs.Age(mat, box)
		if err != nil {
			return err
		}
		g, err := e.attrs.Gender(mat, box)
		if err != nil {
			return err
		}
		ex, err := e.attrs.Expression(mat, box)
		if err != nil {
			return err
		}
		props = Properties{Age: int(age + 0.5), Gender: capface.GenderLabel(g), Emotions: capface.Expressions(ex, 0.2)}
		return nil
	})
	return n, props, err
}
