// Package ui is the Fyne front end: the kiosk mode (attract, consent,
// customer number, face, voice, result, with an idle return and a
// PIN-protected exit) and the staff mode (register, verify, identify,
// look up, diagnostics, settings). It only renders the flow package's
// states and events; every update from a flow or capture goroutine
// reaches widgets through fyne.Do. It and its sub-packages (i18n, the
// translations; widgets, the previews and masks) are the only packages
// that import Fyne.
package ui
