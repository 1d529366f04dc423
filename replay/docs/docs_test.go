package docs

import (
	"strings"
	"testing"
)

func TestDocs(t *testing.T) {
	for _, r := range Rules {
		doc := Doc(r.ID)
		if doc == "" || r.Summary == "" {
			t.Errorf("%s: no doc", r.ID)
			continue
		}
		if !strings.HasPrefix(doc, "# "+r.ID+"\n") {
			t.Errorf("%s: doc does not start with its id", r.ID)
		}
		for _, section := range []string{"## Why", "## Bad", "## Good", "## Silence"} {
			if !strings.Contains(doc, section) {
				t.Errorf("%s: doc lacks %q", r.ID, section)
			}
		}
	}
}
