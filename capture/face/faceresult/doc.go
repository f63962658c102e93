// Package faceresult holds what the face analysis says about a frame as
// plain data: the guidance codes and the Analysis figures with the types
// they are made of. It imports no GoCV, so a front end can show an
// analysis without linking OpenCV; package face computes it and aliases
// these types.
package faceresult
