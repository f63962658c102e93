package ui

import (
	"context"
	"image/color"
	"strings"
	"testing"
	"time"

	"biokiosk/assets"
	"biokiosk/capture/preview"
	"biokiosk/flow"
	"biokiosk/ui/core"
	"biokiosk/ui/i18n"
	"biokiosk/ui/internal/uitest"
	"biokiosk/ui/widgets"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// capsServices is a Services that reports fixed capabilities; the tabs
// under test never start a session.
type capsServices struct{ caps flow.Capabilities }

func (c capsServices) NewRunner(Session) (*flow.Runner, func(), error) {
	return nil, nil, context.Canceled
}
func (c capsServices) Capabilities() flow.Capabilities { return c.caps }
func (c capsServices) EnrollStatus(context.Context, string) (flow.EnrollStatus, error) {
	return flow.EnrollStatus{}, nil
}
func (c capsServices) ResolveCustomerNumber(context.Context, string) (string, bool, error) {
	return "", false, nil
}
func (c capsServices) CustomerNumber(context.Context, string) (string, bool, error) {
	return "", false, nil
}
func (c capsServices) Delete(context.Context, flow.DeletionKind, string) error { return nil }
func (c capsServices) CheckServer(context.Context) (ServerCheck, error) {
	return ServerCheck{}, nil
}
func (c capsServices) SelfCheck(context.Context, Session) error { return nil }
func (c capsServices) CameraTest(context.Context, string, func(*preview.Face)) error {
	return nil
}
func (c capsServices) MicTest(context.Context, string, func(flow.Level)) (flow.VoiceSample, error) {
	return flow.VoiceSample{}, nil
}

func staffTabs(t *testing.T, caps flow.Capabilities) []string {
	t.Helper()
	a := test.NewApp()
	t.Cleanup(a.Quit)
	tr, err := i18n.NewTranslator(assets.Translations, "en")
	require.NoError(t, err)
	s := NewStaff(a.NewWindow("t"), inline, capsServices{caps}, tr, core.NewSettings(a.Preferences(), uitest.NopStore{}), nil)
	var names []string
	for _, it := range s.Tabs.Items {
		names = append(names, it.Text)
	}
	return names
}

// The staff app offers only the steps the configured back end supports.
func TestStaffTabsFollowTheBackendsCapabilities(t *testing.T) {
	all := staffTabs(t, flow.AllCapabilities)
	assert.Equal(t, []string{"Register", "Verify", "Identify", "Adapt", "Document", "Look up", "Diagnostics", "Settings"}, all)

	none := staffTabs(t, flow.Capabilities{})
	assert.Equal(t, []string{"Register", "Verify", "Adapt", "Look up", "Diagnostics", "Settings"}, none)
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
	p := newPanel(inline, capsServices{flow.AllCapabilities}, tr, core.NewSettings(a.Preferences(), uitest.NopStore{}), nil, ModeDocument)
	p.run.document = flow.DocIDCard

	p.event(flow.StepEntered{Step: flow.StepDocumentFront})
	assert.Equal(t, ScreenDocument, p.Screen())
	p.event(flow.DocumentGuidance{Side: flow.SideFront, Code: "GLARE", Found: true})
	assert.Equal(t, "Há um reflexo: incline ligeiramente o documento", p.docGuide.Text)
	assert.Equal(t, widgets.OvalSearching, p.docGuide.Color)
	assert.Equal(t, widgets.OvalSearching, frameColor(p), "the frame's outline follows the state")
	assert.Zero(t, frameProgress(p))

	// The gate holds: one short instruction, no number, and the frame's
	// band fills over the dwell.
	for _, left := range []time.Duration{time.Second, 600 * time.Millisecond, 250 * time.Millisecond} {
		p.event(flow.DocumentGuidance{Side: flow.SideFront, Code: "OK", Found: true, Countdown: left})
		assert.Equal(t, "Não se mexa", p.docGuide.Text)
		assert.NotRegexp(t, `[0-9]`, p.docGuide.Text, "no countdown in numbers")
		assert.NotContains(t, p.docGuide.Text, ",")
		assert.Equal(t, widgets.OvalGood, p.docGuide.Color)
		assert.Equal(t, widgets.OvalGood, frameColor(p))
		assert.InDelta(t, 1-left.Seconds(), frameProgress(p), 1e-9, "the band follows the countdown (%v left)", left)
	}
	p.event(flow.DocumentGuidance{Side: flow.SideFront, Code: "HOLD_STILL", Found: true})
	assert.Zero(t, frameProgress(p), "the dwell broke: the band empties")
	assert.Equal(t, widgets.OvalSearching, frameColor(p))
	p.event(flow.DocumentGuidance{Side: flow.SideFront, Code: "OK", Found: true, Countdown: 500 * time.Millisecond})
	assert.Zero(t, frameProgress(p), "a new dwell starts empty")
	p.event(flow.DocumentGuidance{Side: flow.SideFront, Code: "NO_DOCUMENT"})
	assert.Equal(t, widgets.OvalNoFace, frameColor(p))
	assert.Zero(t, frameProgress(p))

	p.event(flow.StepEntered{Step: flow.StepDocumentCheck})
	assert.Equal(t, ScreenWorking, p.Screen())
	p.event(flow.SampleRefused{Step: flow.StepDocumentCheck, Reason: "DOCUMENT_VALIDATION_FAILED"})
	p.event(flow.StepEntered{Step: flow.StepDocumentFront})
	assert.Equal(t, "Não conseguimos ler o documento: DOCUMENT_VALIDATION_FAILED. Mostre-o novamente.", p.docStatus.Text)

	p.event(flow.DocumentRead{Kind: flow.DocIDCard, Fields: map[string]string{"surnames": "ERIKSSON"}})
	p.finish(flow.Result{Flow: "check_document", Outcome: flow.OutcomeVerified})
	assert.Equal(t, ScreenResult, p.Screen())
	assert.True(t, hasLabel(p.root, "O seu documento é válido e corresponde ao seu rosto.\nLido do documento: surnames ERIKSSON"))
}

// hasLabel says whether a label under obj shows text.
func hasLabel(obj fyne.CanvasObject, text string) bool {
	return anyLabel(obj, func(l string) bool { return l == text })
}

// containsLabel says whether a label under obj holds sub.
func containsLabel(obj fyne.CanvasObject, sub string) bool {
	return anyLabel(obj, func(l string) bool { return strings.Contains(l, sub) })
}

// anyLabel says whether the text of a label under obj (in containers,
// not in widgets' renderers) satisfies ok.
func anyLabel(obj fyne.CanvasObject, ok func(string) bool) bool {
	switch o := obj.(type) {
	case *widget.Label:
		return ok(o.Text)
	case *fyne.Container:
		for _, c := range o.Objects {
			if anyLabel(c, ok) {
				return true
			}
		}
	}
	return false
}

// Replacing is a staff decision offered on exactly the results that need
// it: a taken customer number (delete the old enrolment first) and a face
// the provider already holds for the registration (Verifik).
func TestStaffReplacementsAreOfferedWhereTheyApply(t *testing.T) {
	a := test.NewApp()
	t.Cleanup(a.Quit)
	tr, err := i18n.NewTranslator(assets.Translations, "en")
	require.NoError(t, err)
	s := NewStaff(a.NewWindow("t"), inline, capsServices{flow.AllCapabilities}, tr, core.NewSettings(a.Preferences(), uitest.NopStore{}), nil)
	label := func(r flow.Result) string {
		o := s.replaceButton(r)
		if o == nil {
			return ""
		}
		return o.(*widgets.Button).Text
	}
	assert.Equal(t, "Replace the existing enrolment", label(flow.Result{Outcome: flow.OutcomeAlreadyRegistered, CustomerNumber: "7", UserID: "u"}))
	assert.Equal(t, "Replace the face at the provider", label(flow.Result{Outcome: flow.OutcomeFailed, CustomerNumber: "7",
		Error: &flow.Error{Code: flow.CodePersonAlreadySet}}))
	assert.Empty(t, label(flow.Result{Outcome: flow.OutcomeFailed, Error: &flow.Error{Code: flow.CodeCaptureTimeout}}))
	assert.Empty(t, label(flow.Result{Outcome: flow.OutcomeAlreadyRegistered, CustomerNumber: "7"}), "no owner known: nothing to replace")
}

// frameColor and frameProgress are the document frame's state.
func frameColor(p *panel) color.Color { c, _ := p.docPreview.State(); return c }
func frameProgress(p *panel) float64  { _, v := p.docPreview.State(); return v }
