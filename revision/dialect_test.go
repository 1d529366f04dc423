package revision_test

import (
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"github.com/retortdev/retort/revision"
)

// TestDetectDialect: where the target database is read from, for the
// layouts the cli tests do not cover.
func TestDetectDialect(t *testing.T) {
	rev := "revision = \"a\"\ndown_revision = None\n\ndef upgrade():\n    op.create_index(\"ix\", \"t\", [\"c\"]%s)\n"
	for _, tc := range []struct {
		name  string
		files map[string]string
		path  string
		want  revision.Dialect
	}{
		{"pyproject [tool.alembic]", map[string]string{
			"pyproject.toml":           "[tool.alembic]\nscript_location = \"migrations\"\n\"sqlalchemy.url\" = \"sqlite:///x.db\"\n",
			"migrations/env.py":        "",
			"migrations/versions/a.py": fmt.Sprintf(rev, ""),
		}, "pyproject.toml", revision.Dialect{Name: "sqlite", From: "pyproject.toml [tool.alembic] sqlalchemy.url"}},
		{"sqlite URL, postgresql options in the revisions", map[string]string{
			"alembic.ini":              "[alembic]\nscript_location = migrations\nsqlalchemy.url = sqlite://\n",
			"migrations/env.py":        "",
			"migrations/versions/a.py": fmt.Sprintf(rev, `, postgresql_using="gin"`),
		}, "alembic.ini", revision.Dialect{Name: "postgresql", From: "migrations/versions/a.py (postgresql types or options)"}},
		{"a bare versions folder", map[string]string{"versions/a.py": fmt.Sprintf(rev, "")}, "versions", revision.Dialect{Name: "postgresql"}},
		{"env.py reading the environment", map[string]string{
			"alembic.ini":              "[alembic]\nscript_location = migrations\n",
			"migrations/env.py":        "import os\nurl = os.environ[\"DATABASE_URL\"]  # e.g. postgresql://...\nhelp = 'see https://example.com'\n",
			"migrations/versions/a.py": fmt.Sprintf(rev, ""),
		}, "alembic.ini", revision.Dialect{Name: "postgresql"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			for name, src := range tc.files {
				p := filepath.Join(dir, name)
				os.MkdirAll(filepath.Dir(p), 0o755)
				if err := os.WriteFile(p, []byte(src), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			t.Chdir(dir)
			proj, err := revision.Load(tc.path)
			if err != nil {
				t.Fatal(err)
			}
			if proj.Dialect != tc.want {
				t.Errorf("dialect %+v, want %+v", proj.Dialect, tc.want)
			}
		})
	}
}
