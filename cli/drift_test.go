package cli

import (
	"encoding/json"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
)

// TestModelDriftLocal_NeedsPostgresPython replays testdata/drift, whose
// env.py has target_metadata: each object where the models' catalog
// differs from the migrations' is a model-drift finding on the model's
// class; a baseline accepts today's drift and reports only new drift.
func TestModelDriftLocal_NeedsPostgresPython(t *testing.T) {
	needPostgresPython(t)
	dir := copyDriftProject(t)
	replayJSON := func(args ...string) (int, []string, []string) {
		t.Helper()
		code, out, stderr := run(t, nil, append([]string{"replay", "--db", "local", "--format", "json"}, append(args, dir)...)...)
		var doc struct {
			Diagnostics []struct {
				Rule, Path, Message string
				Line                int
			}
		}
		if err := json.Unmarshal([]byte(out), &doc); err != nil {
			t.Fatalf("exit %d: %v\n%s%s", code, err, out, stderr)
		}
		var msgs, where []string
		for _, d := range doc.Diagnostics {
			if d.Rule != "model-drift" {
				t.Errorf("unexpected finding %+v", d)
			}
			msgs = append(msgs, d.Message)
			where = append(where, filepath.Base(d.Path)+":"+itoa(d.Line))
		}
		sort.Strings(msgs)
		return code, msgs, where
	}
	code, msgs, where := replayJSON()
	want := []string{
		`column "active" of "users" differs between the models and the migrations: the models say boolean not null default true, the migrations boolean not null`,
		`index "ix_users_email" on "users" differs between the models and the migrations: the models say CREATE UNIQUE INDEX ix_users_email ON public.users USING btree (email), the migrations CREATE INDEX ix_users_email ON public.users USING btree (email)`,
		`the migrations create column "legacy" of "users", which the models do not have`,
		`the models have constraint "ck_users_email_length" on "users", which the migrations do not create`,
	}
	if code != ExitFindings || strings.Join(msgs, "\n") != strings.Join(want, "\n") {
		t.Errorf("exit %d, findings:\n%s\nwant:\n%s", code, strings.Join(msgs, "\n"), strings.Join(want, "\n"))
	}
	// on the class, or on the column's attribute; legacy has none
	sort.Strings(where)
	if strings.Join(where, " ") != "models.py:17 models.py:8 models.py:8 models.py:8" {
		t.Errorf("findings at %s, want active at models.py:17, the others on class User (line 8)", where)
	}

	baseline := filepath.Join(dir, "drift.json")
	if code, msgs, _ := replayJSON("--drift-baseline", baseline); code != ExitOK || len(msgs) != 0 {
		t.Errorf("recording the baseline: exit %d, %q", code, msgs)
	}
	b, err := os.ReadFile(baseline)
	if err != nil || strings.Count(string(b), `"column \"active\" of \"users\": changed"`) != 1 {
		t.Fatalf("baseline: %v\n%s", err, b)
	}
	if code, msgs, _ := replayJSON("--drift-baseline", baseline); code != ExitOK || len(msgs) != 0 {
		t.Errorf("accepted drift: exit %d, %q", code, msgs)
	}
	// new drift: a column the models gain
	models := filepath.Join(dir, "models.py")
	m, _ := os.ReadFile(models)
	os.WriteFile(models, []byte(strings.Replace(string(m), "    user_id = Column(", "    total = Column(Integer, server_default=text(\"0\"))\n    user_id = Column(", 1)), 0o644)
	code, msgs, where = replayJSON("--drift-baseline", baseline)
	if code != ExitFindings || len(msgs) != 1 || msgs[0] != `the models have column "total" of "orders", which the migrations do not create` || where[0] != "models.py:24" {
		t.Errorf("new drift: exit %d, %q at %q", code, msgs, where)
	}
}

func copyDriftProject(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	src, _ := filepath.Abs(filepath.Join("..", "testdata", "drift"))
	if err := os.CopyFS(dir, os.DirFS(src)); err != nil {
		t.Fatal(err)
	}
	return dir
}

func itoa(n int) string {
	b, _ := json.Marshal(n)
	return string(b)
}

// TestModelDriftSettings_NeedsPostgresPython: model-drift turned off builds
// no models; a drift check that cannot run is one warning, not a failed
// replay; a missing baseline is an error in CI and written locally.
func TestModelDriftSettings_NeedsPostgresPython(t *testing.T) {
	needPostgresPython(t)
	dir := copyDriftProject(t)
	replay := func(env map[string]string, args ...string) (int, string, string) {
		t.Helper()
		return run(t, env, append([]string{"replay", "--db", "local", "--format", "json"}, append(args, dir)...)...)
	}

	// a directory where the baseline file should be: drift cannot be checked
	code, out, stderr := replay(nil, "--drift-baseline", dir)
	if code != ExitOK || strings.Count(out, `"model-drift"`) != 1 || !strings.Contains(out, "the models were not compared with the migrations: ") {
		t.Errorf("unreadable baseline: exit %d\n%s%s", code, out, stderr)
	}

	// CI: a missing baseline is an error, and nothing is written
	baseline := filepath.Join(dir, "drift.json")
	code, out, stderr = replay(map[string]string{"CI": "true"}, "--drift-baseline", baseline)
	want := "drift baseline " + baseline + " does not exist; run retort replay --drift-baseline " + baseline + " locally and commit it"
	if code != ExitFindings || !strings.Contains(out, want) {
		t.Errorf("CI, no baseline: exit %d, want the finding %q\n%s%s", code, want, out, stderr)
	}
	if _, err := os.Stat(baseline); err == nil {
		t.Error("CI wrote the baseline")
	}
	// locally it is written, and said
	code, _, stderr = replay(nil, "--drift-baseline", baseline)
	if code != ExitOK || !strings.Contains(stderr, "wrote drift baseline "+baseline+" (4 entries); commit it") {
		t.Errorf("local, no baseline: exit %d\n%s", code, stderr)
	}

	// model-drift off: the models are not built at all
	if err := os.WriteFile(filepath.Join(dir, "retort.toml"), []byte("disable = [\"model-drift\"]\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	code, out, stderr = replay(nil)
	if code != ExitOK || strings.Contains(out, "model-drift") || strings.Contains(out, "create_all") {
		t.Errorf("model-drift off: exit %d\n%s%s", code, out, stderr)
	}
	code, out, _ = replay(nil)
	if code != ExitOK || !strings.Contains(out, `"steps"`) {
		t.Errorf("the json output has no steps, so the test above proves nothing:\n%s", out)
	}
}
