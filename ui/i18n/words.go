package i18n

import "biokiosk/flow"

// The kiosk's words for flow's vocabulary. Each look-up takes the typed
// value and builds its translation key in this one place; a test checks
// that every constant has its words in every language.

// CodeText is the sentence for a failure code ("error.<code>"), and
// whether there is one.
func (t *Translator) CodeText(c flow.Code) (string, bool) {
	key := "error." + string(c)
	if c == "" || !t.Has(key) {
		return "", false
	}
	return t.T(key), true
}

// OutcomeText is what a person reads about how r ended: the outcome's
// words ("result.<outcome>"), those of r's flow when it has its own
// ("result.<flow>.<outcome>"), and, with a voice step, those saying what
// the voice step did ("result.<flow>.<outcome>.voice.<result>").
func (t *Translator) OutcomeText(r flow.Result) string {
	text := t.T("result." + string(r.Outcome))
	key := "result." + string(r.Flow) + "." + string(r.Outcome)
	if t.Has(key) {
		text = t.T(key)
	}
	if v := stepResult(r, flow.StepVoice); v != "" && t.Has(key+".voice."+string(v)) {
		text = t.T(key + ".voice." + string(v))
	}
	return text
}

// RefusalText says why a voice sample was refused ("reason.<code>"), or
// that it was not clear.
func (t *Translator) RefusalText(c flow.Code) string {
	if key := "reason." + string(c); c != "" && t.Has(key) {
		return t.T(key)
	}
	return t.T("reason.other")
}

// DeletionText is the label of a staff deletion ("staff.delete_<kind>").
func (t *Translator) DeletionText(k flow.DeletionKind) string {
	return t.T("staff.delete_" + string(k))
}

// OutOfServiceText says, for staff, why the kiosk's self-check failed
// ("oos.<code>", formatted with args), or that it cannot take customers.
func (t *Translator) OutOfServiceText(c flow.Code, args ...any) string {
	if key := "oos." + string(c); c != "" && t.Has(key) {
		return t.T(key, args...)
	}
	return t.T("oos.other")
}

// stepResult is the result of step in r ("" when it did not run).
func stepResult(r flow.Result, step flow.Step) flow.StepResult {
	for _, s := range r.Steps {
		if s.Step == step {
			return s.Result
		}
	}
	return ""
}
