// Package ui starts the Fyne front end (Run: the kiosk, or the staff
// app) and keeps, as aliases, the types of package core the composition
// root implements and fills in. Its rooms are sub-packages: kiosk, the
// customer-facing kiosk; staff, the desk app; both run flows on
// flowscreen's panel, which only renders the flow package's states and
// events (every update from a flow or capture goroutine reaches widgets
// through fyne.Do). core holds the Services, Session, Settings and
// Speaker the rooms share; widgets the previews, accessible controls and
// theme; i18n the translations. They are the only packages that import
// Fyne, and none links GoCV.
package ui
