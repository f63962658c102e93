package widgets

import (
	"image/color"
	"sync"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// Button is a button for keys as well as fingers: Space and Enter press
// it, the arrows move the focus, other keys go on to the window (the
// kiosk's keypad handling), and the focus shows as a two-tone ring inside
// its edge (the theme's focus colour against the page, and a tone that
// stands out from the button's own background: ringInner), instead of
// Fyne's faint tint. OnFocus, when set, runs as it gains the focus (the
// kiosk says the control's name).
type Button struct {
	widget.Button
	focused bool
	OnFocus func(*Button)
}

// NewButton is a button showing text that runs tapped.
func NewButton(text string, tapped func()) *Button {
	b := &Button{}
	b.Text, b.OnTapped = text, tapped
	b.ExtendBaseWidget(b)
	return b
}

// NewIconButton is a button with an icon before its text.
func NewIconButton(text string, icon fyne.Resource, tapped func()) *Button {
	b := NewButton(text, tapped)
	b.Icon = icon
	return b
}

// FocusGained shows the ring (Fyne's own tint stays off: its focused
// flag is never set).
func (b *Button) FocusGained() {
	b.focused = true
	b.Refresh()
	if b.OnFocus != nil {
		b.OnFocus(b)
	}
}

// FocusLost hides the ring.
func (b *Button) FocusLost() {
	b.focused = false
	b.Refresh()
}

// TypedKey presses the button on Space or Enter, moves the focus on the
// arrows and hands every other key to the window.
func (b *Button) TypedKey(ev *fyne.KeyEvent) {
	if !handleFocusKey(b, ev, func() {
		if !b.Disabled() && b.OnTapped != nil {
			b.OnTapped()
		}
	}) {
		forwardKey(b, ev)
	}
}

// TypedRune hands typed characters (keypad digits) to the window.
func (b *Button) TypedRune(r rune) { forwardRune(b, r) }

func (b *Button) CreateRenderer() fyne.WidgetRenderer {
	r := b.Button.CreateRenderer()
	rr := newRingRenderer(r, func() (bool, color.Color) {
		bg := theme.ColorNameButton
		switch b.Importance {
		case widget.HighImportance:
			bg = theme.ColorNamePrimary
		case widget.DangerImportance:
			bg = theme.ColorNameError
		case widget.WarningImportance:
			bg = theme.ColorNameWarning
		case widget.SuccessImportance:
			bg = theme.ColorNameSuccess
		}
		return b.focused, theme.Color(bg)
	})
	rr.plain = func() bool { return b.Importance == widget.MediumImportance }
	rr.applyRing()
	return rr
}

// Check is a check box for keys as well as fingers, as Button: Space
// and Enter toggle it; OnFocus says its name and state.
type Check struct {
	widget.Check
	focused bool
	OnFocus func(*Check)
	// name is the text of a wrapped check (WrapCheck), row its row.
	name string
	row  fyne.CanvasObject
}

// Label is what the check box says.
func (c *Check) Label() string {
	if c.name != "" {
		return c.name
	}
	return c.Text
}

// Hide hides the box and its row.
func (c *Check) Hide() {
	c.Check.Hide()
	if c.row != nil {
		c.row.Hide()
	}
}

// WrapCheck lays a check box out with its text in a wrapping label
// beside it (Fyne's check box never wraps: a long sentence in large
// text would run off the screen); tapping the text ticks the box too.
func WrapCheck(c *Check) fyne.CanvasObject {
	if c.name == "" {
		c.name, c.Text = c.Text, ""
		c.Refresh()
	}
	text := widget.NewLabel(c.name)
	text.Wrapping = fyne.TextWrapWord
	// The box keeps its own height (Fyne's check box takes taps only
	// there), beside the first line of the text.
	row := container.NewBorder(nil, nil, container.NewVBox(c), nil, container.NewStack(NewTapArea(func() {
		if !c.Disabled() {
			c.SetChecked(!c.Checked)
		}
	}), text))
	c.row = row
	if !c.Visible() {
		row.Hide()
	}
	return row
}

// NewCheck is a check box showing text that runs changed.
func NewCheck(text string, changed func(bool)) *Check {
	c := &Check{}
	c.Text, c.OnChanged = text, changed
	c.ExtendBaseWidget(c)
	return c
}

func (c *Check) FocusGained() {
	c.focused = true
	c.Check.FocusGained()
	if c.OnFocus != nil {
		c.OnFocus(c)
	}
}

func (c *Check) FocusLost() {
	c.focused = false
	c.Check.FocusLost()
}

func (c *Check) TypedKey(ev *fyne.KeyEvent) {
	if !handleFocusKey(c, ev, func() {
		if !c.Disabled() {
			c.SetChecked(!c.Checked)
		}
	}) {
		forwardKey(c, ev)
	}
}

func (c *Check) TypedRune(r rune) {
	if r == ' ' {
		c.Check.TypedRune(r)
		return
	}
	forwardRune(c, r)
}

func (c *Check) CreateRenderer() fyne.WidgetRenderer {
	return newRingRenderer(c.Check.CreateRenderer(), func() (bool, color.Color) {
		return c.focused, theme.Color(theme.ColorNameBackground)
	})
}

// handleFocusKey presses on Space/Enter and moves the focus on the
// arrows; it says whether it used the key.
func handleFocusKey(obj fyne.CanvasObject, ev *fyne.KeyEvent, press func()) bool {
	switch ev.Name {
	case fyne.KeySpace, fyne.KeyEnter, fyne.KeyReturn:
		press()
	case fyne.KeyDown, fyne.KeyRight, fyne.KeyUp, fyne.KeyLeft:
		c := CanvasOf(obj)
		if c == nil {
			return true
		}
		if ev.Name == fyne.KeyDown || ev.Name == fyne.KeyRight {
			c.FocusNext()
		} else {
			c.FocusPrevious()
		}
	default:
		return false
	}
	return true
}

// CanvasOf is the canvas obj is on (nil: none, or no app).
func CanvasOf(obj fyne.CanvasObject) fyne.Canvas {
	if a := fyne.CurrentApp(); a != nil {
		return a.Driver().CanvasForObject(obj)
	}
	return nil
}

func forwardKey(obj fyne.CanvasObject, ev *fyne.KeyEvent) {
	if c := CanvasOf(obj); c != nil && c.OnTypedKey() != nil {
		c.OnTypedKey()(ev)
	}
}

func forwardRune(obj fyne.CanvasObject, r rune) {
	if c := CanvasOf(obj); c != nil && c.OnTypedRune() != nil {
		c.OnTypedRune()(r)
	}
}

// ringRenderer draws a focus ring over a widget's own renderer: an outer
// band in the theme's focus colour and an inner one in ringInner's tone;
// under it, on a plain button whose theme asks for one, the button's
// boundary (colorNameButtonBorder: WCAG 1.4.11 in high contrast).
type ringRenderer struct {
	fyne.WidgetRenderer
	edge, outer, inner *canvas.Rectangle
	state              func() (focused bool, bg color.Color)
	// plain says the widget is a plain button (nil: not a button).
	plain func() bool
}

func newRingRenderer(r fyne.WidgetRenderer, state func() (bool, color.Color)) *ringRenderer {
	rr := &ringRenderer{WidgetRenderer: r, edge: canvas.NewRectangle(color.Transparent), outer: canvas.NewRectangle(color.Transparent),
		inner: canvas.NewRectangle(color.Transparent), state: state}
	rr.applyRing()
	return rr
}

// RingWidth is the width of each of the focus ring's two bands.
func ringWidth() float32 { return 3 * textScale() }

// edgeWidth is the width of a plain button's boundary.
func edgeWidth() float32 { return 2 * textScale() }

func (r *ringRenderer) applyRing() {
	focused, bg := r.state()
	th := Theme{}
	if t, ok := fyne.CurrentApp().Settings().Theme().(Theme); ok {
		th = t
	}
	w := ringWidth()
	r.outer.StrokeWidth, r.inner.StrokeWidth = w, w
	r.outer.StrokeColor = th.Color(theme.ColorNameFocus, theme.VariantDark)
	r.inner.StrokeColor = ringInner(th, bg)
	r.outer.CornerRadius = theme.Size(theme.SizeNameInputRadius)
	r.inner.CornerRadius = r.outer.CornerRadius
	r.edge.StrokeWidth = edgeWidth()
	r.edge.StrokeColor = th.Color(colorNameButtonBorder, theme.VariantDark)
	r.edge.CornerRadius = r.outer.CornerRadius
	if _, _, _, alpha := r.edge.StrokeColor.RGBA(); r.plain != nil && r.plain() && alpha > 0 {
		r.edge.Show()
	} else {
		r.edge.Hide()
	}
	if focused {
		r.outer.Show()
		r.inner.Show()
	} else {
		r.outer.Hide()
		r.inner.Hide()
	}
}

func (r *ringRenderer) Layout(s fyne.Size) {
	r.WidgetRenderer.Layout(s)
	e := edgeWidth()
	r.edge.Move(fyne.NewPos(e/2, e/2))
	r.edge.Resize(fyne.NewSize(s.Width-e, s.Height-e))
	w := ringWidth()
	r.outer.Move(fyne.NewPos(w/2, w/2))
	r.outer.Resize(fyne.NewSize(s.Width-w, s.Height-w))
	r.inner.Move(fyne.NewPos(w*1.5, w*1.5))
	r.inner.Resize(fyne.NewSize(s.Width-3*w, s.Height-3*w))
}

// Ring is the focus ring's two bands (shown while focused).
func (r *ringRenderer) Ring() (outer, inner *canvas.Rectangle) { return r.outer, r.inner }

func (r *ringRenderer) Objects() []fyne.CanvasObject {
	return append(append([]fyne.CanvasObject{}, r.WidgetRenderer.Objects()...), r.edge, r.outer, r.inner)
}

func (r *ringRenderer) Refresh() {
	r.WidgetRenderer.Refresh()
	r.applyRing()
	r.edge.Refresh()
	r.outer.Refresh()
	r.inner.Refresh()
}

// HoldArea turns a long press (or a held mouse button) anywhere on it
// into a call: the welcome screen's gesture for the accessibility
// options. It lies under the screen's controls, which a short tap still
// reaches.
type HoldArea struct {
	widget.BaseWidget
	hold   time.Duration
	onHold func()
	do     func(func())
	mu     sync.Mutex
	timer  *time.Timer
}

var _ desktop.Mouseable = (*HoldArea)(nil)

// NewHoldArea runs onHold, through do (the UI goroutine), once a press
// lasts hold.
func NewHoldArea(hold time.Duration, do func(func()), onHold func()) *HoldArea {
	h := &HoldArea{hold: hold, onHold: onHold, do: do}
	h.ExtendBaseWidget(h)
	return h
}

func (h *HoldArea) CreateRenderer() fyne.WidgetRenderer {
	return widget.NewSimpleRenderer(canvas.NewRectangle(color.Transparent))
}

// MouseDown starts the hold's clock.
func (h *HoldArea) MouseDown(*desktop.MouseEvent) {
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.timer != nil {
		h.timer.Stop()
	}
	h.timer = time.AfterFunc(h.hold, func() { h.do(h.onHold) })
}

// MouseUp before the hold's end is a tap: nothing happens.
func (h *HoldArea) MouseUp(*desktop.MouseEvent) {
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.timer != nil {
		h.timer.Stop()
		h.timer = nil
	}
}

// CapWidth lays its one object out centred, no wider than max times the
// text scale (a keypad does not stretch across a wide screen).
type CapWidth struct{ Max float32 }

func (c CapWidth) MinSize(objs []fyne.CanvasObject) fyne.Size {
	var s fyne.Size
	for _, o := range objs {
		s = s.Max(o.MinSize())
	}
	return s
}

func (c CapWidth) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	w := min(size.Width, c.Max*textScale())
	for _, o := range objs {
		w := max(w, o.MinSize().Width)
		o.Resize(fyne.NewSize(w, size.Height))
		o.Move(fyne.NewPos((size.Width-w)/2, 0))
	}
}

