package cli

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestSeededCheckLocalCLI: the sample's NOT NULL revision, which replays
// green on empty tables, fails under `retort check` once the tables have
// rows, on the line lint names; seed-skip, --seed-rows and the summary.
func TestSeededCheckLocalCLI(t *testing.T) {
	needLocalReplay(t)
	run := func(args ...string) (int, string, string) {
		var out, errb bytes.Buffer
		code := Main(&Env{Stdout: &out, Stderr: &errb, Getenv: func(string) string { return "" }}, args)
		return code, out.String(), errb.String()
	}
	sample := filepath.Join("..", "testdata", "sample")
	const finding = `3c4d5e6f7a8b_customer_names.py:19:9: error: upgrade of "3c4d5e6f7a8b" fails on tables that have rows (it passes on empty ones): column "name" of relation "customers" contains null values (retort seeded "customers" with id=1, 2, 3) [upgrade-failed-with-rows]`

	code, out, errs := run("check", "--replay", "stairway", "--db", "local", sample)
	if code != ExitFindings || !strings.Contains(out, finding) || !strings.Contains(out, "stairway plan completed") ||
		!strings.Contains(out, "seeded 12 rows into 4 tables in") || !strings.Contains(out, "upgrade 3c4d5e6f7a8b failed:") {
		t.Errorf("check --replay stairway: exit %d\n%s%s", code, out, errs)
	}
	// full: seeding is opt-in
	code, out, errs = run("replay", "--db", "local", sample)
	if code != ExitOK || strings.Contains(out, "upgrade-failed-with-rows") || strings.Contains(out, "seeded") {
		t.Errorf("replay (full, unseeded): exit %d\n%s%s", code, out, errs)
	}
	code, out, errs = run("replay", "--db", "local", "--seed-rows", "2", sample)
	if code != ExitFindings || !strings.Contains(out, strings.Replace(finding, "id=1, 2, 3", "id=1, 2", 1)) || !strings.Contains(out, "full plan completed") {
		t.Errorf("replay --seed-rows 2 (full): exit %d\n%s%s", code, out, errs)
	}

	// seed-skip in the configuration; the JSON summary
	dir := filepath.Join(t.TempDir(), "sample")
	if err := os.CopyFS(dir, os.DirFS(sample)); err != nil {
		t.Fatal(err)
	}
	toml := filepath.Join(dir, "retort.toml")
	if err := os.WriteFile(toml, []byte("allowed-heads = [\"reporting\"]\nseed-skip = [\"public.orders\"]\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	code, out, errs = run("replay", "--db", "local", "--plan", "stairway", "--format", "json", dir)
	var doc struct {
		Diagnostics []struct{ Rule string }
		Summary     struct {
			Completed bool
			Seed      *struct {
				Rows    int      `json:"rows"`
				Tables  int      `json:"tables"`
				Seconds *float64 `json:"seconds"`
			}
		}
	}
	if err := json.Unmarshal([]byte(out), &doc); err != nil {
		t.Fatalf("json: %v\n%s", err, out)
	}
	// customers is seeded twice (again after the rows came out for the
	// retry of its NOT NULL revision); orders never
	if code != ExitFindings || len(doc.Diagnostics) != 1 || doc.Diagnostics[0].Rule != "upgrade-failed-with-rows" || !doc.Summary.Completed ||
		doc.Summary.Seed == nil || doc.Summary.Seed.Tables != 2 || doc.Summary.Seed.Rows != 6 || doc.Summary.Seed.Seconds == nil {
		t.Errorf("seed-skip: exit %d %+v\n%s%s", code, doc, out, errs)
	}

	// a seed-sql file that does not exist, a bad --seed-rows
	if err := os.WriteFile(toml, []byte("allowed-heads = [\"reporting\"]\nseed-sql = \"ci/seed.sql\"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	code, _, errs = run("replay", "--db", "local", "--plan", "stairway", dir)
	if code != ExitUsage || !strings.Contains(errs, "seed-sql in "+toml) || !strings.Contains(errs, "ci/seed.sql") {
		t.Errorf("missing seed-sql: exit %d\n%s", code, errs)
	}
	code, _, errs = run("replay", "--seed-rows", "-1", dir)
	if code != ExitUsage || !strings.Contains(errs, "seed-rows") {
		t.Errorf("--seed-rows -1: exit %d\n%s", code, errs)
	}
}
