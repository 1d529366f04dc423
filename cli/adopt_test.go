package cli

import (
	"encoding/json"
	"fmt"
	"path/filepath"
	"sort"
	"strings"
	"testing"
)

// These tests adopt retort on projects with a history, each in a real
// temporary git repository: the retort.sum baseline, a base that does not
// resolve, a PATH without revisions, and the target database.

// adoptRev is a revision file whose upgrade() runs ops.
func adoptRev(id, down string, ops ...string) string {
	d := "None"
	if down != "" {
		d = fmt.Sprintf("%q", down)
	}
	body := "    pass\n"
	if len(ops) > 0 {
		body = "    " + strings.Join(ops, "\n    ") + "\n"
	}
	return fmt.Sprintf("from alembic import op\nimport sqlalchemy as sa\n\nrevision = %q\ndown_revision = %s\n\n\ndef upgrade():\n%s\n\ndef downgrade():\n    raise NotImplementedError(\"one way\")\n", id, d, body)
}

const (
	opNotNull = `op.add_column("users", sa.Column("age", sa.Integer(), nullable=False))`
	opIndex   = `op.create_index("ix_users_email", "users", ["email"])`
	opPragma  = `op.execute("PRAGMA foreign_keys=ON")`
	opDrop    = `op.drop_column("users", "legacy")`
)

// adoptRepo makes a git repository holding files, committed on main.
func adoptRepo(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	histGit(t, dir, "init", "-q", "-b", "main")
	histWrite(t, dir, files)
	histGit(t, dir, "add", "-A")
	histGit(t, dir, "commit", "-q", "-m", "history")
	return dir
}

// adoptLint runs lint --format json with env and returns the exit code,
// the findings as "rule file", sorted, the summary and stderr.
func adoptLint(t *testing.T, env map[string]string, args ...string) (int, []string, adoptSummary, string) {
	t.Helper()
	code, out, errs := run(t, env, append([]string{"lint", "--format", "json"}, args...)...)
	var doc struct {
		Diagnostics []struct{ Rule, Path string }
		Summary     adoptSummary
	}
	if code != ExitUsage && code != ExitFailure {
		if err := json.Unmarshal([]byte(out), &doc); err != nil {
			t.Fatalf("exit %d, bad JSON: %v\n%s\nstderr: %s", code, err, out, errs)
		}
	} else if out != "" {
		t.Errorf("exit %d printed findings anyway:\n%s", code, out)
	}
	var found []string
	for _, d := range doc.Diagnostics {
		if d.Rule == "missing-lock-timeout" {
			continue // these projects set no lock_timeout; the rule has its own fixtures
		}
		found = append(found, d.Rule+" "+filepath.Base(d.Path))
	}
	sort.Strings(found)
	return code, found, doc.Summary, errs
}

type adoptSummary struct {
	Revisions int
	Scope     struct {
		Basis, Ref, Note string
		Revisions        int
	}
	Dialect struct {
		Name, From, Note string
		NotRun           []string `json:"rules_not_run"`
	}
}

