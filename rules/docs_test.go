package rules

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/retortdev/retort/lint"
	"github.com/retortdev/retort/revision"
)

// The examples in rules/<id>.md are checked like fixtures, so that the
// docs cannot drift from the rules: the first Python block under "Bad"
// must be reported, and every Python block under "Good" must stay quiet.

var pyBlock = regexp.MustCompile("(?s)```python\n(.*?)```")

func TestDocExamples(t *testing.T) {
	for _, r := range All {
		if r.Category != lint.CategoryOperation {
			continue
		}
		doc := Doc(r.ID)
		bad, good := section(doc, "## Bad"), section(doc, "## Good")
		badBlocks := pyBlock.FindAllStringSubmatch(bad, -1)
		if len(badBlocks) == 0 {
			t.Errorf("%s: no Python example under ## Bad", r.ID)
			continue
		}
		if n := runExample(t, r, badBlocks[0][1]); n == 0 {
			t.Errorf("%s: the Bad example is not reported:\n%s", r.ID, badBlocks[0][1])
		}
		for _, m := range pyBlock.FindAllStringSubmatch(good, -1) {
			if n := runExample(t, r, m[1]); n != 0 {
				t.Errorf("%s: the Good example is reported %d times:\n%s", r.ID, n, m[1])
			}
		}
	}
}

// section returns the text of a "## " section.
func section(doc, head string) string {
	i := strings.Index(doc, head+"\n")
	if i < 0 {
		return ""
	}
	rest := doc[i+len(head)+1:]
	if j := strings.Index(rest, "\n## "); j >= 0 {
		rest = rest[:j]
	}
	return rest
}

// runExample wraps a snippet in a revision file (inside upgrade() unless it
// defines its own functions) and returns how often rule r reports on it.
func runExample(t *testing.T, r *lint.Rule, snippet string) int {
	t.Helper()
	var b strings.Builder
	b.WriteString("from alembic import op\nimport sqlalchemy as sa\nfrom sqlalchemy.dialects import postgresql\n\nrevision = \"doc1\"\ndown_revision = None\n\n")
	if strings.Contains(snippet, "def upgrade") || strings.Contains(snippet, "def downgrade") {
		b.WriteString(snippet)
	} else {
		b.WriteString("def upgrade():\n")
		for _, line := range strings.Split(strings.TrimRight(snippet, "\n"), "\n") {
			b.WriteString("    " + line + "\n")
		}
		b.WriteString("\n\ndef downgrade():\n    raise NotImplementedError\n")
	}
	dir := t.TempDir()
	p := filepath.Join(dir, "doc1_example.py")
	if err := os.WriteFile(p, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	proj, err := revision.Load(dir)
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, d := range lint.Run(proj, []*lint.Rule{r}, lint.Options{Config: lint.DefaultConfig(), Known: Known()}) {
		if d.Rule == r.ID {
			n++
		}
	}
	return n
}
