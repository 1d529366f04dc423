package lint

import (
	"strings"
	"sync/atomic"
	"testing"

	"github.com/retortdev/retort/revision"
)

// A fact is computed once per file however many rules read it, from the
// file parsed in full, also when another file's rule asks for it.
func TestFactComputedOncePerFile(t *testing.T) {
	a := revision.ParseHeaders("a.py", []byte("revision = \"a\"\ndown_revision = None\n\ndef upgrade():\n    op.drop_table(\"t\")\n"))
	b := revision.ParseHeaders("b.py", []byte("revision = \"b\"\ndown_revision = \"a\"\n\ndef upgrade():\n    op.drop_table(\"u\")\n    op.drop_table(\"v\")\n"))
	proj := &revision.Project{Files: []*revision.File{a, b}, Graph: revision.NewGraph([]*revision.File{a, b})}
	var computed atomic.Int32
	calls := &Fact[int]{Name: "calls", Compute: func(f *revision.File) int {
		computed.Add(1)
		if f.Partial() {
			t.Errorf("%s: computed from the headers only", f.Path)
		}
		return len(f.Upgrade.Calls)
	}}
	var rules []*Rule
	for _, id := range []string{"r1", "r2", "r3"} {
		rules = append(rules, &Rule{ID: id, Severity: Error, Scope: PerFile, Requires: []AnyFact{calls}, Run: func(p *Pass) {
			n := calls.Of(p)
			p.Report(revision.Pos{Line: 1}, "%d calls", n).Hint = "h"
			if p.File.Revision == "b" {
				// a's fact, asked for from b's pass
				p.Report(revision.Pos{Line: 2}, "parent has %d calls", calls.OfFile(p, proj.Graph.Revs["a"].File)).Hint = "h"
			}
		}})
	}
	got := Run(proj, rules, Options{})
	var msgs []string
	for _, d := range got {
		if d.Rule == "r1" {
			msgs = append(msgs, d.Path+": "+d.Message)
		}
	}
	if want := "a.py: 1 calls,b.py: 2 calls,b.py: parent has 1 calls"; strings.Join(msgs, ",") != want {
		t.Errorf("got %q, want %q", strings.Join(msgs, ","), want)
	}
	// once for b, once for a; a again at most when b's rules ran after a's
	// were done with it (the runner lets a file's facts go)
	if n := computed.Load(); n < 2 || n > 3 {
		t.Errorf("computed %d times for 2 files and 3 rules", n)
	}
}

// A rule that reads a fact it does not require is a programming error.
func TestFactNotRequired(t *testing.T) {
	f := revision.Parse("a.py", []byte("revision = \"a\"\ndown_revision = None\n"))
	proj := &revision.Project{Files: []*revision.File{f}, Graph: revision.NewGraph([]*revision.File{f})}
	fact := &Fact[bool]{Name: "x", Compute: func(*revision.File) bool { return true }}
	defer func() {
		if r := recover(); r == nil || !strings.Contains(r.(string), "without requiring") {
			t.Errorf("recovered %v, want a panic naming the missing requirement", r)
		}
	}()
	// a project rule runs on the caller's goroutine
	Run(proj, []*Rule{{ID: "r", Scope: PerProject, Run: func(p *Pass) { fact.OfFile(p, f) }}}, Options{})
}

// The rules of one file read its facts from the worker's own copy after
// the first: still one computation per file, and each file sees its own
// value, not the previous file's.
func TestFactOwnFileOnce(t *testing.T) {
	var files []*revision.File
	for i, id := range []string{"a", "b", "c", "d"} {
		down := "None"
		if i > 0 {
			down = "\"" + files[i-1].Revision + "\""
		}
		src := "revision = \"" + id + "\"\ndown_revision = " + down + "\n\ndef upgrade():\n" + strings.Repeat("    op.drop_table(\"t\")\n", i+1)
		files = append(files, revision.ParseHeaders(id+".py", []byte(src)))
	}
	proj := &revision.Project{Files: files, Graph: revision.NewGraph(files)}
	var computed atomic.Int32
	calls := &Fact[int]{Name: "calls", Compute: func(f *revision.File) int {
		computed.Add(1)
		return len(f.Upgrade.Calls)
	}}
	var rules []*Rule
	for _, id := range []string{"r1", "r2", "r3"} {
		rules = append(rules, &Rule{ID: id, Severity: Error, Scope: PerFile, Requires: []AnyFact{calls}, Run: func(p *Pass) {
			if a, b := calls.Of(p), calls.Of(p); a != b {
				t.Errorf("%s: %d then %d", p.File.Path, a, b)
			}
			p.Report(revision.Pos{Line: 1}, "%d calls", calls.Of(p)).Hint = "h"
		}})
	}
	var got []string
	for _, d := range Run(proj, rules, Options{}) {
		got = append(got, d.Path+" "+d.Rule+": "+d.Message)
	}
	want := "a.py r1: 1 calls,a.py r2: 1 calls,a.py r3: 1 calls,b.py r1: 2 calls,b.py r2: 2 calls,b.py r3: 2 calls," +
		"c.py r1: 3 calls,c.py r2: 3 calls,c.py r3: 3 calls,d.py r1: 4 calls,d.py r2: 4 calls,d.py r3: 4 calls"
	if strings.Join(got, ",") != want {
		t.Errorf("got %q, want %q", strings.Join(got, ","), want)
	}
	if n := computed.Load(); n != 4 {
		t.Errorf("computed %d times for 4 files and 3 rules", n)
	}
}
