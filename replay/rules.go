package replay

// Rule ids of replay findings. They are part of the contract; the rules
// themselves (severity, documentation) are registered in package rules
// (rules/replay.go) with Scope External, and a test in package cli checks
// that both name the same ids.
const (
	RuleUpgradeFailed       = "upgrade-failed"
	RuleDowngradeFailed     = "downgrade-failed"
	RuleDowngradeNotInverse = "downgrade-not-inverse"
	RuleRoundtripDrift      = "roundtrip-drift"
	RuleReplayTimeout       = "replay-timeout"
	// RuleModelDrift: differences between the migrations' schema and the
	// models' (drift.go).
	RuleModelDrift = "model-drift"
	// RuleUpgradeFailedWithRows: an upgrade that passes on empty tables
	// and fails on the rows retort seeds (seed.go).
	RuleUpgradeFailedWithRows = "upgrade-failed-with-rows"
	// from the lock and rewrite trace (trace.go)
	RuleObservedTableRewrite = "observed-table-rewrite"
	RuleLongAccessExclusive  = "long-access-exclusive"
)

// RuleIDs are the ids of every rule replay reports.
var RuleIDs = []string{
	RuleUpgradeFailed,
	RuleUpgradeFailedWithRows,
	RuleDowngradeFailed,
	RuleDowngradeNotInverse,
	RuleRoundtripDrift,
	RuleReplayTimeout,
	RuleModelDrift,
	RuleObservedTableRewrite,
	RuleLongAccessExclusive,
}
