// Package flowscreen is the flow runner screen both rooms use: a Panel
// runs one registration, verification, identification or document check
// at a time and shows its steps (face, photo review, voice, document) and
// its result, in words the person understands and, when speech is on,
// aloud. The kiosk (its whole window) and the staff app (one panel per
// tab) set their choices and hooks on it through Room.
package flowscreen
