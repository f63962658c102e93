// Package staff is the desk app the bank's staff use: register, verify,
// identify, adapt and document checks on flow panels, look-up (status and
// deletions), diagnostics and settings, as tabs.
package staff
