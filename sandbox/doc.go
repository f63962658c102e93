// Package sandbox is a local server implementing three vendor APIs: the
// BiometrID Legacy API (biometrid_*.go: the same routes, envelope, HTTP
// codes and message constants as the vendor's documented API;
// docs/api-choices.md fills its gaps), BioPass ID Multibiometrics
// (biopassid.go) and Verifik SmartEnroll (verifik_*.go). It is backed by
// SQLite (store.go, document_store.go) and real engines in their own
// packages: sandbox/face (the face models of capture/face), sandbox/voice
// (an MFCC speaker engine) and sandbox/ocr (Tesseract reading document
// MRZs). It stores templates, never images or audio.
//
// The sandbox is an independent implementation of the contract: it
// imports no client package (biometrics, biometrics/biopassid,
// biometrics/verifik), only its tests do, to check client against server.
//
// biokiosk starts it in-process on loopback when no server is configured
// (the embedded default), and `biokiosk sandbox` runs it standalone.
package sandbox
