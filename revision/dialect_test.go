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
		// a URL of another database is a local fallback when env.py takes
		// the real one from the environment or the settings
		{"sqlite in alembic.ini, env.py reads the environment", map[string]string{
			"alembic.ini":              "[alembic]\nscript_location = migrations\nsqlalchemy.url = sqlite:///dev.db\n",
			"migrations/env.py":        "import os\nconfig.set_main_option(\"sqlalchemy.url\", os.environ[\"DATABASE_URL\"])\n",
			"migrations/versions/a.py": fmt.Sprintf(rev, ""),
		}, "alembic.ini", revision.Dialect{Name: "postgresql", Because: "alembic.ini sqlalchemy.url names sqlite, but env.py takes the real URL from the environment or the settings; set dialect in the retort configuration if production is not PostgreSQL"}},
		{"sqlite default of getenv in env.py", map[string]string{
			"alembic.ini":              "[alembic]\nscript_location = migrations\n",
			"migrations/env.py":        "import os\nurl = os.getenv(\"DATABASE_URL\", \"sqlite:///dev.db\")\n",
			"migrations/versions/a.py": fmt.Sprintf(rev, ""),
		}, "alembic.ini", revision.Dialect{Name: "postgresql", Because: "env.py names sqlite, but env.py takes the real URL from the environment or the settings; set dialect in the retort configuration if production is not PostgreSQL"}},
		{"the app's settings, a sqlite fallback, PRAGMA in a revision", map[string]string{
			"alembic.ini":              "[alembic]\nscript_location = migrations\nsqlalchemy.url = sqlite:///dev.db\n",
			"migrations/env.py":        "from app.config import settings\nurl = settings.database_url\n",
			"migrations/versions/a.py": fmt.Sprintf(rev, "") + "    op.execute(\"PRAGMA foreign_keys=ON\")\n",
		}, "alembic.ini", revision.Dialect{Name: "sqlite", From: "alembic.ini sqlalchemy.url and migrations/versions/a.py (sqlite options or statements)"}},
		{"sqlite in alembic.ini, env.py uses it", map[string]string{
			"alembic.ini":              "[alembic]\nscript_location = migrations\nsqlalchemy.url = sqlite:///dev.db\n",
			"migrations/env.py":        "from sqlalchemy import engine_from_config\n",
			"migrations/versions/a.py": fmt.Sprintf(rev, ""),
		}, "alembic.ini", revision.Dialect{Name: "sqlite", From: "alembic.ini sqlalchemy.url"}},
		{"no URL, postgresql options in a revision", map[string]string{
			"alembic.ini":              "[alembic]\nscript_location = migrations\n",
			"migrations/env.py":        "",
			"migrations/versions/a.py": fmt.Sprintf(rev, `, postgresql_concurrently=True`),
		}, "alembic.ini", revision.Dialect{Name: "postgresql", From: "migrations/versions/a.py (postgresql types or options)"}},
		{"no URL, PRAGMA alone proves nothing", map[string]string{
			"alembic.ini":              "[alembic]\nscript_location = migrations\n",
			"migrations/env.py":        "",
			"migrations/versions/a.py": fmt.Sprintf(rev, "") + "    op.execute(\"PRAGMA foreign_keys=ON\")\n",
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