// FitLayout stacks its two objects when the space is high enough, else
// puts them side by side (the number screen's keypad beside its text in
// large text on a landscape screen). Its minimum is the smaller of the
// two arrangements, so it never forces the window past the screen.
type FitLayout struct{}

func (FitLayout) arrangements(objs []fyne.CanvasObject) (stacked, side fyne.Size) {
	a, b := objs[0].MinSize(), objs[1].MinSize()
	pad := theme.Padding()
	return fyne.NewSize(max(a.Width, b.Width), a.Height+b.Height+pad), fyne.NewSize(a.Width+b.Width+pad, max(a.Height, b.Height))
}

func (l FitLayout) MinSize(objs []fyne.CanvasObject) fyne.Size {
	stacked, side := l.arrangements(objs)
	if stacked.Height <= side.Height || side.Width > stacked.Width*2.2 {
		return stacked
	}
	return fyne.NewSize(max(stacked.Width, min(side.Width, stacked.Width*2)), side.Height)
}

func (l FitLayout) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	stacked, _ := l.arrangements(objs)
	pad := theme.Padding()
	if size.Height >= stacked.Height || size.Width < size.Height {
		h := objs[0].MinSize().Height
		objs[0].Move(fyne.NewPos(0, 0))
		objs[0].Resize(fyne.NewSize(size.Width, h))
		objs[1].Move(fyne.NewPos(0, h+pad))
		objs[1].Resize(fyne.NewSize(size.Width, size.Height-h-pad))
		return
	}
	w := (size.Width - pad) / 2
	objs[0].Move(fyne.NewPos(0, 0))
	objs[0].Resize(fyne.NewSize(w, size.Height))
	objs[1].Move(fyne.NewPos(w+pad, 0))
	objs[1].Resize(fyne.NewSize(w, size.Height))
}

