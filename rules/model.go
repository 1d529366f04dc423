package rules

import (
	"strings"

	"github.com/retortdev/retort/lint"
	"github.com/retortdev/retort/migration"
	"github.com/retortdev/retort/revision"
)

// The operation rules read the migration model: the operations of each
// revision's upgrade() (and downgrade()), computed once per file per run
// as lint facts and shared by every rule that requires them.
var (
	upgradeOps   = &lint.Fact[[]migration.Op]{Name: "upgrade operations", Compute: migration.Upgrade}
	downgradeOps = &lint.Fact[[]migration.Op]{Name: "downgrade operations", Compute: migration.Downgrade}
	// modelFacts is what ops reads
	modelFacts = []lint.AnyFact{upgradeOps, downgradeOps}
)

// ops returns the operations of the pass's file that the rules check:
// upgrade(), and downgrade() too with lint-downgrade. (The runner runs
// the per-file rules on files in scope only.)
func ops(p *lint.Pass) []migration.Op {
	out := upgradeOps.Of(p)
	if p.Config != nil && p.Config.LintDowngrade {
		out = append(append([]migration.Op(nil), out...), downgradeOps.Of(p)...)
	}
	return out
}

// maxAncestors bounds how far back rules look for earlier revisions.
const maxAncestors = 100

// ancestors calls fn with the upgrade operations of the ancestors of the
// pass's file (down_revision and depends_on, transitively), nearest
// first, up to maxAncestors files, until fn returns true. An ancestor for
// which skip (when not nil) returns true is not visited, nor are the
// revisions reached only through it.
func ancestors(p *lint.Pass, skip func(id string) bool, fn func(*revision.File, []migration.Op) bool) {
	if p.File == nil || !p.File.HasRevision || !p.Complete() || p.Graph == nil {
		return
	}
	seen := map[string]bool{p.File.Revision: true}
	queue := []string{p.File.Revision}
	for n := 0; len(queue) > 0; {
		r := p.Graph.Revs[queue[0]]
		queue = queue[1:]
		if r == nil {
			continue
		}
		for _, id := range append(append([]string(nil), r.Parents...), r.DependsOn...) {
			if seen[id] || (skip != nil && skip(id)) {
				continue
			}
			seen[id] = true
			queue = append(queue, id)
			if anc := p.Graph.Revs[id]; anc != nil && anc.File != nil {
				if n++; fn(anc.File, upgradeOps.OfFile(p, anc.File)) || n >= maxAncestors {
					return
				}
			}
		}
	}
}

// isFresh reports whether op's table holds no rows yet when op runs: it
// was created earlier in the same revision, or (when the history is
// known) in an ancestor revision that is not applied anywhere yet, so
// that both ship in the same deploy.
func isFresh(p *lint.Pass, op migration.Op) bool {
	a := op.Common()
	if a.Fresh {
		return true
	}
	h := p.History
	if h == nil || a.Table == "" || p.File == nil || !p.File.HasRevision || h.IsApplied(p.File.Revision) {
		return false
	}
	found := false
	ancestors(p, h.IsApplied, func(_ *revision.File, ops []migration.Op) bool {
		for _, x := range ops {
			if _, ok := x.(*migration.CreateTable); ok && strings.EqualFold(x.Common().Table, a.Table) {
				found = true
			}
		}
		return found
	})
	return found
}
