package rules

import "github.com/retortdev/retort/lint"

// The replay rules: the replay engine (package replay) reports them, never
// lint.Run (Scope External). They are registered here so that `retort
// rules`, the configuration, suppressions and SARIF know them; their ids
// are replay's Rule* constants (a test in package cli keeps both equal).
var (
	UpgradeFailed         = replayRule("upgrade-failed", lint.Error)
	UpgradeFailedWithRows = replayRule("upgrade-failed-with-rows", lint.Error)
	DowngradeFailed       = replayRule("downgrade-failed", lint.Error)
	DowngradeNotInverse   = replayRule("downgrade-not-inverse", lint.Error)
	RoundtripDrift        = replayRule("roundtrip-drift", lint.Error)
	ReplayTimeout         = replayRule("replay-timeout", lint.Error)
	ModelDrift            = replayRule("model-drift", lint.Error)
	ObservedTableRewrite  = replayRule("observed-table-rewrite", lint.Warning)
	LongAccessExclusive   = replayRule("long-access-exclusive", lint.Warning)
)

func replayRule(id string, sev lint.Severity) *lint.Rule {
	return &lint.Rule{ID: id, Severity: sev, Scope: lint.External, Category: lint.CategoryReplay}
}
