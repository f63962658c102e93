package sandbox

import (
	"go/ast"
	"go/parser"
	"go/token"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestNoClientDependency fails when the sandbox's non-test code depends,
// directly or not, on a client package (biometrics and its vendor
// packages) or on PortAudio: the sandbox implements the contract on its
// own, and decoding a WAV must not link a sound library.
func TestNoClientDependency(t *testing.T) {
	goTool, err := exec.LookPath("go")
	if err != nil {
		t.Skipf("the go tool is not on PATH: %v", err)
	}
	out, err := exec.Command(goTool, "list", "-deps", "./...").Output()
	require.NoError(t, err, "go list -deps")
	for _, dep := range strings.Fields(string(out)) {
		if dep == "biokiosk/biometrics" || strings.HasPrefix(dep, "biokiosk/biometrics/") {
			t.Errorf("sandbox depends on the client package %s", dep)
		}
		if strings.Contains(dep, "portaudio") {
			t.Errorf("sandbox links PortAudio (%s)", dep)
		}
	}
}

// TestMessagesMatchClient keeps the sandbox's copy of the BiometrID
// messages (biometrid_messages.go) equal to the client's constants: each
// msgX must have the value of biometrics.MsgX.
func TestMessagesMatchClient(t *testing.T) {
	ours := stringConsts(t, "biometrid_messages.go")
	require.NotEmpty(t, ours)
	client, err := filepath.Glob(filepath.Join("..", "biometrics", "*.go"))
	require.NoError(t, err)
	theirs := map[string]string{}
	for _, f := range client {
		if !strings.HasSuffix(f, "_test.go") {
			for k, v := range stringConsts(t, f) {
				theirs[k] = v
			}
		}
	}
	for name, v := range ours {
		clientName := "M" + strings.TrimPrefix(name, "m")
		want, ok := theirs[clientName]
		if assert.True(t, ok, "biometrics.%s does not exist (sandbox copy %s)", clientName, name) {
			assert.Equal(t, want, v, "%s differs from biometrics.%s", name, clientName)
		}
	}
}

// stringConsts returns the string constants a Go file declares, by name.
func stringConsts(t *testing.T, path string) map[string]string {
	t.Helper()
	f, err := parser.ParseFile(token.NewFileSet(), path, nil, 0)
	require.NoError(t, err)
	out := map[string]string{}
	for _, d := range f.Decls {
		g, ok := d.(*ast.GenDecl)
		if !ok || g.Tok != token.CONST {
			continue
		}
		for _, s := range g.Specs {
			vs := s.(*ast.ValueSpec)
			for i, n := range vs.Names {
				if i >= len(vs.Values) {
					continue
				}
				if lit, ok := vs.Values[i].(*ast.BasicLit); ok && lit.Kind == token.STRING {
					v, err := strconv.Unquote(lit.Value)
					require.NoError(t, err)
					out[n.Name] = v
				}
			}
		}
	}
	return out
}
