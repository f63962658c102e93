package flow

import (
	"go/ast"
	"go/parser"
	"go/token"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// declared reads this package's source for the values of the constants
// declared with the type typ.
func declared(t *testing.T, typ string) []string {
	t.Helper()
	files, err := filepath.Glob("*.go")
	require.NoError(t, err)
	var values []string
	for _, name := range files {
		if strings.HasSuffix(name, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(token.NewFileSet(), name, nil, 0)
		require.NoError(t, err)
		for _, d := range f.Decls {
			g, ok := d.(*ast.GenDecl)
			if !ok || g.Tok != token.CONST {
				continue
			}
			for _, sp := range g.Specs {
				v := sp.(*ast.ValueSpec)
				if id, ok := v.Type.(*ast.Ident); ok && id.Name == typ {
					for i := range v.Names {
						lit, ok := v.Values[i].(*ast.BasicLit)
						require.True(t, ok, "%s: a literal value", v.Names[i].Name)
						s, err := strconv.Unquote(lit.Value)
						require.NoError(t, err)
						values = append(values, s)
					}
				}
			}
		}
	}
	require.NotEmpty(t, values, typ)
	return values
}

func strs[T ~string](vs []T) []string {
	out := make([]string, len(vs))
	for i, v := range vs {
		out[i] = string(v)
	}
	return out
}

// TestVocabularyListsAreComplete: each list holds every constant of its
// type exactly once, so front ends that check their words against the
// lists miss none.
func TestVocabularyListsAreComplete(t *testing.T) {
	for typ, list := range map[string][]string{
		"Code": strs(Codes()), "Outcome": strs(Outcomes()),
		"StepResult": strs(StepResults()), "DeletionKind": strs(DeletionKinds()),
		"FlowName": strs(FlowNames()),
	} {
		assert.ElementsMatch(t, declared(t, typ), list, typ)
	}
}
