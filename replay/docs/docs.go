// Package docs holds the replay rules' ids, severities and documentation
// (<id>.md), apart from the replay engine, so that the rules package can
// list and explain them without importing pgx or testcontainers.
package docs

import (
	"embed"

	"github.com/retortdev/retort/lint"
)

// Rule ids of replay findings. They are part of the contract.
const (
	UpgradeFailed       = "upgrade-failed"
	DowngradeFailed     = "downgrade-failed"
	DowngradeNotInverse = "downgrade-not-inverse"
	RoundtripDrift      = "roundtrip-drift"
	ReplayTimeout       = "replay-timeout"
	ModelDrift          = "model-drift"
	// UpgradeFailedWithRows: an upgrade that passes on empty tables and
	// fails on the rows retort seeds (see seed.go in package replay).
	UpgradeFailedWithRows = "upgrade-failed-with-rows"
	// from the lock and rewrite trace
	ObservedTableRewrite = "observed-table-rewrite"
	LongAccessExclusive  = "long-access-exclusive"
)

// Rules are the replay rules, for `retort rules` and the configuration
// (disable, severity). The replay engine reports them, never lint.Run
// (Scope External).
var Rules = []*lint.Rule{
	rule(UpgradeFailed),
	rule(UpgradeFailedWithRows),
	rule(DowngradeFailed),
	rule(DowngradeNotInverse),
	rule(RoundtripDrift),
	rule(ReplayTimeout),
	rule(ModelDrift),
	warning(ObservedTableRewrite),
	warning(LongAccessExclusive),
}

func warning(id string) *lint.Rule {
	r := rule(id)
	r.Severity = lint.Warning
	return r
}

func rule(id string) *lint.Rule {
	return &lint.Rule{ID: id, Summary: Summary(id), Severity: lint.Error, Scope: lint.External}
}

//go:embed *.md
var files embed.FS

// Doc returns the documentation of a replay rule, or "".
func Doc(id string) string {
	b, err := files.ReadFile(id + ".md")
	if err != nil {
		return ""
	}
	return string(b)
}

// Summary is the first line of prose of a replay rule's documentation.
func Summary(id string) string { return lint.DocSummary(Doc(id)) }