// FitText is a bold centred line of text at size, made smaller (down to
// floor) when its space is narrower: a title never runs off the screen.
type FitText struct {
	widget.BaseWidget
	text        *canvas.Text
	size, floor float32
}

func newFitText(text string, size, floor float32) *FitText {
	t := &FitText{text: canvas.NewText(text, theme.Color(theme.ColorNameForeground)), size: size, floor: floor}
	t.text.TextStyle = fyne.TextStyle{Bold: true}
	t.text.Alignment = fyne.TextAlignCenter
	t.text.TextSize = size
	t.ExtendBaseWidget(t)
	return t
}

// Text is the line shown.
func (t *FitText) Text() string { return t.text.Text }

// MinSize is as narrow as the smallest size and as high as the largest.
func (t *FitText) MinSize() fyne.Size {
	return fyne.NewSize(fyne.MeasureText(t.text.Text, t.floor, t.text.TextStyle).Width, fyne.MeasureText(t.text.Text, t.size, t.text.TextStyle).Height)
}

func (t *FitText) CreateRenderer() fyne.WidgetRenderer { return &fitTextRenderer{t: t} }

type fitTextRenderer struct{ t *FitText }

func (r *fitTextRenderer) Layout(s fyne.Size) {
	t := r.t
	size := t.size
	if w := fyne.MeasureText(t.text.Text, size, t.text.TextStyle).Width; w > s.Width && w > 0 {
		size = max(t.floor, size*s.Width/w)
	}
	t.text.TextSize = size
	t.text.Resize(s)
	t.text.Move(fyne.NewPos(0, 0))
}

