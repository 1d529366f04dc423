package cli

import (
	"sort"
	"strings"
	"testing"

	"github.com/retortdev/retort/lint"
	"github.com/retortdev/retort/replay"
	"github.com/retortdev/retort/rules"
)

// TestReplayRuleIDs: the rules package registers the replay rules without
// importing replay, so the ids are written twice; they must agree, and
// every External rule must be one replay reports.
func TestReplayRuleIDs(t *testing.T) {
	var external []string
	for _, r := range rules.All {
		if r.Scope == lint.External {
			external = append(external, r.ID)
		}
	}
	ids := append([]string(nil), replay.RuleIDs...)
	sort.Strings(external)
	sort.Strings(ids)
	if got, want := strings.Join(external, " "), strings.Join(ids, " "); got != want {
		t.Errorf("External rules in rules.All:\n%s\nreplay.RuleIDs:\n%s", got, want)
	}
	for _, id := range replay.RuleIDs {
		if rules.Doc(id) == "" {
			t.Errorf("%s: no rules/%s.md", id, id)
		}
	}
}
