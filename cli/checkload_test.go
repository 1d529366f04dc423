package cli

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"sort"
	"strings"
	"testing"

	"github.com/retortdev/retort/lint"
	"github.com/retortdev/retort/replay"
	"github.com/retortdev/retort/revision"
)

// fixtureProjects lists the folders of rules/testdata that hold revision
// files, with testdata/sample and testdata/trace.
func fixtureProjects(t *testing.T) []string {
	t.Helper()
	seen := map[string]bool{}
	err := filepath.WalkDir(filepath.Join("..", "rules", "testdata"), func(path string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() && strings.HasSuffix(path, ".py") {
			seen[filepath.Dir(path)] = true
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	dirs := []string{filepath.Join("..", "testdata", "sample"), filepath.Join("..", "testdata", "trace")}
	for d := range seen {
		dirs = append(dirs, d)
	}
	sort.Strings(dirs[2:])
	return dirs
}

// runCapturing runs retort and returns what it printed with the projects
// it loaded.
func runCapturing(args ...string) (int, string, []*loaded) {
	var out, errb bytes.Buffer
	var ls []*loaded
	e := &Env{Stdin: strings.NewReader(""), Stdout: &out, Stderr: &errb, Getenv: func(string) string { return "" },
		loaded: func(l *loaded) { ls = append(ls, l) }}
	code := Main(e, args)
	return code, out.String() + errb.String(), ls
}

// TestCheckLoadsAsLint checks that check lints what lint does, through
// lint's load: no file is kept as a syntax tree (every one is a header,
// revision.File.Partial) and the per-file rules ran as the files loaded
// whenever they did for lint. A check that loaded every file in full
// (revision.LoadWith) held a long history as trees: twice lint's memory.
func TestCheckLoadsAsLint(t *testing.T) {
	for _, dir := range fixtureProjects(t) {
		t.Run(filepath.ToSlash(dir), func(t *testing.T) {
			lcode, lout, lls := runCapturing("lint", "--format", "json", dir)
			ccode, cout, cls := runCapturing("check", "--replay", "none", "--format", "json", dir)
			var ld, cd struct{ Diagnostics json.RawMessage }
			if json.Unmarshal([]byte(lout), &ld) != nil || json.Unmarshal([]byte(cout), &cd) != nil {
				if lcode != ccode || lout != cout {
					t.Fatalf("lint exit %d:\n%s\ncheck exit %d:\n%s", lcode, lout, ccode, cout)
				}
				return // a project neither reads: the same error
			}
			if lcode != ccode || !bytes.Equal(ld.Diagnostics, cd.Diagnostics) {
				t.Errorf("lint exit %d:\n%s\ncheck exit %d:\n%s", lcode, ld.Diagnostics, ccode, cd.Diagnostics)
			}
			if len(lls) != 1 || len(cls) != 1 {
				t.Fatalf("loads: lint %d, check %d, want 1", len(lls), len(cls))
			}
			ll, cl := lls[0], cls[0]
			if (ll.early == nil) != (cl.early == nil) {
				t.Errorf("per-file rules at load: lint %v, check %v", ll.early != nil, cl.early != nil)
			}
			if dir == filepath.Join("..", "testdata", "sample") && cl.early == nil {
				t.Errorf("check did not run the per-file rules as the files loaded")
			}
			for _, f := range cl.proj.Files {
				if !f.Partial() {
					t.Errorf("check keeps %s as a syntax tree", f.Path)
				}
			}
		})
	}
}

// TestReplaySideOnHeaders checks that what check reads of the files for
// the replay (callAt: tracebacks, the executed SQL, agree) is the same on
// a project loaded as lint loads it (headers, the per-file rules run at
// load) as on one parsed in full.
func TestReplaySideOnHeaders(t *testing.T) {
	load := func(dir string, full bool) (*loaded, lint.Options, []lint.Diagnostic) {
		t.Helper()
		var errb bytes.Buffer
		e := &Env{Stdout: &errb, Stderr: &errb, Getenv: func(string) string { return "" }}
		var pf projectFlags
		var hf historyFlags
		var l *loaded
		if full {
			l, _ = loadWith(e, dir, &pf, revision.Load)
		} else {
			var ahead gitAhead
			defer ahead.stop()
			l, _ = loadLinting(e, dir, &pf, &hf, &ahead)
		}
		if l == nil {
			t.Fatalf("%s: %s", dir, errb.String())
		}
		opts, diags, code := lintProject(e, l, "", &hf)
		if code != 0 {
			t.Fatalf("%s: exit %d: %s", dir, code, errb.String())
		}
		return l, opts, diags
	}
	for _, dir := range fixtureProjects(t) {
		fl, _, _ := load(dir, true)
		hl, _, _ := load(dir, false)
		fat, hat := fl.callAt(), hl.callAt()
		for i, f := range fl.proj.Files {
			if !hl.proj.Files[i].Partial() {
				t.Fatalf("%s is not a header", hl.proj.Files[i].Path)
			}
			abs, _ := filepath.Abs(f.Path)
			for line := 0; line <= strings.Count(string(f.Src), "\n")+1; line++ {
				fl, fc, fok := fat(abs, line)
				hl, hc, hok := hat(abs, line)
				if fl != hl || fc != hc || fok != hok {
					t.Errorf("%s:%d: callAt %d:%d %v on the full parse, %d:%d %v on the header", f.Path, line, fl, fc, fok, hl, hc, hok)
				}
			}
		}
	}

	// the replay of testdata/trace, as far as check reads it: the SQL its
	// upgrades ran, and the rewrites seen with rows
	trace := filepath.Join("..", "testdata", "trace")
	file := func(name string) string {
		abs, _ := filepath.Abs(filepath.Join(trace, "versions", name))
		return abs
	}
	res := func() *replay.Result {
		return &replay.Result{Steps: []replay.Step{
			{Action: "upgrade", Revision: "0002", OK: true, StepTrace: replay.StepTrace{Traced: true, RowsBefore: []string{"orders"}, Statements: []replay.Statement{
				{Path: file("0002_bigint.py"), Line: 19, SQL: "ALTER TABLE orders ALTER COLUMN amount TYPE BIGINT", Rewrote: []string{"orders"}},
				{Path: file("0002_bigint.py"), Line: 20, SQL: "ALTER TABLE orders ALTER COLUMN note TYPE TEXT"},
			}}},
			{Action: "upgrade", Revision: "0003", OK: true, StepTrace: replay.StepTrace{Traced: true, RowsBefore: []string{"orders"}, Statements: []replay.Statement{
				{Path: file("0003_token.py"), Line: 19, SQL: "CREATE INDEX ix_orders_token ON orders (token)"},
			}}},
			{Action: "upgrade", Revision: "0005", OK: true, StepTrace: replay.StepTrace{Traced: true, Statements: []replay.Statement{
				{Path: file("0005_dynamic.py"), Line: 31, SQL: "CREATE INDEX ix_orders_a ON orders (a)"},
				{Path: file("0005_dynamic.py"), Line: 33, SQL: "UPDATE orders SET a = %(a)s"},
			}}},
		}}
	}
	var got [2][]lint.Diagnostic
	for i, full := range []bool{true, false} {
		l, opts, diags := load(trace, full)
		if !full && l.early == nil {
			t.Fatalf("the per-file rules did not run as %s loaded", trace)
		}
		r := res()
		executed := executedFindings(l, &opts, r, diags)
		agree(l, diags, r)
		got[i] = append(diags, executed...)
		var marks, exec int
		for _, d := range got[i] {
			if d.Replay != "" {
				marks++
			}
			if strings.HasSuffix(d.Message, "(in the SQL the replay executed)") {
				exec++
			}
		}
		if marks < 2 || exec < 2 {
			t.Errorf("full %v: %d findings marked by the replay, %d on the executed SQL; want 2 and 2 at least:\n%+v", full, marks, exec, got[i])
		}
	}
	if !reflect.DeepEqual(got[0], got[1]) {
		t.Errorf("parsed in full:\n%+v\nheaders:\n%+v", got[0], got[1])
	}
}
