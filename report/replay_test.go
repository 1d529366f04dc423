package report

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"

	"github.com/retortdev/retort/lint"
	"github.com/retortdev/retort/replay"
)

// TestReplayJSON: a replay's JSON is lint's shape with one summary, lint's
// counts first (its revisions win over the replay's), then the replay's
// fields, and the steps.
func TestReplayJSON(t *testing.T) {
	r := &Result{
		Diagnostics: []lint.Diagnostic{{Rule: "upgrade-failed", Severity: lint.Error, Path: "v/a.py", Line: 3}},
		Revisions:   3,
		Steps:       []replay.Step{{Phase: "full", Action: "upgrade", Revision: "a", Seconds: 0.5}},
		Replay: &replay.Summary{Plan: "full", Provider: "local", Revisions: 5, Steps: 1, Completed: true,
			Python: replay.Interpreter{Path: "/usr/bin/python3", Source: "--python"}},
	}
	var buf bytes.Buffer
	if err := JSON(&buf, r); err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Diagnostics []lint.Diagnostic
		Summary     map[string]any
		Steps       []replay.Step
	}
	if err := json.Unmarshal(buf.Bytes(), &doc); err != nil {
		t.Fatalf("%v\n%s", err, buf.String())
	}
	s := doc.Summary
	if s["revisions"] != 3.0 || s["errors"] != 1.0 || s["plan"] != "full" || s["provider"] != "local" || s["steps"] != 1.0 || s["completed"] != true {
		t.Errorf("summary: %v", s)
	}
	if py, _ := s["python"].(map[string]any); py["path"] != "/usr/bin/python3" {
		t.Errorf("python: %v", s["python"])
	}
	if len(doc.Diagnostics) != 1 || len(doc.Steps) != 1 || doc.Steps[0].Revision != "a" {
		t.Errorf("diagnostics %v, steps %v", doc.Diagnostics, doc.Steps)
	}
	if i, j := strings.Index(buf.String(), `"notices"`), strings.Index(buf.String(), `"plan"`); i < 0 || j < i {
		t.Errorf("lint's counts come first:\n%s", buf.String())
	}
	// without a replay, lint's shape alone
	buf.Reset()
	r.Replay, r.Steps = nil, nil
	if err := JSON(&buf, r); err != nil {
		t.Fatal(err)
	}
	if strings.Contains(buf.String(), `"steps"`) || strings.Contains(buf.String(), `"plan"`) {
		t.Errorf("lint JSON has replay fields:\n%s", buf.String())
	}
}
