package rules

import "github.com/retortdev/retort/revision"

// assignPos returns where a module-level name was assigned in f, or the
// revision assignment, or the first line.
func assignPos(f *revision.File, names ...string) revision.Pos {
	for _, n := range names {
		if p, ok := f.Assigned[n]; ok {
			return p
		}
	}
	if p, ok := f.Assigned["revision"]; ok {
		return p
	}
	return revision.Pos{Line: 1, Col: 1}
}
