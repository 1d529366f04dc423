package history_test

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/retortdev/retort/history"
	"github.com/retortdev/retort/lint"
	"github.com/retortdev/retort/revision"
	"github.com/retortdev/retort/rules"
)

func sumProject(t *testing.T, files map[string]string) (string, func() *revision.Project) {
	t.Helper()
	dir := t.TempDir()
	write(t, dir, map[string]string{"alembic.ini": "[alembic]\nscript_location = migrations\n", "migrations/env.py": ""})
	write(t, dir, files)
	return dir, func() *revision.Project {
		p, err := revision.Load(filepath.Join(dir, "alembic.ini"))
		if err != nil {
			t.Fatal(err)
		}
		return p
	}
}

func TestSumLifecycle(t *testing.T) {
	dir, load := sumProject(t, map[string]string{
		versions + "b1_teams.py": rev("b1", "a0", createTable("teams")),
		versions + "a0_users.py": rev("a0", "", createTable("users")),
	})
	sumPath := filepath.Join(dir, "migrations", "retort.sum")
	if got := history.SumPath(load()); got != sumPath {
		t.Fatalf("SumPath = %s, want %s (beside the versions folder)", got, sumPath)
	}
	u, err := history.UpdateSum(load(), false)
	if err != nil || !u.Created || !u.Written || len(u.Added) != 2 {
		t.Fatalf("first sum: %+v, %v", u, err)
	}
	data, _ := os.ReadFile(sumPath)
	lines := strings.Split(strings.TrimSpace(string(data)), "\n")
	if len(lines) != 3 || lines[0] != history.SumHeader ||
		!strings.HasPrefix(lines[1], "a0 versions/a0_users.py h1:") || !strings.HasPrefix(lines[2], "b1 versions/b1_teams.py h1:") {
		t.Fatalf("retort.sum:\n%s", data)
	}

	// nothing changed: nothing written
	if u, err := history.UpdateSum(load(), false); err != nil || u.Written {
		t.Errorf("unchanged: %+v, %v", u, err)
	}

	// a reformat, a rename and a new revision are recorded without --force
	os.Rename(filepath.Join(dir, versions+"b1_teams.py"), filepath.Join(dir, versions+"0002_b1_teams.py"))
	write(t, dir, map[string]string{
		versions + "a0_users.py": blackened("a0", "", "users"),
		versions + "c2_posts.py": rev("c2", "b1", createTable("posts")),
	})
	u, err = history.UpdateSum(load(), false)
	if err != nil || strings.Join(u.Added, " ") != "c2" || strings.Join(u.Moved, " ") != "b1" || !u.Written {
		t.Fatalf("rename and add: %+v, %v", u, err)
	}

	// lint finds an edit through the sum alone
	write(t, dir, map[string]string{versions + "a0_users.py": rev("a0", "", createTable("people"))})
	r := check(t, dir, history.Options{})
	if got, want := r.short(), "edited-applied-revision a0_users.py:9"; got != want {
		t.Errorf("findings:\n%s\nwant:\n%s", got, want)
	}
	// without a base the sum decides the scope of the operation rules:
	// b1 and c2 are recorded as they are, a0 was edited since
	if got := strings.Join(r.inScope(), " "); r.h.Base != nil || got != "a0" {
		t.Errorf("a sum alone limits the scope to the edited a0, got %q", got)
	}

	// an edit is refused without --force, and the file stays as it was
	before, _ := os.ReadFile(sumPath)
	u, err = history.UpdateSum(load(), false)
	if !errors.Is(err, history.ErrSumConflict) || len(u.Changed) != 1 || u.Changed[0].ID != "a0" || u.Changed[0].Recorded != 2 {
		t.Fatalf("edit without --force: %+v, %v", u, err)
	}
	if after, _ := os.ReadFile(sumPath); string(after) != string(before) {
		t.Errorf("a refused update rewrote the file")
	}

	// a deletion is refused too; --force records both
	os.Remove(filepath.Join(dir, versions+"c2_posts.py"))
	r = check(t, dir, history.Options{})
	if got := r.short(); !strings.Contains(got, "deleted-applied-revision c2_posts.py:0") {
		t.Errorf("deletion through the sum:\n%s", got)
	}
	u, err = history.UpdateSum(load(), false)
	if !errors.Is(err, history.ErrSumConflict) || len(u.Removed) != 1 || u.Removed[0].ID != "c2" {
		t.Fatalf("deletion without --force: %+v, %v", u, err)
	}
	if u, err = history.UpdateSum(load(), true); err != nil || !u.Written || u.Total != 2 {
		t.Fatalf("--force: %+v, %v", u, err)
	}
	if got := check(t, dir, history.Options{}).short(); got != "" {
		t.Errorf("after --force: %s", got)
	}
}

