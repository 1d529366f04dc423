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
	Category: lint.CategoryOperation,
	Run: func(p *lint.Pass) {
		f := p.File
		down := f.Downgrade
		if down == nil || !down.Empty() || len(down.Raises) > 0 || !changesSchema(f) {
			return
		}
		p.Report(down.Pos, "downgrade() does nothing while upgrade() changes the schema, so \"alembic downgrade\" reports success and leaves the changes in place").Hint =
			`write the inverse operations, or raise NotImplementedError("...") to make the migration explicitly irreversible`
	},
}

// changesSchema reports whether upgrade() changes the schema in a way a
// downgrade can undo: data migrations, VALIDATE CONSTRAINT and the like
// have nothing to undo, and PostgreSQL cannot drop an enum value that
// ALTER TYPE ... ADD VALUE added, so "pass" is the right downgrade there.
func changesSchema(f *revision.File) bool {
	for _, a := range groupActs(f, "upgrade") {
		if a.data {
			continue
		}
		switch a.kind {
		case kUpdate, kLock, kVacuum, kValidateConstraint, kSyntaxError:
		case kNoTx:
			if a.what != addValue {
				return true
			}
		default:
			return true
		}
	}
	return false
}
