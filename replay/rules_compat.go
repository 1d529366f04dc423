package replay

import "github.com/retortdev/retort/lint"

// Rules serves Apply alone (which reads only their ids), until Apply moves
// out of replay (issue 10): delete this file with it. The replay rules are
// registered in package rules (rules/replay.go).
var Rules = func() []*lint.Rule {
	var out []*lint.Rule
	for _, id := range RuleIDs {
		out = append(out, &lint.Rule{ID: id, Scope: lint.External})
	}
	return out
}()
