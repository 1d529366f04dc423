package rules

import (
	"github.com/retortdev/retort/lint"
	"github.com/retortdev/retort/revision"
)

// EmptyDowngrade reports a downgrade() that does nothing while upgrade()
// changes the schema.
var EmptyDowngrade = &lint.Rule{
	ID:       "empty-downgrade",
	Severity: lint.Warning,
	Scope:    lint.PerFile,
	Run: func(p *lint.Pass) {
		f := p.File
		if f == nil || (p.InScope != nil && !p.InScope(f)) {
			return
		}
		down := f.Downgrade
		if down == nil || !down.Empty() || len(down.Raises) > 0 || !changesSchema(f) {
			return
		}
		p.Report(down.Pos, "downgrade() does nothing while upgrade() changes the schema, so \"alembic downgrade\" reports success and leaves the changes in place").Hint =
			`write the inverse operations, or raise NotImplementedError("...") to make the migration explicitly irreversible`
	},
}

// changesSchema reports whether upgrade() calls an op.* operation or
// executes SQL.
func changesSchema(f *revision.File) bool {
	if len(groupActs(f, "upgrade")) > 0 {
		return true
	}
	b := &builder{f: f}
	for _, fn := range groupFuncs(f, "upgrade") {
		for _, c := range fn.Calls {
			switch c.Method() {
			case "get_bind", "get_context", "f", "inline_literal", "print", "info", "debug", "warning":
				continue
			case "execute", "exec_driver_sql", "bulk_insert":
				return true
			}
			if c.Recv == nil && b.isOp(c.Receiver()) {
				return true
			}
			if _, ok := batchTable(c.With, c.Receiver()); ok {
				return true
			}
		}
	}
	return false
}
