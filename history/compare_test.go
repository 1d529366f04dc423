package history

import (
	"fmt"
	"sort"
	"strings"
	"testing"

	"github.com/retortdev/retort/revision"
)

// TestCompareHashesWhatTheBaseLacks: with a base, compare hashes only the
// revisions retort.sum records that the base has no file for; without
// one, every revision retort.sum records. History.Hash answers for all.
func TestCompareHashesWhatTheBaseLacks(t *testing.T) {
	src := func(id, down, table string) []byte {
		return []byte(fmt.Sprintf("revision = %q\ndown_revision = %q\n\ndef upgrade():\n    op.create_table(%q)\n", id, down, table))
	}
	a0 := revision.Parse("a0.py", src("a0", "", "users"))
	b1 := revision.Parse("b1.py", src("b1", "a0", "teams"))
	c2 := revision.Parse("c2.py", src("c2", "b1", "posts"))
	d3 := revision.Parse("d3.py", src("d3", "c2", "tags"))
	files := []*revision.File{a0, b1, c2, d3}
	proj := &revision.Project{Files: files, Graph: revision.NewGraph(files)}
	base := NewSnapshot("origin/main", []*revision.File{a0, revision.Parse("b1.py", src("b1", "a0", "squads"))})
	sum := SumSnapshot("retort.sum", []SumEntry{{ID: "a0", Hash: "h1:x"}, {ID: "b1", Hash: "h1:y"}, {ID: "c2", Hash: "h1:z"}})
	hashed := func(h *History) string {
		var ids []string
		for f := range h.memo.hashes {
			ids = append(ids, f.Revision)
		}
		sort.Strings(ids)
		return strings.Join(ids, " ")
	}
	for _, tc := range []struct {
		base *Snapshot
		want string
	}{{base, "c2"}, {nil, "a0 b1 c2"}} {
		h, err := New(proj, tc.base, nil, sum, "")
		if err != nil {
			t.Fatal(err)
		}
		if got := hashed(h); got != tc.want {
			t.Errorf("base %v: hashed %q, want %q", tc.base != nil, got, tc.want)
		}
		for _, f := range files {
			if got, want := h.Hash(f), Hash(f); got != want {
				t.Errorf("Hash(%s) = %s, want %s", f.Revision, got, want)
			}
		}
	}
}
