// Package sandbox is a local BiometrID Legacy API server: the same
// routes, envelope, HTTP codes and message constants as the vendor's
// documented API (docs/api-choices.md fills its gaps), backed by SQLite
// and real engines — the face models of capture/face and an MFCC speaker
// engine. It stores templates, never images or audio.
//
// biokiosk starts it in-process on loopback when no server is configured
// (the embedded default), and `biokiosk sandbox` runs it standalone.
package sandbox
