package rules

import (
	"github.com/retortdev/retort/lint"
	"github.com/retortdev/retort/migration"
)

// EmptyDowngrade reports a downgrade() that does nothing while upgrade()
// changes the schema.
var EmptyDowngrade = &lint.Rule{
	ID:       "empty-downgrade",
	Severity: lint.Warning,
	Scope:    lint.PerFile,
	Category: lint.CategoryOperation,
	Requires: []lint.AnyFact{upgradeOps},
	Run: func(p *lint.Pass) {
		down := p.File.Downgrade
		if down == nil || !down.Empty() || len(down.Raises) > 0 || !changesSchema(upgradeOps.Of(p)) {
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
func changesSchema(upgrade []migration.Op) bool {
	for _, op := range upgrade {
		if op.Common().Data {
			continue
		}
		switch op.(type) {
		case *migration.Update, *migration.Lock, *migration.VacuumFull, *migration.ValidateConstraint,
			*migration.SyntaxError, *migration.AddEnumValue:
		default:
			return true
		}
	}
	return false
}
