package revision

import (
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"testing"
)

// LoadHeadersKeeping parses files in full while the budget lasts and by
// ParseHeaders after it; asked not to keep, it loads as LoadHeaders does.
// Either way the graph is the same, and Full of a kept file is the file.
func TestLoadHeadersKeeping(t *testing.T) {
	dir := t.TempDir()
	versions := filepath.Join(dir, "versions")
	if err := os.MkdirAll(versions, 0o755); err != nil {
		t.Fatal(err)
	}
	os.WriteFile(filepath.Join(dir, "env.py"), []byte("from alembic import context\n"), 0o644)
	down := "None"
	for i := 0; i < 6; i++ {
		src := fmt.Sprintf("revision = 'r%d'\ndown_revision = %s\n\ndef upgrade():\n    op.drop_table('t%d')\n", i, down, i)
		down = fmt.Sprintf("'r%d'", i)
		if err := os.WriteFile(filepath.Join(versions, fmt.Sprintf("r%d.py", i)), []byte(src), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	headers, err := LoadHeaders(dir)
	if err != nil {
		t.Fatal(err)
	}
	asked := 0
	kept, err := LoadHeadersKeeping(dir, func(p *Project) bool { asked++; return true })
	if err != nil {
		t.Fatal(err)
	}
	notKept, err := LoadHeadersKeeping(dir, func(*Project) bool { return false })
	if err != nil {
		t.Fatal(err)
	}
	if asked != 1 {
		t.Errorf("everyFull was asked %d times, want once", asked)
	}
	for i, f := range kept.Files {
		if f.Partial() {
			t.Errorf("%s: partial, want parsed in full (the budget holds the six files)", f.Path)
		} else if f.Full() != f || len(f.Upgrade.Calls) != 1 {
			t.Errorf("%s: Full() parsed again or lost the calls of upgrade()", f.Path)
		}
		if !notKept.Files[i].Partial() {
			t.Errorf("%s: parsed in full, though everyFull said no", f.Path)
		}
	}
	if !reflect.DeepEqual(kept.Graph.Heads, headers.Graph.Heads) || !reflect.DeepEqual(notKept.Graph.Heads, headers.Graph.Heads) || len(headers.Graph.Heads) != 1 || headers.Graph.Heads[0] != "r5" {
		t.Errorf("heads: kept %v, not kept %v, headers %v; want [r5]", kept.Graph.Heads, notKept.Graph.Heads, headers.Graph.Heads)
	}

	// past the budget, files are read by ParseHeaders
	src, _ := os.ReadFile(filepath.Join(versions, "r0.py"))
	parse := keepingFull(int64(2*len(src)+1), nil)
	var partial []bool
	for i := 0; i < 4; i++ {
		partial = append(partial, parse("r0.py", src).Partial())
	}
	if want := []bool{false, false, true, true}; !reflect.DeepEqual(partial, want) {
		t.Errorf("partial per file within a budget of two files: %v, want %v", partial, want)
	}
}
