package sandbox

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"io"
	"net/http"
	"sort"
	"testing"

	"biokiosk/biometrics/biopassid"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The BioPass ID route takes raw base64 only (spec §2): a data: URI is
// refused as the API refuses a bad body; the client's Check (a verify
// without biometrics) reads the sandbox as a server that took the key.
func TestBioPassIDRawBase64AndCheck(t *testing.T) {
	sb, hs, _ := newSandbox(t, Config{Key: "sub-key", Secret: "s"})
	ctx := context.Background()
	key, err := sb.BioPassKey(ctx)
	require.NoError(t, err)
	post := func(face string) (int, string) {
		body, _ := json.Marshal(map[string]any{"Person": map[string]any{"CustomID": "raw-1", "Face": []map[string]string{{"Face-1": face}}}})
		req, _ := http.NewRequest(http.MethodPost, hs.URL+"/multibiometrics/enroll", bytes.NewReader(body))
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("Ocp-Apim-Subscription-Key", key)
		resp, err := http.DefaultClient.Do(req)
		require.NoError(t, err)
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, string(b)
	}
	img := base64.StdEncoding.EncodeToString(photo(t, "obama.jpg"))
	code, body := post("data:image/jpeg;base64," + img)
	assert.Equal(t, 400, code)
	assert.Equal(t, "Invalid JSON format", body)
	code, body = post(img)
	assert.Equal(t, 200, code, body)

	c, err := biopassid.New(hs.URL, key)
	require.NoError(t, err)
	assert.NoError(t, c.Check(ctx))
	bad, err := biopassid.New(hs.URL, "wrong")
	require.NoError(t, err)
	assert.Error(t, bad.Check(ctx))
	_, err = c.Verify(ctx, biopassid.Person{CustomID: "raw-1", Face: photo(t, "obama2.jpg")})
	assert.NoError(t, err, "the check changed nothing")
}

// The biometric step's 200 has exactly the fields of the document's
// example, informationValidation included.
func TestVerifikBiometricAnswerIsTheDocumentsShape(t *testing.T) {
	s, hs, _, setup := vkSandbox(t, Config{})
	tok, err := s.VerifikToken(context.Background(), 0)
	require.NoError(t, err)
	code, body := vkRaw(t, "POST", hs.URL+"/v2/app-registrations", tok, `{"project":"`+setup.Project+`","projectFlow":"`+setup.ProjectFlow+`","email":"shape@kiosk.invalid","fullName":"Shape"}`)
	require.Equal(t, 200, code, body)
	var created struct {
		Data struct {
			InformationValidation struct {
				ID string `json:"_id"`
			} `json:"informationValidation"`
			Token string
		}
	}
	require.NoError(t, json.Unmarshal([]byte(body), &created))
	img := `"data:image/jpeg;base64,` + base64.StdEncoding.EncodeToString(photo(t, "obama.jpg")) + `"`
	code, body = vkRaw(t, "POST", hs.URL+"/v2/biometric-validations/app-registration", created.Data.Token, `{"os":"DESKTOP","image":`+img+`}`)
	require.Equal(t, 200, code, body)
	var got struct{ Data map[string]any }
	require.NoError(t, json.Unmarshal([]byte(body), &got))
	var keys []string
	for k := range got.Data {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	want := []string{"_id", "assignedCollection", "biometricValidation", "client", "countryCode", "createdAt", "email",
		"informationValidation", "person", "phone", "project", "projectFlow", "status", "updatedAt"}
	assert.Equal(t, want, keys)
	assert.Equal(t, created.Data.InformationValidation.ID, got.Data["informationValidation"], "the creation's information validation")
}