func TestParseSum(t *testing.T) {
	for _, c := range []struct {
		name, text, err string
		n               int
	}{
		{"empty", "", "", 0},
		{"header only", history.SumHeader + "\n", "", 0},
		{"entries", history.SumHeader + "\na0 versions/a 0.py h1:x\n\nb1 versions/b1.py h1:y\n", "", 2},
		{"no header", "a0 versions/a0.py h1:x\n", "first line must be", 0},
		{"newer format", "# retort.sum v2\n", `format "v2" is newer`, 0},
		{"bad line", history.SumHeader + "\na0 h1:x\n", ":2: want", 0},
		{"no hash", history.SumHeader + "\na0 versions/a0.py deadbeef\n", ":2: want", 0},
		{"duplicate", history.SumHeader + "\na0 a.py h1:x\na0 b.py h1:y\n", `:3: revision "a0" is listed twice`, 0},
	} {
		t.Run(c.name, func(t *testing.T) {
			es, err := history.ParseSum("retort.sum", []byte(c.text))
			if c.err == "" {
				if err != nil || len(es) != c.n {
					t.Errorf("got %d entries, %v; want %d", len(es), err, c.n)
				}
				if c.n == 2 && es[0].Path != "versions/a 0.py" {
					t.Errorf("a path with a space: %q", es[0].Path)
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), c.err) {
				t.Errorf("error %v, want one containing %q", err, c.err)
			}
		})
	}
	// FormatSum and ParseSum agree
	in := []history.SumEntry{{ID: "b1", Path: "versions/b1.py", Hash: "h1:y"}, {ID: "a0", Path: "versions/a0.py", Hash: "h1:x"}}
	out, err := history.ParseSum("retort.sum", history.FormatSum(in))
	if err != nil || len(out) != 2 || out[0].ID != "a0" || out[1].Hash != "h1:y" {
		t.Errorf("round trip: %+v, %v", out, err)
	}
}

// BenchmarkLintWithSum measures what retort.sum costs a lint of a project
// with 1000 revisions: hashing every file and running the history rules.
func BenchmarkLintWithSum(b *testing.B) {
	dir := b.TempDir()
	files := map[string]string{"alembic.ini": "[alembic]\nscript_location = migrations\n", "migrations/env.py": ""}
	down := ""
	for i := 0; i < 1000; i++ {
		id := fmt.Sprintf("r%04d", i)
		files[versions+id+".py"] = rev(id, down, createTable("t"+id))
		down = id
	}
	for name, content := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		os.MkdirAll(filepath.Dir(p), 0o755)
		os.WriteFile(p, []byte(content), 0o644)
	}
	proj, err := revision.Load(filepath.Join(dir, "alembic.ini"))
	if err != nil {
		b.Fatal(err)
	}
	if _, err := history.UpdateSum(proj, false); err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		h, err := history.Load(proj, history.Options{Getenv: func(string) string { return "" }})
		if err != nil || h == nil || h.Sum == nil {
			b.Fatal(h, err)
		}
		if ds := lint.Run(proj, []*lint.Rule{rules.EditedAppliedRevision, rules.DeletedAppliedRevision}, lint.Options{History: h}); len(ds) != 0 {
			b.Fatal(ds)
		}
	}
}
