package rules

import (
	"fmt"
	"strings"

	"github.com/retortdev/retort/lint"
	"github.com/retortdev/retort/migration"
)

// Helpers shared by the operation and SQL rules.

// report records a finding at op's position with its hint.
func report(p *lint.Pass, op migration.Op, hint, format string, args ...any) {
	p.Report(op.Common().Pos, format, args...).Hint = hint
}

// q names an object: `column "email"`, or `a column` when the name is not
// known statically.
func q(name, what string) string {
	if name == "" {
		if strings.IndexByte("aeiou", what[0]) >= 0 && !strings.HasPrefix(what, "uni") {
			return "an " + what
		}
		return "a " + what
	}
	return fmt.Sprintf("%s %q", what, name)
}

// qn quotes a name, or returns alt when it is not known.
func qn(name, alt string) string {
	if name == "" {
		return alt
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
func tq(table string) string { return qn(table, "a table") }
