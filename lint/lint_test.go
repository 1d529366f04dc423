package lint

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/retortdev/retort/revision"
)

func TestLoadConfig(t *testing.T) {
	dir := t.TempDir()
	write := func(name, s string) string {
		p := filepath.Join(dir, name)
		os.MkdirAll(filepath.Dir(p), 0o755)
		if err := os.WriteFile(p, []byte(s), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	pp := write("a/pyproject.toml", "[tool.black]\nx = 1\n[tool.retort]\npostgres-version = 11\nseverity = { drop-column = \"error\" }\nallowed-heads = [\"reporting\"]\n")
	c, err := LoadConfig("", filepath.Dir(pp))
	if err != nil {
		t.Fatal(err)
	}
	if c.PG() != 11 || c.Severity["drop-column"] != Error || c.AllowedHeads[0] != "reporting" || c.Path != pp {
		t.Errorf("pyproject config: %+v", c)
	}
	// retort.toml wins over pyproject.toml in the same directory
	write("a/retort.toml", "lint-downgrade = true\n")
	if c, err := LoadConfig("", filepath.Join(dir, "a")); err != nil || !c.LintDowngrade || c.PG() != 15 {
		t.Errorf("retort.toml: %+v %v", c, err)
	}
	// a pyproject.toml without [tool.retort] is skipped for the next directory
	write("b/pyproject.toml", "[tool.black]\n")
	write("c/retort.toml", "disable = [\"x\"]\n")
	if c, err := LoadConfig("", filepath.Join(dir, "b"), filepath.Join(dir, "c")); err != nil || len(c.Disable) != 1 {
		t.Errorf("fallthrough: %+v %v", c, err)
	}
	if c, err := LoadConfig("", filepath.Join(dir, "nowhere")); err != nil || c.Path != "" || c.PG() != 15 {
		t.Errorf("defaults: %+v %v", c, err)
	}
	bad := write("bad.toml", "severity = { drop-column = \"fatal\" }\n")
	if _, err := LoadConfig(bad); err == nil || !strings.Contains(err.Error(), "fatal") {
		t.Errorf("bad severity: %v", err)
	}
	typo := write("typo.toml", "postgres_version = 12\n")
	if _, err := LoadConfig(typo); err == nil || !strings.Contains(err.Error(), "postgres_version") {
		t.Errorf("unknown key: %v", err)
	}
	c = &Config{Disable: []string{"nope"}}
	if err := c.Validate(map[string]bool{"yes": true}); err == nil {
		t.Error("unknown rule not refused")
	}
}

func TestRunSuppressSortDedupe(t *testing.T) {
	src := `revision = "a"
down_revision = None
# retort: ignore[r1, r2] both are fine here
x = 1
y = 2  # retort: ignore[r1] fine
z = 3
`
	f := revision.Parse("a.py", []byte(src))
	proj := &revision.Project{Files: []*revision.File{f}, Graph: revision.NewGraph([]*revision.File{f})}
	lines := []int{4, 4, 5, 6, 6}
	r1 := &Rule{ID: "r1", Severity: Warning, Scope: PerFile, Run: func(p *Pass) {
		for _, l := range lines {
			p.Report(revision.Pos{Line: l, Col: 1}, "finding on %d", l).Hint = "h"
		}
	}}
	r2 := &Rule{ID: "r2", Severity: Error, Scope: PerProject, Run: func(p *Pass) {
		p.ReportFile(f, revision.Pos{Line: 4}, "project finding")
		p.ReportFile(f, revision.Pos{Line: 1}, "project finding")
	}}
	got := Run(proj, []*Rule{r2, r1}, Options{})
	var keys []string
	for _, d := range got {
		keys = append(keys, d.String())
	}
	want := []string{
		`a.py:1:1: error: project finding [r2]`,
		`a.py:6:1: warning: finding on 6 [r1]`,
	}
	if strings.Join(keys, "\n") != strings.Join(want, "\n") {
		t.Errorf("got:\n%s\nwant:\n%s", strings.Join(keys, "\n"), strings.Join(want, "\n"))
	}
	if e, w, n := Count(got); e != 1 || w != 1 || n != 0 || !Fails(got, Warning) || Fails(got[1:], Error) {
		t.Errorf("Count/Fails wrong: %d %d %d", e, w, n)
	}
	// a configured severity and an ignored revision
	cfg := &Config{Severity: map[string]Severity{"r1": Notice}, IgnoreRevisions: nil}
	if got := Run(proj, []*Rule{r1}, Options{Config: cfg, Known: map[string]bool{"r1": true, "r2": true}}); len(got) != 1 || got[0].Severity != Notice {
		t.Errorf("severity override: %v", got)
	}
	cfg = &Config{IgnoreRevisions: []string{"a"}}
	if got := Run(proj, []*Rule{r1, r2}, Options{Config: cfg}); len(got) != 0 {
		t.Errorf("ignored revision still reported: %v", got)
	}
}

func TestSuppressExternal(t *testing.T) {
	f := revision.Parse("a.py", []byte("revision = \"a\"\ndown_revision = None\n\ndef upgrade():\n    op.create_index(\"ix\", \"t\", [\"c\"])  # retort: ignore[upgrade-failed] fails on purpose in this fixture\n    op.drop_table(\"x\")\n"))
	proj := &revision.Project{Files: []*revision.File{f}}
	ds := []Diagnostic{
		{Rule: "upgrade-failed", Path: "a.py", Line: 5},
		{Rule: "upgrade-failed", Path: "a.py", Line: 6},
		{Rule: "roundtrip-drift", Path: "a.py", Line: 5},
	}
	got := Finish(nil, ReadSuppressions(proj), ds)
	if len(got) != 2 || got[0].Rule != "roundtrip-drift" || got[1].Line != 6 || got[1].Rule != "upgrade-failed" {
		t.Errorf("Finish = %v", got)
	}
}

// TestFinishConfig: the findings of another engine (replay's) are
// finished by the configuration as lint's are: a disabled rule and an
// ignored revision drop theirs, a configured severity replaces the
// reported one except a notice's, and duplicates go.
func TestFinishConfig(t *testing.T) {
	cfg := &Config{
		Disable:         []string{"roundtrip-drift"},
		IgnoreRevisions: []string{"old"},
		Severity:        map[string]Severity{"upgrade-failed": Warning, "downgrade-failed": Error},
	}
	ds := []Diagnostic{
		{Rule: "upgrade-failed", Severity: Error, Path: "b.py", Line: 3, Revision: "b"},
		{Rule: "upgrade-failed", Severity: Error, Path: "b.py", Line: 3, Revision: "b"},
		{Rule: "roundtrip-drift", Severity: Error, Path: "b.py", Line: 1, Revision: "b"},
		{Rule: "upgrade-failed", Severity: Error, Path: "a.py", Line: 1, Revision: "old"},
		{Rule: "downgrade-failed", Severity: Notice, Path: "a.py", Line: 9, Revision: "a"},
		{Rule: "replay-timeout", Severity: Error, Path: "a.py", Line: 2, Revision: "a"},
	}
	var got []string
	for _, d := range Finish(cfg, nil, ds) {
		got = append(got, d.String())
	}
	want := []string{
		"a.py:2:0: error:  [replay-timeout]",
		"a.py:9:0: notice:  [downgrade-failed]",
		"b.py:3:0: warning:  [upgrade-failed]",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("Finish =\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

// TestDialect: PostgresOnly rules run on PostgreSQL (named or assumed)
// only; the config's dialect is checked and written as SQLAlchemy names it.
func TestDialect(t *testing.T) {
	f := revision.Parse("a.py", []byte("revision = \"a\"\ndown_revision = None\n"))
	proj := &revision.Project{Files: []*revision.File{f}, Graph: revision.NewGraph([]*revision.File{f})}
	report := func(p *Pass) { p.Report(revision.Pos{Line: 1}, "on %s", p.Dialect) }
	pgOnly := &Rule{ID: "pg-only", Severity: Error, Scope: PerFile, PostgresOnly: true, Run: report}
	anywhere := &Rule{ID: "anywhere", Severity: Error, Scope: PerFile, Run: report}
	ext := &Rule{ID: "external", Severity: Error, Scope: External, PostgresOnly: true}
	all := []*Rule{pgOnly, anywhere, ext}
	for _, tc := range []struct {
		dialect, found, notRun string
	}{
		{"", "anywhere on postgresql, pg-only on postgresql", ""},
		{"postgresql", "anywhere on postgresql, pg-only on postgresql", ""},
		{"sqlite", "anywhere on sqlite", "pg-only"},
		{"mysql", "anywhere on mysql", "pg-only"},
	} {
		var got []string
		for _, d := range Run(proj, all, Options{Dialect: tc.dialect}) {
			got = append(got, d.Rule+" "+d.Message)
		}
		if strings.Join(got, ", ") != tc.found {
			t.Errorf("dialect %q: %v, want %s", tc.dialect, got, tc.found)
		}
		if nr := strings.Join(NotRun(all, DefaultConfig(), tc.dialect), ","); nr != tc.notRun {
			t.Errorf("dialect %q: not run %q, want %q", tc.dialect, nr, tc.notRun)
		}
	}
	// a rule the config disables is not listed as not run for the dialect
	if nr := NotRun(all, &Config{Disable: []string{"pg-only"}}, "sqlite"); len(nr) != 0 {
		t.Errorf("disabled rule listed: %v", nr)
	}
	for _, tc := range []struct{ in, want, err string }{
		{"postgres", "postgresql", ""},
		{"PostgreSQL", "postgresql", ""},
		{"sqlite", "sqlite", ""},
		{"mssql+pyodbc", "mssql", ""},
		{"postgress", "", `dialect "postgress" is not a database retort knows`},
	} {
		c := &Config{Dialect: tc.in}
		err := c.Validate(map[string]bool{})
		if tc.err != "" {
			if err == nil || !strings.Contains(err.Error(), tc.err) {
				t.Errorf("dialect %q: %v, want %q", tc.in, err, tc.err)
			}
			continue
		}
		if err != nil || c.Dialect != tc.want {
			t.Errorf("dialect %q: %q, %v; want %q", tc.in, c.Dialect, err, tc.want)
		}
	}
}
