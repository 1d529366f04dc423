package rules

import "github.com/retortdev/retort/lint"

// InvalidSuppression reports suppression comments that name no rule, an
// unknown rule, or give no reason. The runner reports it itself, from the
// comments it reads to silence findings.
var InvalidSuppression = &lint.Rule{
	ID:       lint.InvalidSuppressionID,
	Severity: lint.Warning,
	Scope:    lint.PerFile,
	Category: lint.CategoryGraph,
	Run:      func(*lint.Pass) {},
}

// UnusedSuppression reports a suppression that silences nothing: a rule it
// names ran on the file and found nothing on the lines it covers. The
// runner reports it itself, after every other rule.
var UnusedSuppression = &lint.Rule{
	ID:       lint.UnusedSuppressionID,
	Severity: lint.Notice,
	Scope:    lint.PerFile,
	Category: lint.CategoryGraph,
	Run:      func(*lint.Pass) {},
}
