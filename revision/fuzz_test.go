package revision

import (
	"os"
	"path/filepath"
	"testing"
	"time"
)

// FuzzParse asserts that no input makes the tokenizer or parser panic or
// hang, and that positions stay inside the input.
func FuzzParse(f *testing.F) {
	for _, glob := range []string{"../rules/testdata/*/*.py", "../rules/testdata/*/*/*.py", "../testdata/*/migrations/versions/*.py", "../testdata/*/*/migrations/versions/*.py"} {
		files, _ := filepath.Glob(glob)
		for _, name := range files {
			if b, err := os.ReadFile(name); err == nil {
				f.Add(b)
			}
		}
	}
	f.Add([]byte(sample))
	f.Add([]byte("def upgrade():\n\twith (a as b, c):\n\t\tpass\n"))
	f.Fuzz(func(t *testing.T, src []byte) {
		done := make(chan *File, 1)
		go func() { done <- Parse("fuzz.py", src) }()
		select {
		case file := <-done:
			lines := 1
			for _, c := range src {
				if c == '\n' || c == '\r' {
					lines++
				}
			}
			for _, e := range file.Errors {
				if e.Line < 1 || e.Line > lines+1 {
					t.Fatalf("error %v at line %d of %d", e.Msg, e.Line, lines)
				}
			}
			for _, fn := range file.Funcs {
				for _, c := range fn.Calls {
					if c.Line < 1 || c.Line > lines+1 || c.EndLine < c.Line {
						t.Fatalf("call %s at %d-%d of %d lines", c.Name, c.Line, c.EndLine, lines)
					}
				}
			}
		case <-time.After(5 * time.Second):
			t.Fatalf("Parse did not finish in 5s on %q", src)
		}
	})
}
