// Package migration is the model of what a revision does to the database.
//
// It reads the upgrade() (or downgrade()) functions of a parsed revision
// file, revision.File, and returns the operations PostgreSQL will
// perform, in order, each a typed value (AddColumn, CreateIndex,
// AlterColumnType, Update, ...) with its position in the file. Three
// sources give the same operations: Alembic's op.* and batch_op.* calls,
// bound against Alembic's real signatures (alembic.go); literal SQL passed
// to op.execute and friends, parsed with PostgreSQL's own parser (sql.go);
// and SQLAlchemy Core statements (core.go). Branches that only another
// database takes are left out (dialect.go, guard.go), and column types
// are read as far as a rewrite decision needs them (types.go).
//
// The model knows nothing of rules or findings: the rules in package rules
// read it, as a lint.Fact computed once per file, and decide what to
// report.
package migration

import "github.com/retortdev/retort/revision"

// Op is one thing a migration does to the database: one of the types of
// this file. Common gives what every operation has.
type Op interface {
	Common() *Base
}

// Base is what every operation has: where it is written, the table it
// acts on, and how it runs.
type Base struct {
	Pos   revision.Pos
	Table string // as written, without schema; "" when not known statically
	SQL   bool   // from literal SQL rather than an op.* call
	InTx  bool   // runs inside the migration's transaction
	Multi bool   // one statement of a multi-statement SQL string
	Fresh bool   // the table was created earlier in the same function
	Later bool   // the table is dropped later in the same function
	Cond  bool   // under if/for/try
	// Data: no lasting schema change (a temporary table created or
	// dropped, a trigger switched off and on, TRUNCATE)
	Data bool
}

// Common returns b.
func (b *Base) Common() *Base { return b }

// CreateTable creates Table (CREATE TABLE, CREATE TABLE AS, SELECT INTO,
// op.create_table).
type CreateTable struct {
	Base
	cols map[string]Type // CREATE TABLE's column types, by lower-case name
	call *revision.Call  // op.create_table, read when needed
}

// CreateView creates a view named Table.
type CreateView struct{ Base }

// AddColumn adds Column to Table.
type AddColumn struct {
	Base
	Column     string
	NotNull    bool
	HasDefault bool         // a server-side default (or serial, identity, generated)
	PyDefault  bool         // only a Python-side default=
	PyLiteral  string       // that default as a server_default, when a constant
	Volatile   string       // why the new column's value is computed per row
	DefaultPos revision.Pos // where the default is given
	Type       Type
	TypeExpr   *revision.Value // the type expression, for the configured types
}

// SetNotNull sets Column of Table NOT NULL.
type SetNotNull struct {
	Base
	Column string
}

// AlterColumnType changes the type of Column.
type AlterColumnType struct {
	Base
	Column   string
	Old, New Type
	OldGiven bool // existing_type was passed
	Using    bool // a USING expression is given
	// UsingPlain: the USING expression only casts the column (to
	// UsingType when known): the data is kept when the old type converts
	// to it as is
	UsingPlain bool
	UsingType  Type
	// the type expressions, for the configured custom types
	NewExpr, OldExpr *revision.Value
}

// RenameColumn renames Column of Table to NewName.
type RenameColumn struct {
	Base
	Column, NewName string
}

// RenameTable renames Table to NewName.
type RenameTable struct {
	Base
	NewName string
}

// CreateIndex creates index Name on Table.
type CreateIndex struct {
	Base
	Name                 string
	Unique, Concurrently bool
}

// DropIndex drops index Name (Table is known from op.drop_index only).
type DropIndex struct {
	Base
	Name         string
	Concurrently bool
}

// ConstraintKind is the kind of a constraint.
type ConstraintKind uint8

const (
	ForeignKey ConstraintKind = iota + 1
	Check
	Unique
	PrimaryKey
	Exclusion
)

func (k ConstraintKind) String() string {
	switch k {
	case ForeignKey:
		return "foreign key"
	case Check:
		return "check"
	case Unique:
		return "unique"
	case PrimaryKey:
		return "primary key"
	case Exclusion:
		return "exclusion"
	}
	return "constraint"
}

// AddConstraint adds constraint Name to Table.
type AddConstraint struct {
	Base
	Name       string
	Kind       ConstraintKind
	NotValid   bool
	UsingIndex bool   // ... USING INDEX: the index exists already
	NotNullCol string // the column of a CHECK (col IS NOT NULL)
	// WithColumn: the constraint comes with an added column
	// (unique=True, a ForeignKey), and Name is the column's name
	WithColumn bool
}

// ValidateConstraint validates constraint Name of Table.
type ValidateConstraint struct {
	Base
	Name string
}

// DropColumn drops Column of Table.
type DropColumn struct {
	Base
	Column string
}

// DropTable drops Table.
type DropTable struct{ Base }

// Update is an UPDATE, or a DELETE, of Table.
type Update struct {
	Base
	Delete bool
	// All: the WHERE matches every row, or there is none; WhereAll:
	// there is one, and it matches every row
	All, WhereAll bool
	// Loop: run once per iteration of a loop over rows; Batched: its
	// WHERE bounds the rows (a range, a LIMIT): one batch of a backfill
	Loop, Batched bool
}

// Lock is an explicit LOCK TABLE.
type Lock struct{ Base }

// VacuumFull is a VACUUM FULL of Table ("" for every table).
type VacuumFull struct{ Base }

// NoTransaction is a statement PostgreSQL refuses inside a transaction
// block: VACUUM, REINDEX CONCURRENTLY, CREATE DATABASE, ...
type NoTransaction struct {
	Base
	Statement string // what it is, for a message: "REINDEX CONCURRENTLY"
}

// AddEnumValue is ALTER TYPE ... ADD VALUE, refused in a transaction
// block before PostgreSQL 12.
type AddEnumValue struct{ Base }

// UseNewEnumValue is a statement that uses Value, an enum value added,
// uncommitted, in the same transaction: PostgreSQL refuses it ("unsafe
// use of new value").
type UseNewEnumValue struct {
	Base
	Value string
}

// SyntaxError is literal SQL PostgreSQL's parser rejects.
type SyntaxError struct {
	Base
	Message string // the parser's
}

// OtherDDL is any other schema change: CREATE FUNCTION, op.drop_constraint,
// an alter_column that changes a default, a comment or nullability
// (Column is then the column), TRUNCATE, ...
type OtherDDL struct {
	Base
	Column   string
	Truncate bool
}

// Objects is how many schema objects ops add, net of those they drop:
// tables, columns, indexes and constraints, one each (a table's own
// columns are not counted). Operations on a table the same function
// creates count too: they are in the schema afterwards.
func Objects(ops []Op) int {
	n := 0
	for _, op := range ops {
		switch op.(type) {
		case *CreateTable, *AddColumn, *CreateIndex, *AddConstraint:
			n++
		case *DropTable, *DropColumn, *DropIndex:
			n--
		}
	}
	return n
}

// ProjectObjects is Objects of each revision's upgrade(), by revision id.
func ProjectObjects(p *revision.Project) map[string]int {
	m := map[string]int{}
	for _, f := range p.Files {
		if f.HasRevision {
			m[f.Revision] = Objects(Upgrade(f)) // Upgrade reads f in full
		}
	}
	return m
}
