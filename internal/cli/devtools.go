//go:build devtools

package cli

// Developer tools live behind the devtools build tag, out of the release
// binary: built with -tags devtools, biokiosk gains "bench-face" (which
// re-executes itself single-threaded before anything else runs) and
// "screenshots" (the kiosk walking its own screens, kiosk.Screenshots).
// make screenshots and make test build with the tag.

// devCommands are the developer tools' commands.
func devCommands() []command {
	return []command{
		{"bench-face", "measure the live face analysis against a naive Haar baseline (devtools)", cmdBenchFace},
		{"bench-capture", "run auto-capture over generated kiosk sessions and time it against a Haar baseline (devtools)", cmdBenchCapture},
		{"screenshots", "walk the kiosk's main screens by itself and write a PNG of each (devtools)", cmdScreenshots},
	}
}
