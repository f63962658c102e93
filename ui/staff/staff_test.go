package staff

import (
	"testing"

	"biokiosk/assets"
	"biokiosk/flow"
	"biokiosk/internal/testkit/uitest"
	"biokiosk/internal/testkit/uitest/fakes"
	"biokiosk/ui/core"
	"biokiosk/ui/i18n"
	"biokiosk/ui/widgets"

	"fyne.io/fyne/v2/test"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func staffTabs(t *testing.T, caps flow.Capabilities) []string {
	t.Helper()
	a := test.NewApp()
	t.Cleanup(a.Quit)
	tr, err := i18n.NewTranslator(assets.Translations, "en")
	require.NoError(t, err)
	s := New(a.NewWindow("t"), uitest.Inline, fakes.Services{Caps: caps}, tr, core.NewSettings(a.Preferences(), uitest.NopStore{}), nil)
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

// Replacing is a staff decision offered on exactly the results that need
// it: a taken customer number (delete the old enrolment first) and a face
// the provider already holds for the registration (Verifik).
func TestStaffReplacementsAreOfferedWhereTheyApply(t *testing.T) {
	a := test.NewApp()
	t.Cleanup(a.Quit)
	tr, err := i18n.NewTranslator(assets.Translations, "en")
	require.NoError(t, err)
	s := New(a.NewWindow("t"), uitest.Inline, fakes.Services{Caps: flow.AllCapabilities}, tr, core.NewSettings(a.Preferences(), uitest.NopStore{}), nil)
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
