package revision

import (
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

// TestParseHeadersAgrees reads every Python file of the repository's test
// data both ways: ParseHeaders must give what Parse gives for everything
// but the function bodies, and Full must give exactly Parse.
func TestParseHeadersAgrees(t *testing.T) {
	srcs := testdataPython(t)
	// bodies that a header parse steps over, in every shape
	srcs["inline"] = []byte("revision = 'a'\ndown_revision = None\ndef upgrade(): op.drop_table('t'); x = (\n  1)\ndef downgrade():\n    pass\nbranch_labels = ('x',)\n")
	srcs["noindent"] = []byte("revision = 'a'\ndef upgrade():\nop.x()\ndown_revision = 'b'\n")
	srcs["nested"] = []byte("\"\"\"doc\n\nRevision ID: a\nRevises: b\n\"\"\"\nrevision = 'a'\ndown_revision = 'b'\ntry:\n    def upgrade():\n        \"\"\"up\"\"\"\n        if x:\n            import os\n            revision = 'zz'\n        class C: pass\nexcept ImportError:\n    pass\ndepends_on = 'c'  # retort: ignore[x] why\ndef downgrade(\n    a=1,\n) -> None:\n    op.f(\n\n)\n")
	srcs["eof"] = []byte("revision = 'a'\ndef upgrade():\n    op.x(")
	for name, src := range srcs {
		full := Parse(name, src)
		h := ParseHeaders(name, src)
		if !h.Partial() || full.Partial() {
			t.Fatalf("%s: Partial() = %v for ParseHeaders, %v for Parse", name, h.Partial(), full.Partial())
		}
		again := h.Full()
		if !sameFile(again, full) {
			t.Errorf("%s: Full() of a header parse differs from Parse", name)
		}

		if len(h.Funcs) != len(full.Funcs) {
			t.Errorf("%s: %d functions, Parse finds %d", name, len(h.Funcs), len(full.Funcs))
		}
		for n, fn := range full.Funcs {
			g := h.Funcs[n]
			if g == nil || g.Pos != fn.Pos || g.EndLine != fn.EndLine || g.Docstring != fn.Docstring {
				t.Errorf("%s: function %s: %+v, Parse: %+v", name, n, g, fn)
			}
		}
		for _, e := range h.Errors {
			if !contains(errStrings(full.Errors), e.Msg) {
				t.Errorf("%s: header error %v that Parse does not report", name, e)
			}
		}
		// the rest is the same
		full.Funcs, h.Funcs, full.Upgrade, h.Upgrade, full.Downgrade, h.Downgrade = nil, nil, nil, nil, nil, nil
		full.Errors, h.Errors = nil, nil
		full.Consts, full.Imports, full.Classes, full.Tables = nil, nil, nil, nil
		h.partial = false
		if !sameFile(h, full) {
			t.Errorf("%s: header parse differs:\n%+v\n%+v", name, h, full)
		}
	}
}

// testdataPython returns the Python files of the repository's test data
// by path.
func testdataPython(t *testing.T) map[string][]byte {
	var paths []string
	filepath.WalkDir("..", func(p string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() && strings.HasSuffix(p, ".py") && strings.Contains(p, "testdata") {
			paths = append(paths, p)
		}
		return nil
	})
	if len(paths) < 100 {
		t.Fatalf("only %d test files found", len(paths))
	}
	srcs := map[string][]byte{}
	for _, p := range paths {
		src, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		srcs[p] = src
	}
	return srcs
}

func errStrings(es []SyntaxError) []string {
	var out []string
	for _, e := range es {
		out = append(out, e.Msg)
	}
	return out
}

// sameFile compares the parsed fields of two files (not the caches).
func sameFile(a, b *File) bool {
	va, vb := reflect.ValueOf(a).Elem(), reflect.ValueOf(b).Elem()
	for i := 0; i < va.NumField(); i++ {
		if !va.Type().Field(i).IsExported() {
			continue // the caches, and partial and computed below
		}
		if !reflect.DeepEqual(va.Field(i).Interface(), vb.Field(i).Interface()) {
			return false
		}
	}
	return a.partial == b.partial && a.computed == nil && b.computed == nil
}
