// Package document analyses camera frames of an identity document (an
// ID-1 card or a passport's data page) locally and captures a
// perspective-corrected photo of one side for the server's OCR.
//
// Per frame, Analyzer finds the document as the largest convex
// quadrilateral with the type's aspect (Canny edges → contours → convex
// hull → approxPolyDP, falling back to the minimum-area rectangle; corners
// refined by line fits along the sides), rectifies it, measures glare,
// sharpness, brightness and movement, and says what the person should fix
// (a guidance code) with a 0–100 score. Capture runs the auto-capture:
// dwell, best frame of the window, full-size rectification and JPEG. The
// flip rule keeps a capture of the back from taking the front again.
package document