// TestAdoptSumBaseline: without a git base, retort.sum is the baseline:
// the operation rules skip the revisions it records as they are, and
// still check new and edited ones; the history rules still see edits.
func TestAdoptSumBaseline(t *testing.T) {
	dir := adoptRepo(t, map[string]string{
		"alembic.ini":                   "[alembic]\nscript_location = migrations\nsqlalchemy.url = postgresql://localhost/app\n",
		"migrations/env.py":             "from alembic import context\n",
		"migrations/versions/a0_old.py": adoptRev("a0", "", opIndex),
		"migrations/versions/b1_old.py": adoptRev("b1", "a0", opNotNull),
	})
	sum := filepath.Join("migrations", "retort.sum")
	steps := []struct {
		name    string
		do      func(t *testing.T)
		args    []string
		code    int
		found   string // the findings, "rule file" joined by ", "
		basis   string
		checked int
		note    string
	}{
		{"neither a base nor a sum", nil, nil, ExitFindings,
			"create-index-non-concurrently a0_old.py, not-null-without-default b1_old.py", "none", 2,
			`operation rules checked all 2 revisions: no --base and no retort.sum; run "retort sum" to record today's revisions as the baseline`},
		{"retort sum records the baseline", func(t *testing.T) {
			if code, out, errs := histRun("sum", dir); code != ExitOK || !strings.Contains(out, "2 revisions") || !strings.Contains(out, "commit it") {
				t.Fatalf("sum: exit %d: %s %s", code, out, errs)
			}
			histGit(t, dir, "add", "-A")
			histGit(t, dir, "commit", "-q", "-m", "retort sum")
		}, nil, ExitOK, "", "sum", 0, "operation rules on 0 new or edited since " + sum},
		{"a new revision is still checked", func(t *testing.T) {
			histWrite(t, dir, map[string]string{"migrations/versions/c2_new.py": adoptRev("c2", "b1", opNotNull, opIndex)})
		}, nil, ExitFindings, "create-index-non-concurrently c2_new.py, not-null-without-default c2_new.py", "sum", 1,
			"operation rules on 1 new or edited since " + sum},
		{"an edited recorded revision is checked and reported", func(t *testing.T) {
			histWrite(t, dir, map[string]string{"migrations/versions/a0_old.py": adoptRev("a0", "", opIndex, `op.drop_column("users", "legacy")`)})
		}, nil, ExitFindings,
			"create-index-non-concurrently a0_old.py, create-index-non-concurrently c2_new.py, drop-column a0_old.py, edited-applied-revision a0_old.py, not-null-without-default c2_new.py",
			"sum", 2, "operation rules on 2 new or edited since " + sum},
		{"--all checks every revision", nil, []string{"--all"}, ExitFindings,
			"create-index-non-concurrently a0_old.py, create-index-non-concurrently c2_new.py, drop-column a0_old.py, edited-applied-revision a0_old.py, not-null-without-default b1_old.py, not-null-without-default c2_new.py",
			"all", 3, ""},
		{"a git base decides over retort.sum", func(t *testing.T) {
			histGit(t, dir, "checkout", "-q", "--", "migrations/versions/a0_old.py")
			histGit(t, dir, "checkout", "-q", "-b", "feature")
			histGit(t, dir, "add", "-A")
			histGit(t, dir, "commit", "-q", "-m", "c2")
		}, []string{"--base", "main"}, ExitFindings,
			"create-index-non-concurrently c2_new.py, not-null-without-default c2_new.py", "base", 1,
			"operation rules on 1 new or edited since main"},
	}
	for _, st := range steps {
		t.Run(st.name, func(t *testing.T) {
			if st.do != nil {
				st.do(t)
			}
			t.Chdir(dir)
			code, found, s, errs := adoptLint(t, nil, st.args...)
			if code != st.code {
				t.Errorf("exit %d, want %d; stderr: %s", code, st.code, errs)
			}
			if got := strings.Join(found, ", "); got != st.found {
				t.Errorf("findings:\n  %s\nwant:\n  %s", got, st.found)
			}
			if s.Scope.Basis != st.basis || s.Scope.Revisions != st.checked || s.Scope.Note != st.note {
				t.Errorf("scope %+v, want %s on %d: %q", s.Scope, st.basis, st.checked, st.note)
			}
			_, text, _ := run(t, nil, append([]string{"lint"}, st.args...)...)
			if st.note != "" && !strings.Contains(text, st.note) {
				t.Errorf("the text summary does not say %q:\n%s", st.note, text)
			}
		})
	}
}

