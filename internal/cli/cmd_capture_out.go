package cli

import (
	"fmt"
	"os"
)

// capturedPhoto is what the capture commands report of an outcome
// (autocapture.Outcome, document.Outcome).
type capturedPhoto struct {
	Captured           bool
	JPEG               []byte
	FrameIndex, Frames int
	ElapsedMS          int64
	Score              float64
	Reason             string
}

// finishCapture ends a capture command: it writes the photo to outPath
// when one was captured and the operator asked for the file (biokiosk
// itself never stores images), prints out as JSON or p as a line, and
// returns the exit code: 0 when captured, 1 when not or when the file
// could not be written.
func finishCapture(st *stdio, cmd, outPath string, asJSON bool, out any, p capturedPhoto) int {
	if p.Captured && outPath != "" {
		if err := os.WriteFile(outPath, p.JPEG, 0o600); err != nil {
			fmt.Fprintf(st.err, "biokiosk %s: %v\n", cmd, err)
			return 1
		}
	}
	if asJSON {
		_ = printJSON(st.out, out, true)
	} else if p.Captured {
		fmt.Fprintf(st.out, "captured frame %d after %d ms (score %.1f, %d bytes)\n", p.FrameIndex, p.ElapsedMS, p.Score, len(p.JPEG))
	} else {
		fmt.Fprintf(st.out, "no photo after %d frames: %s\n", p.Frames, p.Reason)
	}
	if !p.Captured {
		return 1
	}
	return 0
}
