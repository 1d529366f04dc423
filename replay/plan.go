package replay

import "fmt"

// Plan is what a replay runs (--plan).
type Plan string

const (
	// PlanFull upgrades to the heads, downgrades to the base and upgrades
	// again, comparing the schemas.
	PlanFull Plan = "full"
	// PlanStairway upgrades, downgrades and upgrades each revision in turn.
	PlanStairway Plan = "stairway"
	// PlanChanged upgrades to the base branch's revisions, then runs the
	// stairway over those the change adds.
	PlanChanged Plan = "changed"
)

// ParsePlan reads a plan name. "" is the zero Plan: the caller chooses
// (Run takes it for PlanFull).
func ParsePlan(s string) (Plan, error) {
	switch p := Plan(s); p {
	case "", PlanFull, PlanStairway, PlanChanged:
		return p, nil
	}
	return "", fmt.Errorf("unknown plan %q (want full, stairway or changed)", s)
}

// Windowed reports whether a Window (--shard, --from, --to) bounds the
// plan: the full and stairway plans, not the changed one.
func (p Plan) Windowed() bool { return p == PlanFull || p == PlanStairway }
