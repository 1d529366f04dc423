package revision_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/retortdev/retort/revision"
)

// alembic 1.16+ projects keep the script location in pyproject.toml and
// the runtime settings in alembic.ini beside it.
func TestDiscoverIniBesidePyproject(t *testing.T) {
	const rev = "revision = \"a1\"\ndown_revision = None\n"
	pyproject := "[tool.alembic]\nscript_location = \"%(here)s/migrations\"\n"
	for _, tc := range []struct {
		name    string
		files   map[string]string
		path    string
		wantErr string // "" when the project loads with one revision
	}{
		{"ini with the URL only", map[string]string{
			"alembic.ini": "[alembic]\nsqlalchemy.url = postgresql://localhost/app\n", "pyproject.toml": pyproject,
		}, ".", ""},
		{"ini named explicitly", map[string]string{
			"alembic.ini": "[alembic]\nsqlalchemy.url = postgresql://localhost/app\n", "pyproject.toml": pyproject,
		}, "alembic.ini", ""},
		{"ini with logging only", map[string]string{
			"alembic.ini": "[loggers]\nkeys = root\n", "pyproject.toml": pyproject,
		}, ".", ""},
		{"ini without script_location, no pyproject", map[string]string{
			"alembic.ini": "[alembic]\nsqlalchemy.url = postgresql://localhost/app\n",
		}, ".", "[alembic] has no script_location (and no pyproject.toml beside it with [tool.alembic])"},
		{"ini without [alembic], pyproject without [tool.alembic]", map[string]string{
			"alembic.ini": "[loggers]\nkeys = root\n", "pyproject.toml": "[project]\nname = \"app\"\n",
		}, ".", "no [alembic] section (and no pyproject.toml beside it with [tool.alembic])"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			tc.files["migrations/env.py"] = ""
			tc.files["migrations/versions/a1_first.py"] = rev
			for name, src := range tc.files {
				p := filepath.Join(dir, name)
				if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(p, []byte(src), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			p, err := revision.Load(filepath.Join(dir, tc.path))
			if tc.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tc.wantErr) || !strings.Contains(err.Error(), "alembic.ini") {
					t.Fatalf("error = %v, want one naming alembic.ini and %q", err, tc.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if len(p.Files) != 1 || p.Files[0].Revision != "a1" {
				t.Fatalf("files = %d, want the one revision a1", len(p.Files))
			}
			if filepath.Base(p.Config) != "alembic.ini" {
				t.Errorf("Config = %q, want the alembic.ini (the driver reads pyproject.toml beside it)", p.Config)
			}
		})
	}
}
