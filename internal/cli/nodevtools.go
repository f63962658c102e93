//go:build !devtools

package cli

// devCommands are none in a release build (see devtools.go).
func devCommands() []command { return nil }

// singleThreadedBench does nothing without bench-face (see devtools.go).
func singleThreadedBench() {}
