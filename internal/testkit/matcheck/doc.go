// Package matcheck fails a test binary that leaked gocv.Mats. gocv counts
// Mats only when built with -tags matprofile (as make test does), so Run
// exists only then; packages call it from a TestMain in a file with the
// same build tag.
package matcheck
