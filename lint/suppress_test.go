package lint

import (
	"testing"

	"github.com/retortdev/retort/revision"
)

// Of two files with one path, the first one's suppressions count, whether
// it has some or not; only files with some are kept.
func TestReadSuppressionsFirstPathWins(t *testing.T) {
	with := []byte("revision = \"a\"\ndown_revision = None\n\ndef upgrade():\n    op.drop_table(\"t\")  # retort: ignore[drop-table] gone\n")
	without := []byte("revision = \"a\"\ndown_revision = None\n\ndef upgrade():\n    op.drop_table(\"t\")\n")
	for _, tc := range []struct {
		name   string
		first  []byte
		second []byte
		want   int
	}{
		{"first has none", without, with, 0},
		{"first has one", with, without, 1},
		{"both", with, with, 1},
		{"neither", without, without, 0},
	} {
		files := []*revision.File{revision.ParseHeaders("x.py", []byte("revision = \"b\"\n")), revision.ParseHeaders("a.py", tc.first), revision.ParseHeaders("a.py", tc.second)}
		s := ReadSuppressions(&revision.Project{Files: files})
		if got := len(s.of("a.py")); got != tc.want {
			t.Errorf("%s: %d suppressions of a.py, want %d", tc.name, got, tc.want)
		}
		if s.none() != (tc.want == 0) {
			t.Errorf("%s: none() = %v", tc.name, s.none())
		}
	}
}
