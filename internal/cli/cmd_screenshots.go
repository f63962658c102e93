//go:build devtools

package cli

import (
	"context"
	"flag"
	"fmt"

	"biokiosk/ui/kiosk"
)

// cmdScreenshots walks the kiosk's main screens on the GUI's App and
// writes a PNG of each (make screenshots).
func cmdScreenshots(_ context.Context, st *stdio, args []string) int {
	fs := flag.NewFlagSet("screenshots", flag.ContinueOnError)
	fs.SetOutput(st.err)
	out := fs.String("out", "screenshots", "folder for the PNGs")
	cam := fs.String("camera", "", "camera source (a video or an image file works; required)")
	mic := fs.String("mic", "", "microphone for the Diagnostics test (a WAV file works)")
	langs := fs.String("languages", "", "comma-separated languages to walk (default: all)")
	guide := fs.String("guidance-cameras", "", "comma-separated file cameras that each need a correction (one face-step shot each)")
	if _, err := parseInterspersed(fs, args); err != nil {
		return 2
	}
	if *cam == "" {
		fmt.Fprintln(st.err, "usage: biokiosk screenshots --camera SOURCE [--out DIR]")
		return 2
	}
	if !haveDisplay(st) {
		return 3
	}
	docs, err := shotDocuments(*cam)
	if err != nil {
		return fail(st, "screenshots", err)
	}
	a := newGUIApp(st, "", "")
	defer a.Close()
	if err := kiosk.Screenshots(a.Services(), a.ConfigStore(), kiosk.ShotOptions{Dir: *out, Camera: *cam, Microphone: *mic, Languages: splitList(*langs),
		DocumentFrame: docs, GuidanceCameras: splitList(*guide)}); err != nil {
		return fail(st, "screenshots", err)
	}
	fmt.Fprintln(st.out, "screenshots in", *out)
	return 0
}