// TestAdoptUnresolvedBase: a base that does not resolve stops lint, check
// and replay with exit 2, naming the ref and git's reason; it never
// changes which revisions are checked.
func TestAdoptUnresolvedBase(t *testing.T) {
	files := map[string]string{
		"alembic.ini":                   "[alembic]\nscript_location = migrations\n",
		"migrations/env.py":             "from alembic import context\n",
		"migrations/versions/a0_old.py": adoptRev("a0", ""),
		"migrations/versions/b1_new.py": adoptRev("b1", "a0", opNotNull),
	}
	dir := adoptRepo(t, files)
	notGit := t.TempDir()
	histWrite(t, notGit, files)
	pr := map[string]string{"GITHUB_ACTIONS": "true", "GITHUB_BASE_REF": "release"}
	for _, tc := range []struct {
		name string
		dir  string
		env  map[string]string
		args []string
		want []string
	}{
		{"lint --base", dir, nil, []string{"lint", "--base", "nope"}, []string{`--base "nope"`, `"nope" is not a commit in this repository`}},
		{"lint --base of a missing remote", dir, nil, []string{"lint", "--base", "origin/main"}, []string{`--base "origin/main"`, "not a commit"}},
		{"the pull request's base", dir, pr, []string{"lint"}, []string{`the pull request's base "origin/release" (origin/$GITHUB_BASE_REF)`, "not a commit"}},
		{"check", dir, nil, []string{"check", "--replay", "none", "--base", "nope"}, []string{`--base "nope"`}},
		{"check in a pull request", dir, pr, []string{"check", "--replay", "none"}, []string{`"origin/release"`}},
		{"replay's changed plan", dir, nil, []string{"replay", "--plan", "changed", "--base", "nope"}, []string{`--base "nope"`}},
		{"not a git repository", notGit, nil, []string{"lint", "--base", "main"}, []string{`--base "main"`, "not in a git work tree"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			code, out, errs := run(t, tc.env, append(tc.args, tc.dir)...)
			if code != ExitUsage {
				t.Errorf("exit %d, want %d (never 0: the not-null error must not go unreported)\nstdout: %s\nstderr: %s", code, ExitUsage, out, errs)
			}
			if strings.Contains(out, "not-null-without-default") || strings.Contains(out, "revisions") {
				t.Errorf("findings were printed for another scope:\n%s", out)
			}
			for _, w := range tc.want {
				if !strings.Contains(errs, w) {
					t.Errorf("stderr does not say %q:\n%s", w, errs)
				}
			}
		})
	}
	// the same project with a base that resolves: the new revision's error
	histGit(t, dir, "branch", "base", "HEAD")
	if code, found, _, errs := adoptLint(t, nil, "--base", "base", dir); code != ExitOK || len(found) != 0 {
		t.Errorf("--base base (everything released): exit %d %v %s", code, found, errs)
	}
	if code, found, _, errs := adoptLint(t, nil, dir); code != ExitFindings || strings.Join(found, ",") != "not-null-without-default b1_new.py" {
		t.Errorf("no base: exit %d %v %s", code, found, errs)
	}
}

