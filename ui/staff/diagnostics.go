package staff

import (
	"context"
	"errors"
	"time"

	"biokiosk/capture/face/faceresult"
	"biokiosk/flow"
	"biokiosk/ui/core"
	"biokiosk/ui/i18n"
	"biokiosk/ui/widgets"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"
)

// Figures is one line of live analysis figures for the camera test, with
// units, in the staff's language.
func Figures(tr *i18n.Translator, a *faceresult.Analysis) string {
	if len(a.Faces) == 0 {
		return tr.T("diag.figures_none", a.Width, a.Height)
	}
	eyes := tr.T("diag.eyes_closed")
	if a.Eyes.Open() {
		eyes = tr.T("diag.eyes_open")
	}
	return tr.T("diag.figures", a.Width, a.Height, len(a.Faces), a.Score, a.IED, a.Pose.Yaw, a.Pose.Pitch, a.Pose.Roll, eyes,
		a.Photo.Sharpness, a.Photo.Brightness)
}

func errorText(err error) string {
	if c, ok := err.(interface{ Code() string }); ok {
		return c.Code() + ": " + err.Error()
	}
	return err.Error()
}

// line is a full-width wrapping label (a label in an HBox gets its
// minimum width and breaks one character per line).
func line() *widget.Label {
	l := widget.NewLabel("")
	l.Wrapping = fyne.TextWrapWord
	return l
}

// diagnosticsTab checks the server, the camera (live analysis) and the
// microphone (one test utterance), and says in words what is wrong.
func (s *App) diagnosticsTab() fyne.CanvasObject {
	server := line()
	check := widgets.NewButton(s.tr.T("staff.check_server"), func() {
		server.SetText(s.tr.T("diag.checking"))
		go func() {
			ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
			defer cancel()
			c, err := s.svc.CheckServer(ctx)
			s.do(func() { server.SetText(s.serverVerdict(c, err)) })
		}()
	})
	preview := widgets.NewPreview(s.tr, s.do)
	preview.SetCountdown(false) // the test never captures
	preview.HideOpening()       // until the test opens the camera
	camStatus, figures := line(), line()
	var frames int
	var faces bool
	preview.OnFrame(func(a *faceresult.Analysis) {
		frames++
		faces = len(a.Faces) > 0
		figures.SetText(Figures(s.tr, a))
	})
	var stopCam context.CancelFunc
	cam := widgets.NewButton(s.tr.T("staff.camera_test"), nil)
	cam.OnTapped = func() {
		if stopCam != nil {
			stopCam()
			stopCam = nil
			cam.SetText(s.tr.T("staff.camera_test"))
			return
		}
		ctx, cancel := context.WithCancel(context.Background())
		stopCam = cancel
		cam.SetText(s.tr.T("diag.camera_stop"))
		camStatus.SetText(s.tr.T("diag.camera_opening"))
		preview.Reset()
		frames = 0
		go s.cameraRate(ctx, camStatus, &frames, &faces)
		go func() {
			err := s.svc.CameraTest(ctx, s.settings.Camera(), preview.Push)
			s.do(func() {
				if err != nil && ctx.Err() == nil {
					camStatus.SetText(s.deviceVerdict("diag.camera_failed", err))
				}
			})
		}()
	}
	meter := widget.NewProgressBar()
	meter.TextFormatter = func() string { return "" }
	micStatus := line()
	mic := widgets.NewButton(s.tr.T("staff.mic_test"), nil)
	mic.OnTapped = func() {
		micStatus.SetText(s.tr.T("diag.mic_speak"))
		mic.Disable()
		go func() {
			ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
			defer cancel()
			sample, err := s.svc.MicTest(ctx, s.settings.Microphone(), func(l flow.Level) {
				v := (l.RMS + 60) / 60
				s.do(func() { meter.SetValue(v) })
			})
			s.do(func() {
				mic.Enable()
				if err != nil {
					micStatus.SetText(s.deviceVerdict("diag.mic_failed", err))
					return
				}
				micStatus.SetText(s.micVerdict(sample))
			})
		}()
	}
	top := container.NewVBox(
		container.NewBorder(nil, nil, check, nil, server),
		container.NewBorder(nil, nil, mic, nil, container.NewVBox(meter, micStatus)),
		container.NewBorder(nil, nil, cam, nil, container.NewVBox(camStatus, figures)))
	return container.NewBorder(top, nil, nil, nil, preview)
}

// cameraRate says once a second how many frames the camera test drew
// and whether a face is in them, until ctx ends.
func (s *App) cameraRate(ctx context.Context, status *widget.Label, frames *int, faces *bool) {
	t := time.NewTicker(time.Second)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			s.do(func() {
				if ctx.Err() != nil || *frames == 0 {
					return
				}
				found := s.tr.T("diag.no_face")
				if *faces {
					found = s.tr.T("diag.face_found")
				}
				status.SetText(s.tr.T("diag.camera_ok", s.tr.Number(float64(*frames), 0), found))
				*frames = 0
			})
		}
	}
}

// serverVerdict says whether the server answered and accepted the
// credentials, and which server it is.
func (s *App) serverVerdict(c core.ServerCheck, err error) string {
	where := c.URL
	if where == "" {
		where = s.tr.T("diag.sandbox")
	}
	about := s.tr.T("diag.server_about", where, c.Backend, c.APIVersion)
	switch {
	case err == nil:
		return s.tr.T("diag.server_ok") + "\n" + about
	case c.Reachable:
		return s.tr.T("diag.server_refused") + "\n" + about + "\n" + errorText(err)
	default:
		return s.tr.T("diag.server_unreachable") + "\n" + about + "\n" + errorText(err)
	}
}

// deviceVerdict says a device test failed, in words, with the detail.
func (s *App) deviceVerdict(key string, err error) string {
	var fe *flow.Error
	if errors.As(err, &fe) && fe.Code == flow.CodeDeviceBusy {
		return s.tr.T("diag.busy")
	}
	return s.tr.T(key) + "\n" + err.Error()
}

// micVerdict says whether the microphone heard speech, and if not what
// to change.
func (s *App) micVerdict(v flow.VoiceSample) string {
	secs := s.tr.Number(v.SpeechSeconds, 1)
	if v.Code == "OK" {
		return s.tr.T("diag.mic_ok", secs)
	}
	reason := s.tr.RefusalText(flow.Code(v.Code))
	return s.tr.T("diag.mic_bad", reason, secs)
}
