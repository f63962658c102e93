//go:build devtools

package cli

import (
	"fmt"
	"image"

	"biokiosk/capture/document"
	"biokiosk/capture/document/docresult"
	"biokiosk/flow"
	"biokiosk/internal/testkit/docsynth"

	"gocv.io/x/gocv"
)

// shotDocuments draws, for the screenshot walk, what the document camera
// would show at each document shot: a synthetic ID card (docsynth) on a
// desk, its front with the portrait at portraitPath (the walk's camera
// picture, so the card is the person's), its back with its MRZ, with a
// reflection for GLARE and turned away for ALIGN, each with what the
// kiosk's document analysis finds in it (the edges the screen draws). A
// developer tool: the pictures live in memory and only the screenshots
// show them.
func shotDocuments(portraitPath string) (func(flow.DocSide, string) (*image.RGBA, docresult.Analysis), error) {
	pic := gocv.IMRead(portraitPath, gocv.IMReadColor) // empty for a video or a device
	defer pic.Close()
	var portrait *gocv.Mat // nil: docsynth draws a silhouette
	if !pic.Empty() {
		// The middle of the picture at the card's portrait shape (260×330).
		w := min(pic.Cols(), pic.Rows()*260/330)
		h := min(pic.Rows(), w*330/260)
		crop := pic.Region(image.Rect((pic.Cols()-w)/2, (pic.Rows()-h)/2, (pic.Cols()+w)/2, (pic.Rows()+h)/2))
		defer crop.Close()
		portrait = &crop
	}
	bg := docsynth.Background(1280, 720, 11)
	defer bg.Close()
	an, err := document.NewAnalyzer(document.IDCard, document.DefaultConfig())
	if err != nil {
		return nil, fmt.Errorf("screenshots: document analyzer: %w", err)
	}
	defer an.Close()
	type shot struct {
		img *image.RGBA
		a   docresult.Analysis
	}
	frames := map[string]shot{}
	for _, sc := range []struct {
		side flow.DocSide
		code string
		pose docsynth.Pose
	}{
		{flow.SideFront, "GLARE", docsynth.Pose{CX: 0.5, CY: 0.5, Width: 0.62, Roll: -3}},
		{flow.SideFront, "OK", docsynth.Pose{CX: 0.5, CY: 0.5, Width: 0.66, Roll: -1.5}},
		{flow.SideBack, "ALIGN", docsynth.Pose{CX: 0.5, CY: 0.5, Width: 0.6, Roll: 6, TiltY: 20}},
		{flow.SideBack, "OK", docsynth.Pose{CX: 0.5, CY: 0.5, Width: 0.66, Roll: 1}},
	} {
		an.Reset()
		img, a, err := shotDocument(bg, portrait, an, sc.side, sc.code, sc.pose)
		if err != nil {
			return nil, err
		}
		frames[string(sc.side)+"/"+sc.code] = shot{img, a}
	}
	return func(side flow.DocSide, code string) (*image.RGBA, docresult.Analysis) {
		f := frames[string(side)+"/"+code]
		return f.img, f.a
	}, nil
}

// shotDocument is one scene as an RGBA picture, with an's analysis of it.
func shotDocument(bg gocv.Mat, portrait *gocv.Mat, an *document.Analyzer, side flow.DocSide, code string, pose docsynth.Pose) (*image.RGBA, docresult.Analysis, error) {
	card, err := docsynth.NewCard(docsynth.CardOptions{Width: 856, Height: 540, Back: side == flow.SideBack, Seed: 18, Portrait: portrait, CornerRadius: 32})
	if err != nil {
		return nil, docresult.Analysis{}, fmt.Errorf("screenshots: draw the document: %w", err)
	}
	defer card.Close()
	frame, _ := docsynth.Scene(bg, card, pose)
	defer frame.Close()
	if code == "GLARE" {
		docsynth.Glare(&frame, image.Pt(frame.Cols()*3/5, frame.Rows()*2/5), image.Pt(70, 40))
	}
	a, err := an.Analyze(frame)
	if err != nil {
		return nil, a, fmt.Errorf("screenshots: analyse the document: %w", err)
	}
	rgba := gocv.NewMat()
	defer rgba.Close()
	gocv.CvtColor(frame, &rgba, gocv.ColorBGRToRGBA)
	px, err := rgba.DataPtrUint8()
	if err != nil {
		return nil, a, fmt.Errorf("screenshots: the document's pixels: %w", err)
	}
	img := image.NewRGBA(image.Rect(0, 0, rgba.Cols(), rgba.Rows()))
	copy(img.Pix, px)
	return img, a, nil
}