// TestAdoptNoRevisions: a PATH that yields no revisions is exit 2 naming
// what was looked for, and suggests the projects below it; a recursive
// layout without a config is read recursively.
func TestAdoptNoRevisions(t *testing.T) {
	dir := adoptRepo(t, map[string]string{
		"parent/app/alembic.ini":                   "[alembic]\nscript_location = migrations\n",
		"parent/app/migrations/env.py":             "from alembic import context\n",
		"parent/app/migrations/versions/a0.py":     adoptRev("a0", ""),
		"parent/setup.py":                          "from setuptools import setup\nsetup()\n",
		"scripts/migrations/env.py":                "from alembic import context\n",
		"scripts/migrations/versions/a0.py":        adoptRev("a0", ""),
		"recursive/versions/2023/a0.py":            adoptRev("a0", ""),
		"recursive/versions/2024/b1.py":            adoptRev("b1", "a0"),
		"empty/README.md":                          "nothing here\n",
		"notrevisions/tool.py":                     "print('hi')\n",
		"flat/alembic.ini":                         "[alembic]\nscript_location = db\n",
		"flat/db/env.py":                           "from alembic import context\n",
		"flat/db/versions/2024/a0.py":              adoptRev("a0", ""),
		"scriptonly/env.py":                        "from alembic import context\n",
		"scriptonly/versions/sub/a0.py":            adoptRev("a0", ""),
		"scriptempty/env.py":                       "from alembic import context\n",
		"scriptempty/versions/README":              "empty\n",
		"deep/one/two/three/four/five/alembic.ini": "[alembic]\nscript_location = m\n",
	})
	for _, tc := range []struct {
		path string
		code int
		want []string // in stderr
		revs int
	}{
		{"parent", ExitUsage, []string{`no revision files found under "parent"`, "no alembic.ini or pyproject.toml with [tool.alembic] in it",
			"not a script directory (no env.py)", "1 *.py file in it but no revision id;", "did you mean parent/app?"}, 0},
		{".", ExitUsage, []string{`no revision files found under "."`, "did you mean flat or parent/app or scriptempty or scriptonly or scripts/migrations?"}, 0},
		{"scripts", 0, nil, 1}, // scripts/migrations/env.py, as today
		{"recursive/versions", 0, []string{"note: recursive/versions holds no revision files itself; its sub-folders are read recursively"}, 2},
		{"recursive", 0, []string{"note: recursive holds no revision files itself"}, 2},
		{"empty", ExitUsage, []string{"no *.py revision files in it or, recursively, in its sub-folders"}, 0},
		{"notrevisions", ExitUsage, []string{"1 *.py file in it but no revision id nor, recursively, in its sub-folders"}, 0},
		{"flat", ExitUsage, []string{"versions folder", "holds no *.py revision files, but its sub-folders hold 1 *.py file: set recursive_version_locations = true in"}, 0},
		{"scriptonly", 0, []string{"scriptonly/versions holds no revision files itself; its sub-folders are read recursively"}, 1},
		{"scriptempty", ExitUsage, []string{"the script directory's versions folder scriptempty/versions holds no *.py revision files"}, 0},
		{"deep", ExitUsage, []string{"no *.py revision files in it or, recursively, in its sub-folders"}, 0},
	} {
		t.Run(tc.path, func(t *testing.T) {
			t.Chdir(dir)
			code, _, s, errs := adoptLint(t, nil, tc.path)
			if code != tc.code {
				t.Errorf("exit %d, want %d; stderr: %s", code, tc.code, errs)
			}
			for _, w := range tc.want {
				if !strings.Contains(errs, w) {
					t.Errorf("stderr does not say %q:\n%s", w, errs)
				}
			}
			if tc.code == 0 && s.Revisions != tc.revs {
				t.Errorf("%d revisions, want %d", s.Revisions, tc.revs)
			}
		})
	}
}

