package rules

import "github.com/retortdev/retort/lint"

// UnusedSuppression reports a suppression that silences nothing: a rule it
// names ran on the file and found nothing on the lines it covers. The
// runner reports it itself, after every other rule.
var UnusedSuppression = byRunner(lint.UnusedSuppressionID, lint.Notice)
