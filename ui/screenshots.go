//go:build devtools

package ui

import (
	"fmt"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"time"

	"biokiosk/assets"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/app"
)

// Screenshots runs the kiosk against svc with the given camera (and no
// voice step), walks through its main screens by itself, and writes one
// PNG per screen into dir (a developer's tool: `make screenshots`; the
// folder is not committed). It returns when done.
func Screenshots(svc Services, srv ServerStore, dir, camera string) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	a := app.NewWithID(AppID + ".screenshots")
	st := NewSettings(a.Preferences(), readOnly{srv}) // never rewrite the real config
	if err := st.Save(Values{Server: st.Server(), APIVersion: st.APIVersion(), Key: st.Key(), Camera: camera, Language: "en",
		PIN: st.PIN(), IdleSeconds: 120}); err != nil {
		return err
	}
	tr, err := NewTranslator(assets.Translations, "en")
	if err != nil {
		return err
	}
	a.Settings().SetTheme(kioskTheme{scale: 1.3})
	w := a.NewWindow(tr.T("app.title"))
	w.Resize(fyne.NewSize(1024, 768))
	k := NewKiosk(w, nil, svc, tr, st, nil, nil)
	var runErr error
	go func() {
		defer fyne.Do(a.Quit)
		runErr = walk(k, w, dir)
	}()
	w.ShowAndRun()
	return runErr
}

// walk drives the kiosk through its screens, capturing each.
func walk(k *Kiosk, w fyne.Window, dir string) error {
	capture := func(name string) error {
		time.Sleep(800 * time.Millisecond)
		path := filepath.Join(dir, name+".png")
		// The X server's picture (ImageMagick's import): under Xvfb with
		// Mesa's software GL, Canvas().Capture() reads back black.
		if bin, err := exec.LookPath("import"); err == nil && os.Getenv("DISPLAY") != "" {
			if out, err := exec.Command(bin, "-window", "root", path).CombinedOutput(); err != nil {
				return fmt.Errorf("screenshots: import: %v: %s", err, out)
			}
			return nil
		}
		var err error
		fyne.DoAndWait(func() {
			img := w.Canvas().Capture()
			var f *os.File
			if f, err = os.Create(path); err != nil {
				return
			}
			defer f.Close()
			err = png.Encode(f, img)
		})
		return err
	}
	wait := func(s Screen, within time.Duration) error {
		deadline := time.Now().Add(within)
		for time.Now().Before(deadline) {
			var cur Screen
			fyne.DoAndWait(func() { cur = k.Screen() })
			if cur == s {
				return nil
			}
			time.Sleep(100 * time.Millisecond)
		}
		return fmt.Errorf("screenshots: the %s screen did not come within %v", s, within)
	}
	steps := []struct {
		name string
		act  func()
		want Screen
	}{
		{"1-attract", nil, ScreenAttract},
		{"2-consent", k.Consent, ScreenConsent},
		{"3-reference", func() { k.Reference(); k.ref.SetText("420077") }, ScreenReference},
		{"4-face", k.submitReference, ScreenFace},
		{"5-review", nil, ScreenReview},
		{"6-result", func() { k.reviewAnswer(false) }, ScreenResult},
	}
	for _, s := range steps {
		if s.act != nil {
			fyne.DoAndWait(s.act)
		}
		if err := wait(s.want, 60*time.Second); err != nil {
			return err
		}
		if s.want == ScreenFace {
			// Wait for live frames before capturing the preview, and
			// report the preview's drawing rate on the real driver.
			t0, f0 := time.Now(), k.preview.Frames()
			time.Sleep(time.Second)
			fps := float64(k.preview.Frames()-f0) / time.Since(t0).Seconds()
			fmt.Printf("preview: %.1f frames drawn per second\n", fps)
		}
		if err := capture(s.name); err != nil {
			return err
		}
	}
	return nil
}

// readOnly reads the shared server settings and ignores writes.
type readOnly struct{ ServerStore }

func (readOnly) SaveServer(string, string, string) error { return nil }
func (readOnly) SaveSecret(string, string) error         { return nil }
