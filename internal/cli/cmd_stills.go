package cli

import (
	"fmt"

	"gocv.io/x/gocv"
)

// analyzeStills is the analyze-* commands' loop over still images: it
// reads each file as BGR, analyses it with analyze and prints the results,
// with asJSON as one object {"results": [...]}, else a line per file
// (line) and each unreadable or failed file on stderr. fail builds such a
// file's result from the error text. It returns 2 (exitUsage) when
// any file could not be read or analysed.
func analyzeStills[R any](st *stdio, cmd string, files []string, asJSON bool,
	analyze func(file string, img gocv.Mat) (R, error), fail func(file, msg string) R, line func(R) string) int {
	out := struct {
		Results []R `json:"results"`
	}{Results: []R{}}
	code := 0
	for _, f := range files {
		img, err := readStill(f)
		var r R
		msg := ""
		if err != nil {
			msg = err.Error()
		} else if res, err := analyze(f, img); err != nil {
			msg = err.Error()
		} else {
			r = res
		}
		img.Close()
		if msg != "" {
			r, code = fail(f, msg), exitUsage
		}
		out.Results = append(out.Results, r)
		if asJSON {
			continue
		}
		if msg != "" {
			fmt.Fprintf(st.err, "biokiosk %s: %s: %s\n", cmd, f, msg)
			continue
		}
		fmt.Fprintln(st.out, line(r))
	}
	if asJSON {
		_ = printJSON(st.out, out, true)
	}
	return code
}
