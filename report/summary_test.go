package report

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"
)

// TestSummaryLines: the text summary, the JSON summary and the step
// summary say the same thing about which revisions the operation rules
// checked and which database they assumed.
func TestSummaryLines(t *testing.T) {
	pg := &Dialect{Name: "postgresql"}
	for _, tc := range []struct {
		name    string
		scope   *Scope
		dialect *Dialect
		want    string // the text summary after the findings
	}{
		{"no baseline", &Scope{Basis: "none", Revisions: 212}, pg,
			"0 errors, 0 warnings, 0 notices in 212 revisions\n" +
				"operation rules checked all 212 revisions: no --base and no retort.sum; run \"retort sum\" to record today's revisions as the baseline\n" +
				"dialect: postgresql (assumed: no database URL in alembic.ini or env.py, and no dialect in the config)\n"},
		{"retort.sum", &Scope{Basis: "sum", Ref: "migrations/retort.sum", Revisions: 3}, &Dialect{Name: "postgresql", From: "alembic.ini sqlalchemy.url"},
			"0 errors, 0 warnings, 0 notices in 212 revisions (operation rules on 3 new or edited since migrations/retort.sum)\n" +
				"dialect: postgresql (from alembic.ini sqlalchemy.url)\n"},
		{"git base", &Scope{Basis: "base", Ref: "origin/main", Revisions: 1}, pg,
			"0 errors, 0 warnings, 0 notices in 212 revisions (operation rules on 1 new or edited since origin/main)\n" +
				"dialect: postgresql (assumed: no database URL in alembic.ini or env.py, and no dialect in the config)\n"},
		{"applied", &Scope{Basis: "applied", Ref: "b1", Revisions: 2}, pg,
			"0 errors, 0 warnings, 0 notices in 212 revisions (operation rules on 2 not applied at b1)\n" +
				"dialect: postgresql (assumed: no database URL in alembic.ini or env.py, and no dialect in the config)\n"},
		{"--all", &Scope{Basis: "all", Revisions: 212}, pg,
			"0 errors, 0 warnings, 0 notices in 212 revisions\n" +
				"dialect: postgresql (assumed: no database URL in alembic.ini or env.py, and no dialect in the config)\n"},
		{"sqlite", &Scope{Basis: "sum", Ref: "retort.sum", Revisions: 0}, &Dialect{Name: "sqlite", From: "env.py", NotRun: []string{"lock-table", "sql-syntax-error"}},
			"0 errors, 0 warnings, 0 notices in 212 revisions (operation rules on 0 new or edited since retort.sum)\n" +
				"dialect: sqlite (from env.py); 2 PostgreSQL rules not run: lock-table, sql-syntax-error\n"},
		{"a fallback URL of another database", &Scope{Basis: "all", Revisions: 212}, &Dialect{Name: "postgresql", Because: "alembic.ini sqlalchemy.url names sqlite, but env.py takes the real URL from the environment"},
			"0 errors, 0 warnings, 0 notices in 212 revisions\n" +
				"dialect: postgresql (assumed: alembic.ini sqlalchemy.url names sqlite, but env.py takes the real URL from the environment)\n"},
		{"replay alone", nil, nil, "0 errors, 0 warnings, 0 notices in 212 revisions\n"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := &Result{Revisions: 212, Scope: tc.scope, Dialect: tc.dialect}
			var text bytes.Buffer
			if err := Text(&text, r, false); err != nil {
				t.Fatal(err)
			}
			if text.String() != tc.want {
				t.Errorf("text:\n%s\nwant:\n%s", text.String(), tc.want)
			}
			var js bytes.Buffer
			if err := JSON(&js, r); err != nil {
				t.Fatal(err)
			}
			var doc struct{ Summary Summary }
			if err := json.Unmarshal(js.Bytes(), &doc); err != nil {
				t.Fatal(err)
			}
			md := GitHubSummary(r, GitHubOptions{})
			for _, note := range []string{r.ScopeNote(), r.DialectNote()} {
				if note == "" {
					continue
				}
				if !strings.Contains(tc.want, note) && tc.scope.Basis != "all" {
					t.Errorf("the text does not carry %q", note)
				}
				if !strings.Contains(strings.ToLower(md), strings.ToLower(mdCell(note))) {
					t.Errorf("the step summary does not carry %q:\n%s", note, md)
				}
			}
			if tc.scope != nil && (doc.Summary.Scope == nil || doc.Summary.Scope.Note != r.ScopeNote() || doc.Summary.Scope.Basis != tc.scope.Basis) {
				t.Errorf("json scope: %+v", doc.Summary.Scope)
			}
			if tc.dialect != nil && (doc.Summary.Dialect == nil || doc.Summary.Dialect.Note != r.DialectNote()) {
				t.Errorf("json dialect: %+v", doc.Summary.Dialect)
			}
			if tc.scope == nil && (doc.Summary.Scope != nil || doc.Summary.Dialect != nil) {
				t.Errorf("replay alone has no scope or dialect: %s", js.String())
			}
		})
	}
}
