// Package kiosk is the customer-facing kiosk: the welcome screen with
// the language and accessibility choices, consent, the customer number on
// an on-screen keypad, the flow panel's face, voice and document steps and
// the result; idle time returns to the welcome screen, a start-up
// self-check shows an out-of-service screen, and a PIN-protected gesture
// leaves for the staff app.
package kiosk
