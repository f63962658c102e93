// Package docresult holds what the document analysis says about a frame
// as plain data: the guidance codes, the Analysis figures, the corner
// Quad and the content Signature. It imports no GoCV, so a front end can
// show an analysis without linking OpenCV; package document computes it
// and aliases these types.
package docresult
