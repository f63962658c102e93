package staff

import (
	"testing"

	"biokiosk/assets"
	"biokiosk/capture/face/faceresult"
	"biokiosk/ui/i18n"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestFiguresLine(t *testing.T) {
	tr, err := i18n.NewTranslator(assets.Translations, "en")
	require.NoError(t, err)
	a := &faceresult.Analysis{Width: 640, Height: 480, Guidance: faceresult.NoFace}
	assert.Equal(t, "640×480 px · no face", Figures(tr, a))
	a = &faceresult.Analysis{Width: 640, Height: 480, Faces: make([]faceresult.Detection, 1), Score: 91.4, IED: 110, Guidance: faceresult.OK,
		Pose: faceresult.Pose{Yaw: 2, Pitch: -3, Roll: 1}, Eyes: faceresult.EyeState{OpenLeft: 1, OpenRight: 1}}
	assert.Contains(t, Figures(tr, a), "faces: 1 · quality 91/100 · eye distance 110 px · turn +2°, tilt -3°, roll +1° · eyes open")
}
