package lint

import (
	"strings"
	"testing"
)

// DocSummary reads lines one by one; it must answer as splitting the doc
// into lines did.
func TestDocSummaryAsSplit(t *testing.T) {
	split := func(doc string) string {
		for _, line := range strings.Split(doc, "\n") {
			line = strings.TrimSpace(line)
			if line != "" && !strings.HasPrefix(line, "#") {
				return line
			}
		}
		return ""
	}
	for _, doc := range []string{
		"", "\n", "# title", "# title\n", "# title\n\nThe summary.\n\nMore.", "  lead  \n", "no newline",
		"#a\n#b\n \t\n last", "\n\n\nx", "# only\n# headings\n",
	} {
		if got, want := DocSummary(doc), split(doc); got != want {
			t.Errorf("DocSummary(%q) = %q, want %q", doc, got, want)
		}
	}
}
