package rules

import "github.com/retortdev/retort/lint"

// InvalidSuppression reports suppression comments that name no rule, an
// unknown rule, or give no reason. The runner reports it itself, from the
// comments it reads to silence findings.
var InvalidSuppression = byRunner(lint.InvalidSuppressionID, lint.Warning)
