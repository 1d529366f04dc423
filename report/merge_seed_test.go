package report

import "testing"

// TestMergeSeed: the seeding of shards adds up.
func TestMergeSeed(t *testing.T) {
	a := &Doc{Summary: map[string]any{"seed": map[string]any{"rows": 6.0, "tables": 2.0, "seconds": 0.5}}}
	b := &Doc{Summary: map[string]any{"seed": map[string]any{"rows": 3.0, "tables": 1.0, "seconds": 0.25}}}
	c := &Doc{Summary: map[string]any{}}
	got, _ := MergeDocs([]*Doc{a, c, b}).Summary["seed"].(map[string]any)
	if got["rows"] != 9.0 || got["tables"] != 3.0 || got["seconds"] != 0.75 {
		t.Errorf("merged seed %v, want 9 rows, 3 tables, 0.75s", got)
	}
	if x := a.Summary["seed"].(map[string]any)["rows"]; x != 6.0 {
		t.Errorf("merging changed its input: %v", x)
	}
}
