package cli

import (
	"context"
	"flag"
	"fmt"
	"path/filepath"
	"sort"

	"biokiosk/capture/audio/mic"
	"biokiosk/internal/app"
)

// cameraDevice is one video device found on the machine.
type cameraDevice struct {
	Path string `json:"path"`
}

// cmdDevices lists cameras (V4L2 device nodes) and microphones (PortAudio
// input devices).
func cmdDevices(_ context.Context, st *stdio, args []string) int {
	fs := flag.NewFlagSet("devices", flag.ContinueOnError)
	fs.SetOutput(st.err)
	asJSON := fs.Bool("json", false, "print JSON")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	out := struct {
		Cameras     []cameraDevice `json:"cameras"`
		Microphones []mic.Device   `json:"microphones"`
		Notes       []string       `json:"notes,omitempty"`
	}{Cameras: []cameraDevice{}, Microphones: []mic.Device{}}

	nodes, _ := filepath.Glob("/dev/video*")
	sort.Strings(nodes)
	for _, n := range nodes {
		out.Cameras = append(out.Cameras, cameraDevice{Path: n})
	}
	if len(nodes) == 0 {
		out.Notes = append(out.Notes, "no camera found (no /dev/video*): use a video or image file as the camera, e.g. --camera clip.mp4")
	}
	a := newApp(st, app.ServerSettings{}, "", "")
	defer a.Close()
	mics, err := a.Microphones()
	if err != nil {
		out.Notes = append(out.Notes, "microphones unavailable: "+err.Error())
	}
	if mics != nil {
		out.Microphones = mics
	}
	if len(mics) == 0 && err == nil {
		out.Notes = append(out.Notes, "no microphone found: use a WAV file as the microphone, e.g. --mic sample.wav")
	}
	if *asJSON {
		return boolExit(printJSON(st.out, out, true) == nil)
	}
	fmt.Fprintln(st.out, "cameras:")
	for _, c := range out.Cameras {
		fmt.Fprintln(st.out, "  "+c.Path)
	}
	fmt.Fprintln(st.out, "microphones:")
	for _, m := range out.Microphones {
		def := ""
		if m.Default {
			def = " (default)"
		}
		fmt.Fprintf(st.out, "  %d: %s [%s, %.0f Hz]%s\n", m.Index, m.Name, m.HostAPI, m.DefaultRate, def)
	}
	for _, n := range out.Notes {
		fmt.Fprintln(st.out, "note:", n)
	}
	return 0
}
