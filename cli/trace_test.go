package cli

import (
	"bytes"
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"

	"github.com/retortdev/retort/replay"
)

// TestTraceLocalCLI replays testdata/trace (its first revision inserts
// rows) on a local PostgreSQL with Python and checks the lock and rewrite
// trace, its findings, the lint of the executed SQL, the timeouts and the
// agreement of static and observed rewrites.
func TestTraceLocalCLI(t *testing.T) {
	needLocalReplay(t)
	dir := filepath.Join("..", "testdata", "trace")
	run := func(args ...string) (int, string, string) {
		var out, errb bytes.Buffer
		code := Main(&Env{Stdout: &out, Stderr: &errb, Getenv: func(string) string { return "" }}, args)
		return code, out.String(), errb.String()
	}
	// without seeding: only the rows the fixture inserts itself, so that
	// the table "empty" stays empty
	code, out, errs := run("check", "--replay", "stairway", "--db", "local", "--seed-rows", "0", "--format", "json", dir)
	if code != ExitOK {
		t.Fatalf("exit %d\n%s%s", code, out, errs)
	}
	var doc struct {
		Diagnostics []struct {
			Rule, Path, Message, Severity, Replay string
			Line                                  int
		}
		Steps []replay.Step
	}
	if err := json.Unmarshal([]byte(out), &doc); err != nil {
		t.Fatalf("json: %v\n%s", err, out)
	}
	type key struct {
		file, rule string
		line       int
	}
	got := map[key]int{}
	for _, d := range doc.Diagnostics {
		got[key{filepath.Base(d.Path), d.Rule, d.Line}]++
		k := key{filepath.Base(d.Path), d.Rule, d.Line}
		switch k {
		case key{"0002_bigint.py", "alter-column-type", 19}, key{"0003_token.py", "volatile-default", 18}:
			if d.Replay != "confirmed" || d.Severity != "warning" {
				t.Errorf("%v: replay %q severity %s, want confirmed warning", k, d.Replay, d.Severity)
			}
		case key{"0002_bigint.py", "alter-column-type", 20}: // varchar to text: no rewrite
			if d.Replay != "not observed" || d.Severity != "notice" || !strings.Contains(d.Message, "saw no rewrite") {
				t.Errorf("%v: %+v, want a notice not observed", k, d)
			}
		}
	}
	want := []key{
		{"0002_bigint.py", "observed-table-rewrite", 19},
		{"0003_token.py", "observed-table-rewrite", 18},
		{"0004_backfill.py", "long-access-exclusive", 18},
		{"0005_dynamic.py", "create-index-non-concurrently", 31}, // SQL built in a loop
		{"0005_dynamic.py", "update-without-where", 33},          // a Core update() without where()
		{"0003_token.py", "create-index-non-concurrently", 19},   // static and executed: one
		{"0002_bigint.py", "alter-column-type", 19},              // static and executed: one
		{"0003_token.py", "missing-lock-timeout", 18},
	}
	for _, k := range want {
		if got[k] != 1 {
			t.Errorf("%v: %d findings, want 1", k, got[k])
		}
	}
	for k, n := range got {
		switch {
		case k.file == "0002_bigint.py" && k.rule == "missing-lock-timeout": // SET lock_timeout
			t.Errorf("missing-lock-timeout on a revision that sets it: %v", k)
		case k.rule == "observed-table-rewrite" && k.line == 21: // "empty" held no rows
			t.Errorf("a rewrite of an empty table reported: %v", k)
		case k.file == "0001_base.py" && (k.rule == "observed-table-rewrite" || k.rule == "long-access-exclusive"):
			t.Errorf("tables created by the revision reported: %v", k)
		case n > 1:
			t.Errorf("%v reported %d times", k, n)
		}
	}
	// the trace in the steps
	var rewrote, locked, timeout bool
	for _, st := range doc.Steps {
		if st.Action != "upgrade" || st.Revision != "0002" {
			continue
		}
		if st.LockTimeout == "2s" {
			timeout = true
		}
		for _, s := range st.Statements {
			if filepath.Base(s.Path) != "0002_bigint.py" || s.Line != 19 || !strings.Contains(s.SQL, "ALTER TABLE orders") || s.Seconds <= 0 {
				continue
			}
			for _, r := range s.Rewrote {
				rewrote = rewrote || r == "orders"
			}
			for _, l := range s.Locks {
				locked = locked || (l.Relation == "orders" && l.Mode == "ACCESS EXCLUSIVE")
			}
		}
		for _, s := range st.Statements {
			if strings.Contains(s.SQL, "alembic_version") {
				t.Errorf("bookkeeping statement traced: %q", s.SQL)
			}
		}
	}
	if !rewrote || !locked || !timeout {
		t.Errorf("trace of 0002: rewrote %v, locked %v, lock_timeout 2s %v", rewrote, locked, timeout)
	}
	// text: the lock summary per revision; with the rows the replay seeds
	// (the default), the table "empty" holds rows too, and its rewrite is
	// reported
	code, out, errs = run("check", "--replay", "stairway", "--db", "local", dir)
	if code != ExitOK || !strings.Contains(out, "locks per revision") || !strings.Contains(out, "0002: 5 statements, lock_timeout 2s") ||
		!strings.Contains(out, "orders (line 19, rewritten)") {
		t.Errorf("text: exit %d\n%s%s", code, out, errs)
	}
	if !strings.Contains(out, "0002_bigint.py:21:") || !strings.Contains(out, "[observed-table-rewrite]") {
		t.Errorf("seeded: the rewrite of the seeded table \"empty\" (0002_bigint.py:21) is not reported:\n%s", out)
	}
	// sarif: the agreement as a property
	code, out, _ = run("check", "--replay", "stairway", "--db", "local", "--format", "sarif", dir)
	if code != ExitOK || !strings.Contains(out, `"replay": "confirmed"`) || !strings.Contains(out, `"replay": "not observed"`) {
		t.Errorf("sarif lacks the replay property: exit %d", code)
	}
}
