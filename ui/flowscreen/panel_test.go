package flowscreen

import (
	"image"
	"image/color"
	"testing"
	"time"

	"biokiosk/assets"
	"biokiosk/capture/preview"
	"biokiosk/flow"
	"biokiosk/internal/testkit/uitest"
	"biokiosk/internal/testkit/uitest/fakes"
	"biokiosk/ui/core"
	"biokiosk/ui/i18n"
	"biokiosk/ui/widgets"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// On the document screen, in the test driver's window: the picture is
// drawn under the ID card's frame, and the frame's band fills as the
// dwell runs (widgets.TestDocPreviewDrawsTheFrameOverThePicture checks
// the pixels).
func TestDocumentScreenDrawsTheFrameOverThePicture(t *testing.T) {
	a := test.NewApp()
	t.Cleanup(a.Quit)
	tr, err := i18n.NewTranslator(assets.Translations, "en")
	require.NoError(t, err)
	p := New(uitest.Inline, fakes.Services{Caps: flow.AllCapabilities}, tr, core.NewSettings(a.Preferences(), uitest.NopStore{}), nil, ModeDocument)
	p.run.Document = flow.DocIDCard
	w := test.NewWindow(p.Root())
	t.Cleanup(w.Close)
	w.Resize(fyne.NewSize(800, 600))

	p.Event(flow.StepEntered{Step: flow.StepDocumentFront})
	p.DocPreview().Push(&preview.Document{Image: image.NewRGBA(image.Rect(0, 0, 640, 480))})
	assert.EqualValues(t, 1, p.DocPreview().Frames())
	p.Event(flow.DocumentGuidance{Side: flow.SideFront, Code: "OK", Found: true, Countdown: time.Second})
	p.Event(flow.DocumentGuidance{Side: flow.SideFront, Code: "OK", Found: true, Countdown: 300 * time.Millisecond})
	assert.Equal(t, "Hold still", p.docGuide.Text)
	col, progress := p.DocPreview().State()
	assert.Equal(t, widgets.OvalGood, col)
	assert.InDelta(t, 0.7, progress, 1e-9, "70 % of the dwell")
	assert.Positive(t, p.DocPreview().Size().Width, "the preview is on screen")
}

func TestDocumentFieldsSummary(t *testing.T) {
	got := documentFields(map[string]string{"surnames": "ERIKSSON", "names": "ANNA MARIA", "doc_number": "L898902C3", "mrz.line0": "P<UTO…"})
	assert.Equal(t, "surnames ERIKSSON · names ANNA MARIA · doc_number L898902C3", got)
}

// The document screens follow the flow's document events.
func TestPanelShowsTheDocumentSteps(t *testing.T) {
	a := test.NewApp()
	t.Cleanup(a.Quit)
	tr, err := i18n.NewTranslator(assets.Translations, "pt-PT")
	require.NoError(t, err)
	p := New(uitest.Inline, fakes.Services{Caps: flow.AllCapabilities}, tr, core.NewSettings(a.Preferences(), uitest.NopStore{}), nil, ModeDocument)
	p.run.Document = flow.DocIDCard

	p.Event(flow.StepEntered{Step: flow.StepDocumentFront})
	assert.Equal(t, ScreenDocument, p.Screen())
	p.Event(flow.DocumentGuidance{Side: flow.SideFront, Code: "GLARE", Found: true})
	assert.Equal(t, "Há um reflexo: incline ligeiramente o documento", p.docGuide.Text)
	assert.Equal(t, widgets.OvalSearching, p.docGuide.Color)
	assert.Equal(t, widgets.OvalSearching, frameColor(p), "the frame's outline follows the state")
	assert.Zero(t, frameProgress(p))

	// The gate holds: one short instruction, no number, and the frame's
	// band fills over the dwell.
	for _, left := range []time.Duration{time.Second, 600 * time.Millisecond, 250 * time.Millisecond} {
		p.Event(flow.DocumentGuidance{Side: flow.SideFront, Code: "OK", Found: true, Countdown: left})
		assert.Equal(t, "Não se mexa", p.docGuide.Text)
		assert.NotRegexp(t, `[0-9]`, p.docGuide.Text, "no countdown in numbers")
		assert.NotContains(t, p.docGuide.Text, ",")
		assert.Equal(t, widgets.OvalGood, p.docGuide.Color)
		assert.Equal(t, widgets.OvalGood, frameColor(p))
		assert.InDelta(t, 1-left.Seconds(), frameProgress(p), 1e-9, "the band follows the countdown (%v left)", left)
	}
	p.Event(flow.DocumentGuidance{Side: flow.SideFront, Code: "HOLD_STILL", Found: true})
	assert.Zero(t, frameProgress(p), "the dwell broke: the band empties")
	assert.Equal(t, widgets.OvalSearching, frameColor(p))
	p.Event(flow.DocumentGuidance{Side: flow.SideFront, Code: "OK", Found: true, Countdown: 500 * time.Millisecond})
	assert.Zero(t, frameProgress(p), "a new dwell starts empty")
	p.Event(flow.DocumentGuidance{Side: flow.SideFront, Code: "NO_DOCUMENT"})
	assert.Equal(t, widgets.OvalNoFace, frameColor(p))
	assert.Zero(t, frameProgress(p))

	p.Event(flow.StepEntered{Step: flow.StepDocumentCheck})
	assert.Equal(t, ScreenWorking, p.Screen())
	p.Event(flow.SampleRefused{Step: flow.StepDocumentCheck, Reason: "DOCUMENT_VALIDATION_FAILED"})
	p.Event(flow.StepEntered{Step: flow.StepDocumentFront})
	assert.Equal(t, "Não conseguimos ler o documento: DOCUMENT_VALIDATION_FAILED. Mostre-o novamente.", p.docStatus.Text)

	p.Event(flow.DocumentRead{Kind: flow.DocIDCard, Fields: map[string]string{"surnames": "ERIKSSON"}})
	p.Finish(flow.Result{Flow: "check_document", Outcome: flow.OutcomeVerified})
	assert.Equal(t, ScreenResult, p.Screen())
	assert.True(t, uitest.HasLabel(p.Root(), "O seu documento é válido e corresponde ao seu rosto.\nLido do documento: surnames ERIKSSON"))
}

// frameColor and frameProgress are the document frame's state.
func frameColor(p *Panel) color.Color { c, _ := p.DocPreview().State(); return c }
func frameProgress(p *Panel) float64  { _, v := p.DocPreview().State(); return v }

func TestFrequentProblem(t *testing.T) {
	assert.Equal(t, "MOVE_CLOSER", string(frequentProblem("CAPTURE_TIMEOUT: no compliant photo after 9 frames; most frequent problem MOVE_CLOSER")))
	assert.Empty(t, frequentProblem("timeout"))
}

// The voice step says which sample this is and of how many, in the
// person's language; a refused sample keeps its number; with no total
// known, or once the count has passed it, only the number.
func TestVoiceSampleOfTotal(t *testing.T) {
	a := test.NewApp()
	t.Cleanup(a.Quit)
	tr, err := i18n.NewTranslator(assets.Translations, "en")
	require.NoError(t, err)
	do, wait := uitest.SerialLoop(t)
	var k *Panel
	wait(func() {
		k = New(do, fakes.Services{Caps: flow.AllCapabilities}, tr, core.NewSettings(a.Preferences(), uitest.NopStore{}), nil, ModeRegister)
	})
	sample := func(events ...flow.Event) (text string) {
		wait(func() {
			for _, e := range events {
				k.Event(e)
			}
			text = k.attempt.Text
		})
		return text
	}
	prompt := func(attempt, n, of int) flow.PromptToRead {
		return flow.PromptToRead{Prompt: flow.Prompt{Code: "4719"}, Attempt: attempt, Sample: n, Of: of}
	}

	assert.Equal(t, "Sample 1 of 3", sample(flow.StepEntered{Step: flow.StepVoice}, prompt(1, 1, 3)))
	assert.Equal(t, "Sample 2 of 3", sample(flow.SampleAccepted{Step: flow.StepVoice, Attempt: 1}, prompt(2, 2, 3)))
	assert.Equal(t, "Sample 2 of 3", sample(flow.SampleRefused{Step: flow.StepVoice, Attempt: 2, Reason: "TOO_QUIET"}, prompt(3, 2, 3)),
		"a refused sample is said again under the same number")
	assert.Equal(t, "Sample 4", sample(prompt(6, 4, 0)), "past the total the flow drops it: no wrong total")
	assert.Equal(t, "Sample 2", sample(prompt(2, 2, 0)), "the total unknown")

	wait(func() { tr.SetLanguage("pt-BR") })
	assert.Equal(t, "Amostra 2 de 3", sample(flow.StepEntered{Step: flow.StepVoice}, prompt(3, 2, 3)))
	assert.Equal(t, "Amostra 2", sample(prompt(2, 2, 0)))
	assert.Equal(t, "Amostra 1.000 de 1.200", sample(prompt(1000, 1000, 1200)), "numbers in the language's style")
}

// The lines naming a result's users (Room.ResultWho) are shown under the
// result, for that result only.
func TestResultWhoLinesShowUnderThatResultOnly(t *testing.T) {
	a := test.NewApp()
	t.Cleanup(a.Quit)
	tr, err := i18n.NewTranslator(assets.Translations, "pt-BR")
	require.NoError(t, err)
	p := New(uitest.Inline, fakes.Services{Caps: flow.AllCapabilities}, tr, core.NewSettings(a.Preferences(), uitest.NopStore{}), nil, ModeRegister)
	p.who = []string{"Pessoa: usuário u-1 (número de cliente 770)"}
	p.Finish(flow.Result{Flow: "enroll", Outcome: flow.OutcomeEnrolled, UserID: "u-1"})
	assert.True(t, uitest.HasLabel(p.Root(), "Pessoa: usuário u-1 (número de cliente 770)"))
	p.Finish(flow.Result{Flow: "enroll", Outcome: flow.OutcomeFailed, Error: &flow.Error{Code: flow.CodeCaptureTimeout}})
	assert.False(t, uitest.ContainsLabel(p.Root(), "u-1"))
}