// TestAdoptDialect: the target database comes from the project or the
// config; on another database than PostgreSQL the PostgreSQL rules do not
// run, the graph rules do, the summary names the dialect and its source,
// and replay refuses.
func TestAdoptDialect(t *testing.T) {
	ini := func(url string) string {
		return "[alembic]\nscript_location = migrations\nsqlalchemy.url = " + url + "\n"
	}
	revs := map[string]string{
		"migrations/versions/a0.py": adoptRev("a0", "", opPragma, opIndex, opNotNull, opDrop),
		"migrations/versions/b1.py": adoptRev("b1", "a0"),
		"migrations/versions/c1.py": adoptRev("c1", "a0"), // a second head
	}
	// drop-column holds on every database: it still runs
	pgFound := "create-index-non-concurrently a0.py, drop-column a0.py, multiple-heads b1.py, multiple-heads c1.py, not-null-without-default a0.py, sql-syntax-error a0.py"
	otherFound := "drop-column a0.py, multiple-heads b1.py, multiple-heads c1.py"
	envPy := func(body string) string { return "from alembic import context\n" + body }
	for _, tc := range []struct {
		name    string
		files   map[string]string
		dialect string
		from    string // "" for assumed
		found   string
	}{
		{"ini URL sqlite", map[string]string{"alembic.ini": ini("sqlite:///%(here)s/app.db"), "migrations/env.py": envPy("")},
			"sqlite", "alembic.ini sqlalchemy.url", otherFound},
		{"env.py URL sqlite", map[string]string{"alembic.ini": ini("driver://user:pass@localhost/dbname"),
			"migrations/env.py": envPy("from sqlalchemy import create_engine\nengine = create_engine(\"sqlite:///app.db\")\n")},
			"sqlite", "env.py", otherFound},
		{"env.py URL mysql", map[string]string{"alembic.ini": ini("%(DB_URL)s"),
			"migrations/env.py": envPy("URL = f'mysql+pymysql://{user}@db/app'\n")}, "mysql", "env.py", otherFound},
		{"config override", map[string]string{"alembic.ini": ini("postgresql://localhost/app"), "migrations/env.py": envPy(""),
			"retort.toml": "dialect = \"sqlite\"\n"}, "sqlite", "retort.toml dialect", otherFound},
		{"pyproject override", map[string]string{"alembic.ini": ini(""), "migrations/env.py": envPy(""),
			"pyproject.toml": "[tool.retort]\ndialect = \"mariadb\"\n"}, "mariadb", "pyproject.toml [tool.retort] dialect", otherFound},
		{"ini URL postgresql", map[string]string{"alembic.ini": ini("postgresql+psycopg://localhost/app"), "migrations/env.py": envPy("")},
			"postgresql", "alembic.ini sqlalchemy.url", pgFound},
		{"multi-database ini", map[string]string{"alembic.ini": ini("") + "\n[engine1]\nsqlalchemy.url = sqlite://\n\n[engine2]\nsqlalchemy.url = postgresql://localhost/b\n",
			"migrations/env.py": envPy("")}, "postgresql", "alembic.ini [engine2] sqlalchemy.url", pgFound},
		{"sqlite default, postgresql in env.py", map[string]string{"alembic.ini": ini("sqlite://"),
			"migrations/env.py": envPy("PROD = \"postgresql://db/app\"\n")}, "postgresql", "env.py", pgFound},
		{"nothing named", map[string]string{"alembic.ini": ini("driver://user:pass@localhost/dbname"), "migrations/env.py": envPy("")},
			"postgresql", "", pgFound},
	} {
		t.Run(tc.name, func(t *testing.T) {
			files := map[string]string{}
			for k, v := range revs {
				files[k] = v
			}
			for k, v := range tc.files {
				files[k] = v
			}
			dir := adoptRepo(t, files)
			t.Chdir(dir)
			code, found, s, errs := adoptLint(t, nil, ".")
			if code != ExitFindings {
				t.Errorf("exit %d; stderr: %s", code, errs)
			}
			if got := strings.Join(found, ", "); got != tc.found {
				t.Errorf("findings:\n  %s\nwant:\n  %s", got, tc.found)
			}
			if s.Dialect.Name != tc.dialect || s.Dialect.From != tc.from {
				t.Errorf("dialect %q from %q, want %q from %q", s.Dialect.Name, s.Dialect.From, tc.dialect, tc.from)
			}
			_, text, _ := run(t, nil, "lint", ".")
			wantLine := "dialect: " + tc.dialect + " (from " + tc.from + ")"
			if tc.from == "" {
				wantLine = "dialect: postgresql (assumed"
			}
			if !strings.Contains(text, wantLine) {
				t.Errorf("the summary does not say %q:\n%s", wantLine, text)
			}
			if tc.dialect == "postgresql" {
				if len(s.Dialect.NotRun) != 0 {
					t.Errorf("rules not run on PostgreSQL: %v", s.Dialect.NotRun)
				}
				return
			}
			if !strings.Contains(text, "PostgreSQL rules not run: ") || !strings.Contains(strings.Join(s.Dialect.NotRun, " "), "sql-syntax-error") {
				t.Errorf("the summary does not list the rules that did not run:\n%s", text)
			}
			code, _, errs = run(t, nil, "replay", ".")
			if code != ExitUsage || !strings.Contains(errs, "targets "+tc.dialect) || !strings.Contains(errs, "PostgreSQL only") {
				t.Errorf("replay on %s: exit %d: %s", tc.dialect, code, errs)
			}
			code, out, errs := run(t, nil, "check", ".")
			if code != ExitFindings || !strings.Contains(errs, "the replay is skipped") || !strings.Contains(out, "multiple-heads") {
				t.Errorf("check on %s: exit %d\n%s\n%s", tc.dialect, code, out, errs)
			}
		})
	}
	// a dialect the config misspells is bad configuration
	dir := adoptRepo(t, map[string]string{"alembic.ini": ini(""), "migrations/env.py": envPy(""),
		"migrations/versions/a0.py": adoptRev("a0", ""), "retort.toml": "dialect = \"postgress\"\n"})
	if code, _, errs := run(t, nil, "lint", dir); code != ExitUsage || !strings.Contains(errs, `dialect "postgress" is not a database retort knows`) {
		t.Errorf("misspelled dialect: exit %d: %s", code, errs)
	}
}
