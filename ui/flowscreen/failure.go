package flowscreen

import (
	"errors"
	"image"
	"image/draw"
	"log/slog"
	"strings"

	"biokiosk/capture/face/faceresult"
	"biokiosk/flow"
	"biokiosk/logging"
)

// retryable are the failure codes for which trying again can help: the
// person's pose or voice, a passing network or server problem, time.
var retryable = map[flow.Code]bool{
	flow.CodeCaptureTimeout: true, flow.CodeFaceAttempts: true, flow.CodeVoiceAttempts: true,
	flow.CodeLivenessFailed: true, flow.CodeServerUnreachable: true, flow.CodeServerError: true,
	flow.CodeIdleTimeout: true, flow.CodeCancelled: true, flow.CodeDirectory: true, flow.CodeFlowDeadline: true,
	flow.CodeDocumentAttempts: true, flow.CodeDocumentInvalid: true, flow.CodeNoPortrait: true,
	flow.CodeFaceMismatch: true, flow.CodeDeviceBusy: true,
	flow.CodeRateLimited: true, flow.CodeRepeatRequest: true,
}

// SetupError is the *flow.Error of a runner that could not be built:
// the composition's own when it has one (CAMERA_UNAVAILABLE, …), else
// flow.CodeSetupFailed with the error as detail.
func SetupError(err error) *flow.Error {
	var fe *flow.Error
	if errors.As(err, &fe) {
		return fe
	}
	return &flow.Error{Code: flow.CodeSetupFailed, Detail: err.Error()}
}

// failureText is what a person reads about a failed flow, in their
// language: what happened and what to do (never the technical detail,
// which goes to the log), and whether Try again is offered.
func (p *Panel) failureText(e *flow.Error) (text string, retry bool) {
	if e == nil {
		e = &flow.Error{Code: flow.CodeInternal}
	}
	// The code and the step, not the detail: a server's detail may name
	// the person's ids.
	slog.Warn("flow failed", "mode", p.mode, logging.Code, e.Code, logging.Step, string(e.Step))
	text, ok := p.tr.CodeText(e.Code)
	if !ok {
		text = p.tr.OutcomeText(flow.Result{Outcome: flow.OutcomeFailed})
	}
	if e.Code == flow.CodeCaptureTimeout {
		if r := frequentProblem(e.Detail); r != "" && r != faceresult.OK && p.tr.Has("guidance."+string(r)) {
			text += " " + p.tr.T("error.tip", p.tr.T("guidance."+string(r)))
		}
	}
	return text, retryable[e.Code]
}

// frequentProblem reads the most frequent guidance code from a
// CAPTURE_TIMEOUT detail ("…; most frequent problem MOVE_CLOSER").
func frequentProblem(detail string) faceresult.Code {
	const marker = "most frequent problem "
	i := strings.LastIndex(detail, marker)
	if i < 0 {
		return ""
	}
	code := strings.Fields(detail[i+len(marker):])
	if len(code) == 0 {
		return ""
	}
	return faceresult.Code(strings.Trim(code[0], ".,;:()"))
}

// mirror is img flipped left to right (the review shows the photo as the
// mirrored preview did).
func mirror(img image.Image) image.Image {
	b := img.Bounds()
	out := image.NewRGBA(image.Rect(0, 0, b.Dx(), b.Dy()))
	draw.Draw(out, out.Bounds(), img, b.Min, draw.Src)
	w := b.Dx()
	for y := 0; y < b.Dy(); y++ {
		row := out.Pix[y*out.Stride : y*out.Stride+w*4]
		for l, r := 0, w-1; l < r; l, r = l+1, r-1 {
			for c := 0; c < 4; c++ {
				row[l*4+c], row[r*4+c] = row[r*4+c], row[l*4+c]
			}
		}
	}
	return out
}
