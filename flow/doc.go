// Package flow runs the kiosk's registration, verification and
// identification flows without any user interface: consent, create user,
// face, voice, confirmation, with retries, server answers and abandonment
// handled the same way whether a Fyne window or a script drives it.
//
// A flow talks to the world only through three ports: a Backend (the
// biometric API), a FaceCamera and a Microphone. It reports everything a
// front end shows as typed Events on a Sink. Front ends never call the API
// client directly.
package flow
