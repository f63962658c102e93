// Package testkit holds, in its sub-packages, what the tests and the
// devtools build use and the shipped program never does: synthetic
// cameras and documents, test data look-up, a PostgreSQL server for
// tests, privacy scans, Mat leak checks and image bombs.
//
// The rule is kept by TestShippedProgramImportsNoTestkit: the program
// built with the default tags imports no package under internal/testkit.
package testkit
