package cli

import (
	"errors"

	"biokiosk/flow"
	"biokiosk/internal/app"
	"biokiosk/records"
)

// exitFailed ends a flow command, sessions or cleanup that failed
// (docs/configuration.md); exitRefused (1, a negative answer alone) and
// exitUsage (2) are as 'biokiosk api”s.
const exitFailed = 3

// usageError marks a bad option value (exit 2, code BAD_REQUEST).
type usageError struct{ err error }

func (u usageError) Error() string { return u.err.Error() }
func (u usageError) Unwrap() error { return u.err }

// errorCode is the stable code of an error that ended a command before
// (or instead of) its flow.
func errorCode(err error) flow.Code {
	var fe *flow.Error
	var ue usageError
	switch {
	case errors.As(err, &ue):
		return flow.CodeBadRequest
	case errors.As(err, &fe):
		return fe.Code
	case errors.Is(err, records.ErrUnavailable):
		return flow.CodeDirectory
	case errors.Is(err, app.ErrNoMicrophone):
		return flow.CodeMicUnavailable
	case errors.Is(err, app.ErrNoDocumentCheck), errors.Is(err, app.ErrNotSupported):
		return flow.CodeNotSupported
	case errors.Is(err, app.ErrNoServer):
		// As the kiosk's self-check and /healthz: nothing was asked of
		// any server, so it is not SERVER_UNREACHABLE.
		return flow.CodeServerNotConfigured
	}
	// A configuration the App refused, without a code of its own.
	return flow.CodeSetupFailed
}

// failFlow ends a command whose flow could not run: the error goes to
// the log and, with --json, to stdout as the command's one JSON object
// (a FAILED result with the error's code); the exit code is 2 for a bad
// option, else 3 (never 1, kept for refusals).
func failFlow(st *stdio, name string, err error) int {
	logErr(st, name, err)
	code := errorCode(err)
	if st.json {
		res := flow.Result{Flow: flow.FlowName(name), Outcome: flow.OutcomeFailed, Steps: []flow.StepReport{},
			Error: &flow.Error{Code: code, Detail: err.Error()}}
		_ = printJSON(st.out, res, true)
	}
	if code == flow.CodeBadRequest {
		return exitUsage
	}
	return exitFailed
}

// failJSON ends a command (sessions, cleanup) on an error: logged, and
// with --json printed as {"ok": false, "error": {"code", "detail"}};
// exit code 3.
func failJSON(st *stdio, name string, err error) int {
	logErr(st, name, err)
	if st.json {
		_ = printJSON(st.out, map[string]any{"ok": false, "error": map[string]string{"code": string(errorCode(err)), "detail": err.Error()}}, true)
	}
	return exitFailed
}
