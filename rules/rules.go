// Package rules holds every rule retort runs, one file per rule, each with
// its documentation (<id>.md) and its fixtures (testdata/<id>/).
package rules

import (
	"embed"
	"sort"

	"github.com/retortdev/retort/lint"
)

// All is the only place a rule is registered. Each rule's Category says
// what it reads; the groups below follow it.
var All = []*lint.Rule{
	// graph
	MultipleHeads,
	DuplicateRevision,
	UnknownDownRevision,
	UnknownDependsOn,
	RevisionCycle,
	MissingRevisionID,
	HeaderMismatch,
	UnparsableRevision,
	DuplicateBranchLabel,
	InvalidSuppression,
	UnusedSuppression,
	// operations and SQL; pgOnly: on PostgreSQL only
	pgOnly(NotNullWithoutDefault),
	pgOnly(VolatileDefault),
	pgOnly(SetNotNull),
	pgOnly(AlterColumnType),
	pgOnly(CreateIndexNonConcurrently),
	pgOnly(DropIndexNonConcurrently),
	pgOnly(ConcurrentlyInTransaction),
	pgOnly(ConstraintWithoutNotValid),
	pgOnly(AddUniqueConstraint),
	pgOnly(AddPrimaryKey),
	RenameColumn,
	RenameTable,
	DropColumn,
	DropTable,
	EmptyDowngrade,
	pgOnly(SQLSyntaxError),
	UpdateWithoutWhere,
	pgOnly(LockTable),
	pgOnly(VacuumFull),
	pgOnly(BackfillUnderLock),
	pgOnly(MissingLockTimeout),
	// history
	EditedAppliedRevision,
	DeletedAppliedRevision,
	DivergedFromBase,
	// replay (Scope External)
	UpgradeFailed,
	UpgradeFailedWithRows,
	DowngradeFailed,
	DowngradeNotInverse,
	RoundtripDrift,
	ReplayTimeout,
	ModelDrift,
	ObservedTableRewrite,
	LongAccessExclusive,
}

// pgOnly marks a rule whose advice holds on PostgreSQL alone (its locks, its
// table rewrites, its SQL parser): it does not run on a project whose
// migrations target another database.
func pgOnly(r *lint.Rule) *lint.Rule {
	r.PostgresOnly = true
	return r
}

// byRunner returns a suppression rule: the runner reports it itself, from
// the suppression comments, so its Run does nothing.
func byRunner(id string, severity lint.Severity) *lint.Rule {
	return &lint.Rule{ID: id, Severity: severity, Scope: lint.PerFile, Category: lint.CategoryGraph, Run: func(*lint.Pass) {}}
}

//go:embed *.md
var docs embed.FS

func init() {
	for _, r := range All {
		r.Summary = lint.DocSummary(Doc(r.ID))
	}
}

// Doc returns the whole documentation of a rule, or "".
func Doc(id string) string {
	b, err := docs.ReadFile(id + ".md")
	if err != nil {
		return ""
	}
	return string(b)
}

// ByID finds a rule.
func ByID(id string) *lint.Rule {
	for _, r := range All {
		if r.ID == id {
			return r
		}
	}
	return nil
}

// Known returns the set of rule ids.
func Known() map[string]bool {
	m := map[string]bool{}
	for _, r := range All {
		m[r.ID] = true
	}
	return m
}

// Sorted returns the rules ordered by id.
func Sorted() []*lint.Rule {
	out := append([]*lint.Rule(nil), All...)
	sort.Slice(out, func(i, j int) bool { return out[i].ID < out[j].ID })
	return out
}
