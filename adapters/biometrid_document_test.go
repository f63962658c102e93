package adapters_test

import (
	"context"
	"encoding/base64"
	"net/http"
	"net/http/httptest"
	"testing"

	"biokiosk/adapters"
	"biokiosk/biometrics"
	"biokiosk/flow"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// documentServer answers every call with body (HTTP 200).
func documentServer(t *testing.T, body string) adapters.BiometrID {
	t.Helper()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write([]byte(body))
	}))
	t.Cleanup(srv.Close)
	c, err := biometrics.New(srv.URL, biometrics.WithCredentials("k", "s"))
	require.NoError(t, err)
	return adapters.BiometrID{C: c}
}

// A JPEG's first bytes are enough for the client's photo check.
var fakeJPEG = []byte{0xff, 0xd8, 0xff, 0xe0, 0, 0x10, 'J', 'F', 'I', 'F', 0}

func TestValidateDocumentAnswers(t *testing.T) {
	portrait := base64.StdEncoding.EncodeToString(fakeJPEG)
	cases := []struct {
		name, body          string
		valid               bool
		refused             flow.Code
		reason              string
		field, value        string
		portrait            bool
		wantDecodeErrorCode string
	}{
		{name: "providerB good", body: `{"status":true,"data":{"message":"DOCUMENT_VALIDATED_WITH_SUCCESS","result":"GOOD",
			"fields":{"surnames":"REIS","mrz":{"line0":"I<PRT"}},"validations":{"match_name":"FAIL","value":"GOOD"},"images":{"photo":"` + portrait + `"}}}`,
			valid: true, field: "mrz.line0", value: "I<PRT", portrait: true},
		{name: "providerA ok, data URI photo", body: `{"status":true,"data":{"message":"DOCUMENT_VALIDATED_WITH_SUCCESS","result":"Ok",
			"photo":"data:image/jpeg;base64,` + portrait + `","fields":{"normal":{"name":"JOAO"}}}}`,
			valid: true, field: "normal.name", value: "JOAO", portrait: true},
		{name: "read but failed", body: `{"status":true,"data":{"message":"DOCUMENT_VALIDATED_WITH_SUCCESS","result":"FAIL",
			"fields":{"doc_number":"X1"},"validations":{"expiration_date":"FAIL","integrity_doc_number":"GOOD","fake_front_ratio":0.99,"value":"FAIL"}}}`,
			reason: "failed checks: expiration_date", field: "doc_number", value: "X1"},
		{name: "good result, overall value FAIL", body: `{"status":true,"data":{"message":"DOCUMENT_VALIDATED_WITH_SUCCESS","result":"GOOD",
			"validations":{"value":"FAIL [manual review]"}}}`, reason: "result GOOD"},
		{name: "unreadable", body: `{"status":false,"data":{"message":"DOCUMENT_VALIDATION_FAILED","reason":"no machine-readable zone"}}`,
			refused: "DOCUMENT_VALIDATION_FAILED", reason: "no machine-readable zone"},
		{name: "bad portrait", body: `{"status":true,"data":{"message":"DOCUMENT_VALIDATED_WITH_SUCCESS","result":"GOOD","images":{"photo":"%%%"}}}`,
			wantDecodeErrorCode: "MALFORMED_RESPONSE"},
		{name: "fields not an object", body: `{"status":true,"data":{"message":"DOCUMENT_VALIDATED_WITH_SUCCESS","result":"GOOD","fields":[1,2]}}`,
			wantDecodeErrorCode: "MALFORMED_RESPONSE"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			chk, err := documentServer(t, c.body).ValidateDocument(context.Background(), flow.DocIDCard, fakeJPEG, fakeJPEG)
			if c.wantDecodeErrorCode != "" {
				var coder flow.Coder
				require.ErrorAs(t, err, &coder)
				assert.Equal(t, c.wantDecodeErrorCode, coder.Code())
				return
			}
			require.NoError(t, err)
			assert.Equal(t, c.valid, chk.Valid)
			assert.Equal(t, c.refused, chk.Refused)
			assert.Equal(t, c.reason, chk.Reason)
			if c.field != "" {
				assert.Equal(t, c.value, chk.Fields[c.field])
			}
			if c.portrait {
				assert.Equal(t, fakeJPEG, chk.Portrait)
			} else {
				assert.Empty(t, chk.Portrait)
			}
		})
	}
}

func TestCompareSelfieAnswers(t *testing.T) {
	cases := []struct {
		name, body string
		matched    bool
		refused    flow.Code
		reason     string
		confidence float64
	}{
		{name: "match", body: `{"status":true,"data":{"message":"FACE_COMPARED_WITH_SUCCESS","verified":true,"confidence":"0.91"}}`, matched: true, confidence: 0.91},
		{name: "no match", body: `{"status":true,"data":{"message":"FACE_COMPARED_WITH_SUCCESS","verified":false,"confidence":"0.12"}}`, confidence: 0.12},
		{name: "failed comparison", body: `{"status":false,"data":{"message":"FACE_COMPARISON_FAILED"}}`},
		{name: "no face", body: `{"status":false,"data":{"message":"FACE_COMPARISON_FAILED","reason":"No faces found on 'photo2'"}}`,
			refused: "FACE_COMPARISON_FAILED", reason: "No faces found on 'photo2'"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			m, err := documentServer(t, c.body).CompareSelfie(context.Background(), fakeJPEG, fakeJPEG)
			require.NoError(t, err)
			assert.Equal(t, c.matched, m.Matched)
			assert.Equal(t, c.refused, m.Refused)
			assert.Equal(t, c.reason, m.Reason)
			assert.InDelta(t, c.confidence, m.Confidence, 1e-9)
		})
	}
}
