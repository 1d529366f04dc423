package replay

import (
	"context"
	"path/filepath"
	"strings"
	"testing"

	"github.com/retortdev/retort/lint"
)

// TestTouchedBy: on the changed plan, drift counts as caused by the change
// only for objects the revisions under test changed, or in tables they
// created.
func TestTouchedBy(t *testing.T) {
	users := Object{Kind: "table", Schema: "public", Name: "users", Def: "t"}
	active := Object{Kind: "column", Schema: "public", Table: "users", Name: "active", Def: "boolean"}
	email := Object{Kind: "column", Schema: "public", Table: "users", Name: "email", Def: "text"}
	orders := Object{Kind: "table", Schema: "public", Name: "orders", Def: "t"}
	total := Object{Kind: "column", Schema: "public", Table: "orders", Name: "total", Def: "integer"}
	snap := func(os ...Object) Snapshot {
		s := Snapshot{}
		for _, o := range os {
			s[o.key()] = o
		}
		return s
	}
	base := snap(users, active)
	head := snap(users, active, email, orders, total) // the change adds email and the table orders
	touched := touchedBy(base, head)
	activeModel := active
	activeModel.Def = "boolean not null"
	for _, tc := range []struct {
		name string
		ch   Change
		want bool
	}{
		{"a column the change adds", Change{Want: &email, Got: &Object{Kind: "column", Schema: "public", Table: "users", Name: "email", Def: "varchar"}}, true},
		{"a column of a table the change creates", Change{Want: &total}, true},
		{"an index in a table the change creates", Change{Got: &Object{Kind: "index", Schema: "public", Table: "orders", Name: "ix_orders_total"}}, true},
		{"a column the change leaves alone", Change{Want: &active, Got: &activeModel}, false},
		{"an object only in the models, in an untouched table", Change{Got: &Object{Kind: "constraint", Schema: "public", Table: "users", Name: "ck"}}, false},
	} {
		if got := touched(tc.ch); got != tc.want {
			t.Errorf("%s: touched = %v, want %v", tc.name, got, tc.want)
		}
	}
	if !touchedBy(nil, head)(Change{Want: &active, Got: &activeModel}) {
		t.Error("without a base snapshot every drift counts")
	}
}

// TestModelDriftChangedPlan_NeedsPostgresPython: on the changed plan, the
// drift of the column the revision under test adds is an error, the drift
// the base already had is a notice.
func TestModelDriftChangedPlan_NeedsPostgresPython(t *testing.T) {
	needLocal(t)
	py := needPython(t)
	dir, err := filepath.Abs(filepath.Join("..", "testdata", "drift"))
	if err != nil {
		t.Fatal(err)
	}
	proj := Project{Root: dir, Config: filepath.Join(dir, "alembic.ini"), ScriptDir: dir}
	res, err := Run(context.Background(), Config{Provider: &Local{}, Python: py, Project: proj, Plan: "changed", Base: []string{"0001d1a2b3c4"}})
	if err != nil {
		t.Fatal(err)
	}
	var errs, notices []string
	for _, d := range res.Diagnostics {
		if d.Rule != RuleModelDrift {
			t.Errorf("unexpected finding %s", d)
			continue
		}
		switch d.Severity {
		case lint.Error:
			errs = append(errs, d.Message)
		case lint.Notice:
			notices = append(notices, d.Message)
		}
	}
	if len(errs) != 1 || !strings.Contains(errs[0], `column "legacy" of "users"`) {
		t.Errorf("errors %q, want the one on the column 0002 adds", errs)
	}
	if len(notices) != 3 || !strings.Contains(strings.Join(notices, "\n"), "(the revisions under test do not touch it)") {
		t.Errorf("notices %q, want the 3 differences the base already had", notices)
	}
}
