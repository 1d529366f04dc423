package rules

import (
	"strings"

	"github.com/retortdev/retort/lint"
	"github.com/retortdev/retort/revision"
)

// SetNotNull reports SET NOT NULL on an existing column: PostgreSQL scans
// the table under an ACCESS EXCLUSIVE lock, unless (from 12) a validated
// CHECK (col IS NOT NULL) already proves it.
var SetNotNull = &lint.Rule{
	ID:       "set-not-null",
	Severity: lint.Warning,
	Scope:    lint.PerFile,
	Category: lint.CategoryOperation,
	Run: func(p *lint.Pass) {
		all := acts(p)
		pgv := p.Config.PG()
		for i, a := range all {
			if a.kind != kSetNotNull || isFresh(p, a) {
				continue
			}
			if pgv >= 12 && provenNotNull(p, all[:i], a) {
				continue
			}
			if notNullBefore(p, all[:i], a.table, a.name) {
				continue // already NOT NULL: PostgreSQL does nothing
			}
			hint := "add a CHECK (" + a.name + " IS NOT NULL) NOT VALID constraint, VALIDATE it in a later migration, then set NOT NULL (PostgreSQL 12+ then skips the scan)"
			if pgv < 12 {
				hint = "before PostgreSQL 12 there is no cheap way: keep the column nullable and enforce it with a CHECK constraint added NOT VALID and validated later"
			}
			report(p, a, hint, "setting %s of %s to NOT NULL scans the whole table under an ACCESS EXCLUSIVE lock, blocking reads and writes",
				q(a.name, "column"), tq(a.table))
		}
	},
}

// notNullBefore reports whether table.col is known to be NOT NULL already:
// created so (nullable=False, primary_key=True, a PrimaryKeyConstraint) or
// set so, earlier in the function or in the nearest ancestors, with no
// other change to it since.
func notNullBefore(p *lint.Pass, before []*act, table, col string) bool {
	if table == "" || col == "" {
		return false
	}
	if v, decided := lastNullability(before, table, col); decided {
		return v
	}
	found := false
	nearestAncestors(p, func(_ *revision.File, acts []*act) bool {
		v, decided := lastNullability(acts, table, col)
		found = v
		return decided
	})
	return found
}

// lastNullability scans acts backwards for what last decided whether
// table.col is NOT NULL; decided is false when nothing did.
func lastNullability(acts []*act, table, col string) (notNull, decided bool) {
	for i := len(acts) - 1; i >= 0; i-- {
		x := acts[i]
		if !strings.EqualFold(x.table, table) {
			continue
		}
		switch {
		case x.kind == kSetNotNull && strings.EqualFold(x.name, col):
			return true, true
		case x.kind == kAddColumn && strings.EqualFold(x.name, col):
			return x.notNull, true
		case (x.kind == kDDL || x.kind == kAlterType || x.kind == kRenameColumn) && (strings.EqualFold(x.name, col) || strings.EqualFold(x.newName, col)):
			return false, true // changed in a way not followed here
		case x.kind == kCreateTable:
			return createdNotNull(x, col), true
		}
	}
	return false, false
}

// createdNotNull reports whether op.create_table made col NOT NULL.
func createdNotNull(x *act, col string) bool {
	if x.call == nil {
		return false
	}
	for _, v := range x.call.Args {
		if v.Kind == revision.CallV && v.Call.Method() == "PrimaryKeyConstraint" {
			for _, a := range v.Call.Args {
				if a.Kind == revision.Str && strings.EqualFold(a.Text, col) {
					return true
				}
			}
		}
	}
	for _, v := range x.call.Args {
		if v.Kind != revision.CallV {
			continue
		}
		c, ok := parseColumn(v.Call)
		if !ok || !strings.EqualFold(c.name, col) {
			continue
		}
		if nv, ok := v.Call.Kw("nullable"); ok {
			t, known := nv.Truthy()
			return known && !t
		}
		return truthy(v.Call, "primary_key")
	}
	return false
}

// maxAncestors bounds how far back rules look for earlier revisions.
const maxAncestors = 100

// provenNotNull reports whether a validated CHECK (col IS NOT NULL) on the
// table exists before a: earlier in this migration or in one of the
// nearest ancestors (the check is added a revision or two before).
func provenNotNull(p *lint.Pass, before []*act, a *act) bool {
	pool := append([]*act(nil), before...)
	nearestAncestors(p, func(_ *revision.File, acts []*act) bool {
		pool = append(pool, acts...)
		return false
	})
	validated := map[string]bool{}
	for _, x := range pool {
		if x.kind == kValidateConstraint && strings.EqualFold(x.table, a.table) {
			validated[strings.ToLower(x.name)] = true
		}
	}
	for _, x := range pool {
		if x.kind == kAddConstraint && x.conType == "check" && strings.EqualFold(x.table, a.table) &&
			strings.EqualFold(x.notNullCol, a.name) && (!x.notValid || validated[strings.ToLower(x.name)]) {
			return true
		}
	}
	return false
}

// nearestAncestors calls fn with the upgrade acts of the file's ancestors,
// nearest first, up to maxAncestors of them, until fn returns true.
func nearestAncestors(p *lint.Pass, fn func(*revision.File, []*act) bool) {
	if p.Graph == nil || p.File == nil || !p.File.HasRevision {
		return
	}
	seen := map[string]bool{p.File.Revision: true}
	queue := []string{p.File.Revision}
	for n := 0; len(queue) > 0 && n < maxAncestors; {
		r := p.Graph.Revs[queue[0]]
		queue = queue[1:]
		if r == nil {
			continue
		}
		for _, id := range append(append([]string(nil), r.Parents...), r.DependsOn...) {
			if seen[id] {
				continue
			}
			seen[id] = true
			queue = append(queue, id)
			if anc := p.Graph.Revs[id]; anc != nil && anc.File != nil {
				n++
				if fn(anc.File, groupActs(anc.File, "upgrade")) {
					return
				}
			}
		}
	}
}
