package i18n

import (
	"strings"
	"testing"

	"biokiosk/assets"
	"biokiosk/flow"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Every code, outcome and deletion kind of flow's vocabulary has its
// words in every language, and every key that names a code, an outcome
// a flow or a step result names one flow has (none is left behind by a rename).
func TestEveryFlowWordIsTranslated(t *testing.T) {
	tr, err := NewTranslator(assets.Translations, "en")
	require.NoError(t, err)
	var keys []string
	for _, c := range flow.Codes() {
		keys = append(keys, "error."+string(c))
	}
	for _, o := range flow.Outcomes() {
		keys = append(keys, "result."+string(o))
	}
	for _, k := range flow.DeletionKinds() {
		keys = append(keys, "staff.delete_"+string(k))
	}
	for _, l := range Languages {
		require.Contains(t, tr.texts, l)
		for _, k := range keys {
			assert.NotEmpty(t, tr.texts[l][k], "%s: %s", l, k)
		}
	}

	codes := map[string]bool{"tip": true} // error.tip frames a guidance hint
	for _, c := range flow.Codes() {
		codes[string(c)] = true
	}
	outcomes := map[string]bool{}
	for _, o := range flow.Outcomes() {
		outcomes[string(o)] = true
	}
	flows := map[string]bool{}
	for _, f := range flow.FlowNames() {
		flows[string(f)] = true
	}
	results := map[string]bool{}
	for _, r := range flow.StepResults() {
		results[string(r)] = true
	}
	for key := range tr.texts["en"] {
		if c, ok := strings.CutPrefix(key, "error."); ok {
			assert.True(t, codes[c], "%s names no flow.Code", key)
		}
		rest, ok := strings.CutPrefix(key, "result.")
		if !ok {
			continue
		}
		parts := strings.Split(rest, ".") // OUTCOME, or flow.OUTCOME[.voice.result]
		switch {
		case len(parts) == 1 && strings.ToUpper(parts[0]) == parts[0]:
			assert.True(t, outcomes[parts[0]], "%s names no flow.Outcome", key)
		case len(parts) >= 2:
			assert.True(t, flows[parts[0]], "%s names no flow.FlowName", key)
			assert.True(t, outcomes[parts[1]], "%s names no flow.Outcome", key)
			if len(parts) == 4 {
				assert.Equal(t, "voice", parts[2], key)
				assert.True(t, results[parts[3]], "%s names no flow.StepResult", key)
			}
		}
	}
}

// The look-ups by type build the keys the translations hold.
func TestWordsByType(t *testing.T) {
	tr, err := NewTranslator(assets.Translations, "es")
	require.NoError(t, err)
	text, ok := tr.CodeText(flow.CodeCameraFailed)
	assert.True(t, ok)
	assert.Equal(t, tr.T("error.CAMERA_FAILED"), text)
	_, ok = tr.CodeText("USERID_NOT_EXISTS")
	assert.False(t, ok, "a server's code without words of the kiosk's")
	assert.Equal(t, tr.T("reason.TOO_QUIET"), tr.RefusalText("TOO_QUIET"))
	assert.Equal(t, tr.T("reason.other"), tr.RefusalText("SOMETHING_NEW"))
	assert.Equal(t, "Borrar voz", tr.DeletionText(flow.DeleteVoice))
	assert.Equal(t, tr.T("oos.other"), tr.OutOfServiceText(flow.CodeDeviceBusy))
	r := flow.Result{Flow: flow.FlowVerify, Outcome: flow.OutcomeVerified,
		Steps: []flow.StepReport{{Step: flow.StepVoice, Result: flow.ResultSkippedNotEnrolled}}}
	assert.Equal(t, tr.T("result.verify.VERIFIED.voice.skipped_not_enrolled"), tr.OutcomeText(r))
	r.Steps = nil
	assert.Equal(t, tr.T("result.verify.VERIFIED"), tr.OutcomeText(r))
	r.Flow = flow.FlowIdentify
	assert.Equal(t, tr.T("result.VERIFIED"), tr.OutcomeText(r))
}
