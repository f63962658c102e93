package voice

import (
	"os"
	"testing"

	"biokiosk/capture/audio"
	"biokiosk/internal/testfiles"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func clipOf(t *testing.T, name string) audio.Clip {
	f, err := os.Open(testfiles.Path(t, "voice", name))
	require.NoError(t, err)
	defer f.Close()
	c, err := audio.DecodeWAV(f)
	require.NoError(t, err)
	return c
}

// The engine separates the two speakers of the test recordings: 5 s
// segments against a 3-segment template (measured: genuine 0.675–0.814,
// impostor 0.563–0.678).
func TestVoiceprintSeparatesSpeakers(t *testing.T) {
	e := New()
	en, de := clipOf(t, "en.wav"), clipOf(t, "de.wav")
	seg := func(c audio.Clip, i int) []float32 {
		v, ok := e.Voiceprint(t.Context(), c.Slice(i*5*16000, (i+1)*5*16000))
		require.True(t, ok)
		return v
	}
	var ens, des [][]float32
	for i := 0; i < 10; i++ {
		ens = append(ens, seg(en, i))
		des = append(des, seg(de, i))
	}
	tmplEN, tmplDE := Mean(ens[:3]), Mean(des[:3])
	accepted, falseAccepts := 0, 0
	for i := 3; i < 10; i++ {
		for _, s := range []float64{Similarity(ens[i], tmplEN), Similarity(des[i], tmplDE)} {
			if s >= Threshold {
				accepted++
			}
		}
		for _, s := range []float64{Similarity(ens[i], tmplDE), Similarity(des[i], tmplEN)} {
			if s >= Threshold {
				falseAccepts++
			}
		}
	}
	assert.GreaterOrEqual(t, accepted, 12, "of 14 genuine")
	assert.Zero(t, falseAccepts, "of 14 impostor")
	_, ok := e.Voiceprint(t.Context(), audio.Clip{Rate: 16000, Samples: make([]int16, 16000)})
	assert.False(t, ok, "silence has no voiceprint")
}
