package history

import (
	"fmt"
	"math/rand"
	"sort"
	"strings"
	"testing"

	"github.com/retortdev/retort/revision"
)

// withoutNewerByDescendants is withoutNewer as it was: a walk down from
// each revision the project lacks.
func withoutNewerByDescendants(tip *Snapshot, proj *revision.Project) []string {
	var kept []string
	for id := range tip.Revisions {
		if proj.Graph.Revs[id] == nil {
			found := false
			for d := range tip.Graph.Descendants(id) {
				if proj.Graph.Revs[d] != nil {
					found = true
				}
			}
			if !found {
				continue
			}
		}
		kept = append(kept, id)
	}
	sort.Strings(kept)
	return kept
}

// TestWithoutNewer: the one walk up keeps what a walk down from each
// revision kept, on random histories with branches, merges, depends_on,
// missing parents and cycles.
func TestWithoutNewer(t *testing.T) {
	rnd := rand.New(rand.NewSource(1))
	for n := 0; n < 300; n++ {
		size := 1 + rnd.Intn(30)
		var tipFiles, projFiles []*revision.File
		for i := 0; i < size; i++ {
			f := &revision.File{Path: fmt.Sprintf("r%02d.py", i), Revision: fmt.Sprintf("r%02d", i), HasRevision: true}
			for k := rnd.Intn(3); k > 0; k-- {
				f.DownRevisions = append(f.DownRevisions, fmt.Sprintf("r%02d", rnd.Intn(size+3))) // sometimes missing, sometimes later (a cycle)
			}
			if rnd.Intn(5) == 0 {
				f.DependsOn = []string{fmt.Sprintf("r%02d", rnd.Intn(size))}
			}
			tipFiles = append(tipFiles, f)
			if rnd.Intn(3) > 0 {
				projFiles = append(projFiles, f)
			}
		}
		tip := NewSnapshot("origin/main", tipFiles)
		proj := &revision.Project{Files: projFiles, Graph: revision.NewGraph(projFiles)}
		var got []string
		for id := range withoutNewer(tip, proj).Revisions {
			got = append(got, id)
		}
		sort.Strings(got)
		if want := withoutNewerByDescendants(tip, proj); strings.Join(got, " ") != strings.Join(want, " ") {
			t.Fatalf("history %d: kept %v, walking down from each %v", n, got, want)
		}
	}
}
