// Package core holds what the kiosk and the staff screens share with the
// composition root: the Services they call and the Session they ask a
// runner for, the Settings (preferences, server store and exit PIN) and
// the Speaker that reads the screens aloud.
package core