func (r *fitTextRenderer) MinSize() fyne.Size { return r.t.MinSize() }
func (r *fitTextRenderer) Refresh() {
	r.t.text.Color = theme.Color(theme.ColorNameForeground)
	r.Layout(r.t.Size())
	r.t.text.Refresh()
}
func (r *fitTextRenderer) Objects() []fyne.CanvasObject { return []fyne.CanvasObject{r.t.text} }
func (r *fitTextRenderer) Destroy()                     {}

// Title is a screen's heading: 2.2 times the text size, smaller (down to
// 1.5 times) where a narrow screen needs it, never clipped.
func Title(text string) *FitText {
	return newFitText(text, 2.2*theme.Size(theme.SizeNameText), 1.5*theme.Size(theme.SizeNameText))
}

// Big makes b the screen's main action.
func Big(b *Button) *Button {
	b.Importance = widget.HighImportance
	return b
}

// tapArea calls onTap when tapped (the overlay's backdrop).
type tapArea struct {
	widget.BaseWidget
	onTap func()
}

// NewTapArea calls onTap when tapped.
func NewTapArea(onTap func()) fyne.CanvasObject {
	t := &tapArea{onTap: onTap}
	t.ExtendBaseWidget(t)
	return t
}

func (t *tapArea) Tapped(*fyne.PointEvent) { t.onTap() }

func (t *tapArea) CreateRenderer() fyne.WidgetRenderer {
	return widget.NewSimpleRenderer(canvas.NewRectangle(color.Transparent))
}
