package verifik

import (
	"testing"
)

// FuzzAnswers feeds arbitrary bodies to the error parser and to every
// answer decoder: they must return a value or an error, never panic.
func FuzzAnswers(f *testing.F) {
	for _, s := range []string{
		`{"code":"liveness_failed","message":"409:liveness_failed@0.45"}`,
		`{"data":{"appRegistration":{"_id":"r"},"token":"a.b.c"}}`,
		`{"id":"X","data":{"match":{"id":"p","score":0.9}},"signature":{}}`,
		`{"data":{"persons":[{"id":"p","score":0.9}],"liveness_score":0.8}}`,
		`{"data":[{"_id":"p","collections":[{"_id":"c"},"d"]}]}`,
		`{"data":{"_id":"r","person":{"_id":"p"},"biometricValidation":"b"}}`,
		`{"accessToken":"x"}`, `[]`, `null`, `"s"`,
	} {
		f.Add(200, []byte(s))
	}
	f.Fuzz(func(t *testing.T, status int, body []byte) {
		_ = parseError("fuzz", status, body).Error()
		for _, out := range []checked{&created{}, &AppRegistration{}, &SyncResult{}, &LiveSearch{}, &Person{}, &personList{}, &renewal{}} {
			_ = decode("fuzz", status, body, out)
		}
		ParseMessage(string(body))
	})
}
