package rules

import (
	"fmt"

	"github.com/retortdev/retort/lint"
)

// Helpers shared by the operation and SQL rules.

// report records a finding at the act's position with its hint.
func report(p *lint.Pass, a *act, hint, format string, args ...any) {
	p.Report(a.pos, format, args...).Hint = hint
}

// q quotes a name, or describes a missing one.
func q(name, what string) string {
	if name == "" {
		return "an unnamed " + what
	}
	return fmt.Sprintf("%q", name)
}

// onTable is ` on "t"`, or "" when the table is unknown.
func onTable(prep, table string) string {
	if table == "" {
		return ""
	}
	return fmt.Sprintf(" %s %q", prep, table)
}

const autocommitHint = `inside "with op.get_context().autocommit_block():"`

// tq quotes a table name, or says "a table" when it is not known.
func tq(table string) string {
	if table == "" {
		return "a table"
	}
	return fmt.Sprintf("%q", table)
}
