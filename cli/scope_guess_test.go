package cli

import (
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/retortdev/retort/history"
	"github.com/retortdev/retort/revision"
	"github.com/retortdev/retort/rules"
)

// everyRevisionInScope says yes only when the per-file rules will read
// every revision in full: some is enabled, and no base, --applied or
// retort.sum narrows the scope (or --all widens it again).
func TestEveryRevisionInScope(t *testing.T) {
	dir := t.TempDir()
	versions := filepath.Join(dir, "versions")
	if err := os.MkdirAll(versions, 0o755); err != nil {
		t.Fatal(err)
	}
	os.WriteFile(filepath.Join(dir, "env.py"), []byte("from alembic import context\n"), 0o644)
	p, err := revision.Discover(dir)
	if err != nil {
		t.Fatal(err)
	}
	noRules := filepath.Join(t.TempDir(), "retort.toml")
	var ids []string
	for _, r := range rules.All {
		ids = append(ids, strconv.Quote(r.ID))
	}
	os.WriteFile(noRules, []byte("disable = ["+strings.Join(ids, ", ")+"]\n"), 0o644)
	env := func(base string) *Env {
		return &Env{Getenv: func(k string) string {
			if k == "GITHUB_BASE_REF" {
				return base
			}
			return ""
		}}
	}
	sum := history.SumPath(p)
	for _, tc := range []struct {
		name   string
		hf     historyFlags
		config string
		pr     string
		sum    bool
		want   bool
	}{
		{"no base, no sum", historyFlags{}, "", "", false, true},
		{"--base", historyFlags{base: "main"}, "", "", false, false},
		{"--applied", historyFlags{applied: "a1"}, "", "", false, false},
		{"a pull request's base", historyFlags{}, "", "main", false, false},
		{"retort.sum", historyFlags{}, "", "", true, false},
		{"retort.sum and --all", historyFlags{all: true}, "", "", true, true},
		{"no per-file rule enabled", historyFlags{}, noRules, "", false, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			os.Remove(sum)
			if tc.sum {
				os.WriteFile(sum, []byte(history.SumHeader+"\n"), 0o644)
			}
			if got := everyRevisionInScope(env(tc.pr), p, &tc.hf, &projectFlags{config: tc.config}); got != tc.want {
				t.Errorf("got %v, want %v", got, tc.want)
			}
		})
	}
}
