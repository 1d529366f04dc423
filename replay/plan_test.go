package replay

import (
	"fmt"
	"regexp"
	"strings"
	"testing"
)

// finding is a diagnostic as the plan tests expect it: rule, revision,
// line, severity and a regexp its message must match.
type finding struct {
	rule, rev string
	line      int
	sev       string
	msg       string
}

func (fd finding) String() string {
	return fmt.Sprintf("%s %s %s:%d %s", fd.sev, fd.rule, fd.rev, fd.line, fd.msg)
}

// The fake project: a creates users, b the enum mood and the table diary,
// c the column users.email. A finding on a downgrade is on the line of
// downgrade() (8 + the objects created) or of the frame that raised.
var (
	users, diary, mood, email = table("users"), table("diary"), enum("mood"), column("users", "email", "text")
)

func chain(edit func(id string, rv *fakeRev)) []fakeRev {
	revs := []fakeRev{
		{id: "a", creates: []Object{users}},
		{id: "b", parents: []string{"a"}, creates: []Object{mood, diary}},
		{id: "c", parents: []string{"b"}, creates: []Object{email}},
	}
	for i := range revs {
		if edit != nil {
			edit(revs[i].id, &revs[i])
		}
	}
	return revs
}

func only(id string, edit func(*fakeRev)) func(string, *fakeRev) {
	return func(x string, rv *fakeRev) {
		if x == id {
			edit(rv)
		}
	}
}

// TestPlans runs each plan over the fake project and checks the findings
// and the sequence of steps.
func TestPlans(t *testing.T) {
	forgetsEnum := only("b", func(rv *fakeRev) { rv.keeps = []Object{mood} })
	cases := []struct {
		name      string
		plan      Plan
		revs      []fakeRev
		cfg       Config
		models    []Object // target_metadata; nil for none
		want      []finding
		steps     []string
		completed bool
		replayed  int
		dbs       int // scratch databases opened
		jumped    int // revisions applied by the jump to the window's start
	}{
		{
			name: "full clean", plan: PlanFull, revs: chain(nil), completed: true, replayed: 3, dbs: 1,
			steps: []string{"upgrade upgrade a", "upgrade upgrade b", "upgrade upgrade c",
				"downgrade downgrade c", "downgrade downgrade b", "downgrade downgrade a",
				"upgrade again upgrade a", "upgrade again upgrade b", "upgrade again upgrade c"},
		},
		{
			// the enum stays at base: found there and owned by the
			// revision that names it; upgrading again fails on it, which
			// is not reported twice
			name: "full forgets an enum", plan: PlanFull, revs: chain(forgetsEnum), replayed: 3, dbs: 1,
			want: []finding{{RuleDowngradeNotInverse, "b", 10, "error", `^type "mood" still exists after downgrade to base$`}},
			steps: []string{"upgrade upgrade a", "upgrade upgrade b", "upgrade upgrade c",
				"downgrade downgrade c", "downgrade downgrade b", "downgrade downgrade a",
				"upgrade again upgrade a", "upgrade again upgrade b FAILED"},
		},
		{
			name: "full upgrade fails", plan: PlanFull, revs: chain(only("b", func(rv *fakeRev) { rv.failUp = 1 })), dbs: 1,
			want:  []finding{{RuleUpgradeFailed, "b", 5, "error", `^upgrade of "b" fails: upgrade of b raises$`}},
			steps: []string{"upgrade upgrade a", "upgrade upgrade b FAILED"},
		},
		{
			name: "full downgrade fails", plan: PlanFull, revs: chain(only("b", func(rv *fakeRev) { rv.failDown = true })), replayed: 3, dbs: 1,
			want: []finding{{RuleDowngradeFailed, "b", 11, "error", `^downgrade of "b" fails: downgrade of b raises$`}},
			steps: []string{"upgrade upgrade a", "upgrade upgrade b", "upgrade upgrade c",
				"downgrade downgrade c", "downgrade downgrade b FAILED"},
		},
		{
			// downgrade base stops at b (rolled back: c is applied
			// again), downgrade to b reverts c, and only c is upgraded again
			name: "full irreversible", plan: PlanFull, revs: chain(only("b", func(rv *fakeRev) { rv.irreversible = true })),
			completed: true, replayed: 3, dbs: 1,
			want: []finding{{RuleDowngradeFailed, "b", 11, "notice", `^downgrade of "b" raises NotImplementedError, so replay cannot check it`}},
			steps: []string{"upgrade upgrade a", "upgrade upgrade b", "upgrade upgrade c",
				"downgrade downgrade c", "downgrade downgrade b FAILED",
				"downgrade downgrade c", "upgrade again upgrade c"},
		},
		{
			name: "full roundtrip drift", plan: PlanFull, revs: chain(only("c", func(rv *fakeRev) { rv.failUp = 2 })), replayed: 3, dbs: 1,
			want: []finding{{RuleRoundtripDrift, "c", 5, "error", `^upgrade of "c" fails after downgrade to base and upgrade to head: upgrade of c raises$`}},
			steps: []string{"upgrade upgrade a", "upgrade upgrade b", "upgrade upgrade c",
				"downgrade downgrade c", "downgrade downgrade b", "downgrade downgrade a",
				"upgrade again upgrade a", "upgrade again upgrade b", "upgrade again upgrade c FAILED"},
		},
		{
			name: "full step timeout", plan: PlanFull, revs: chain(only("b", func(rv *fakeRev) { rv.hangs = true })), dbs: 1,
			want:  []finding{{RuleReplayTimeout, "b", 4, "error", `^upgrade of "b" did not finish within 1m0s$`}},
			steps: []string{"upgrade upgrade a"},
		},
		{
			name: "full model drift", plan: PlanFull, revs: chain(nil), completed: true, replayed: 3, dbs: 2,
			models: []Object{users, diary, mood, email, column("users", "name", "text")},
			want: []finding{{RuleModelDrift, "", 3, "error",
				`^the models have column "name" of "users", which the migrations do not create$`}},
			steps: []string{"upgrade upgrade a", "upgrade upgrade b", "upgrade upgrade c",
				"downgrade downgrade c", "downgrade downgrade b", "downgrade downgrade a",
				"upgrade again upgrade a", "upgrade again upgrade b", "upgrade again upgrade c", "drift create_all"},
		},
		{
			name: "stairway clean", plan: PlanStairway, revs: chain(nil), completed: true, replayed: 3, dbs: 1,
			steps: []string{"stairway upgrade a", "stairway downgrade a", "stairway upgrade a",
				"stairway upgrade b", "stairway downgrade b", "stairway upgrade b",
				"stairway upgrade c", "stairway downgrade c", "stairway upgrade c"},
		},
		{
			// the enum left behind blocks b's second upgrade: the replay
			// goes on in a fresh database (reset) with a and b applied
			name: "stairway forgets an enum", plan: PlanStairway, revs: chain(forgetsEnum), completed: true, replayed: 3, dbs: 2,
			want: []finding{{RuleDowngradeNotInverse, "b", 10, "error", `^type "mood" still exists after downgrade to "a"$`}},
			steps: []string{"stairway upgrade a", "stairway downgrade a", "stairway upgrade a",
				"stairway upgrade b", "stairway downgrade b", "stairway upgrade b FAILED",
				"reset upgrade a", "reset upgrade b",
				"stairway upgrade c", "stairway downgrade c", "stairway upgrade c"},
		},
		{
			// c descends from b: it is left out
			name: "stairway upgrade fails", plan: PlanStairway, revs: chain(only("b", func(rv *fakeRev) { rv.failUp = 1 })),
			completed: true, replayed: 2, dbs: 1,
			want:  []finding{{RuleUpgradeFailed, "b", 5, "error", `^upgrade of "b" fails: upgrade of b raises$`}},
			steps: []string{"stairway upgrade a", "stairway downgrade a", "stairway upgrade a", "stairway upgrade b FAILED"},
		},
		{
			name: "stairway roundtrip drift", plan: PlanStairway, revs: chain(only("b", func(rv *fakeRev) { rv.failUp = 2 })),
			completed: true, replayed: 3, dbs: 2,
			want: []finding{{RuleRoundtripDrift, "b", 5, "error", `^upgrade of "b" fails after downgrade to "a": upgrade of b raises$`}},
			steps: []string{"stairway upgrade a", "stairway downgrade a", "stairway upgrade a",
				"stairway upgrade b", "stairway downgrade b", "stairway upgrade b FAILED",
				"reset upgrade a", "reset upgrade b",
				"stairway upgrade c", "stairway downgrade c", "stairway upgrade c"},
		},
		{
			// an irreversible revision stays applied and the stairway goes on
			name: "stairway irreversible", plan: PlanStairway, revs: chain(only("b", func(rv *fakeRev) { rv.irreversible = true })),
			completed: true, replayed: 3, dbs: 1,
			want: []finding{{RuleDowngradeFailed, "b", 11, "notice", `raises NotImplementedError`}},
			steps: []string{"stairway upgrade a", "stairway downgrade a", "stairway upgrade a",
				"stairway upgrade b", "stairway downgrade b FAILED",
				"stairway upgrade c", "stairway downgrade c", "stairway upgrade c"},
		},
		{
			name: "changed", plan: PlanChanged, revs: chain(nil), cfg: Config{Base: []string{"a"}},
			completed: true, replayed: 3, dbs: 1,
			steps: []string{"base upgrade a",
				"stairway upgrade b", "stairway downgrade b", "stairway upgrade b",
				"stairway upgrade c", "stairway downgrade c", "stairway upgrade c"},
		},
		{
			name: "changed base fails", plan: PlanChanged, revs: chain(only("a", func(rv *fakeRev) { rv.failUp = 1 })), cfg: Config{Base: []string{"b"}}, dbs: 1,
			want:  []finding{{RuleUpgradeFailed, "a", 5, "error", `^upgrade of "a" fails`}},
			steps: []string{"base upgrade a FAILED"},
		},
		{
			// drift on a table the change leaves alone is a notice; on one
			// it touches, an error
			name: "changed model drift", plan: PlanChanged, revs: chain(nil), cfg: Config{Base: []string{"b"}},
			models:    []Object{users, column("users", "email", "varchar"), mood, table("diary_old")},
			completed: true, replayed: 3, dbs: 2,
			want: []finding{
				{RuleModelDrift, "", 3, "notice", `^the models have table "diary_old", which the migrations do not create \(the revisions under test do not touch it\)$`},
				{RuleModelDrift, "", 3, "notice", `^the migrations create table "diary", which the models do not have \(the revisions under test do not touch it\)$`},
				{RuleModelDrift, "", 3, "error", `^column "email" of "users" differs between the models and the migrations: the models say varchar, the migrations text$`},
			},
			steps: []string{"base upgrade a", "base upgrade b",
				"stairway upgrade c", "stairway downgrade c", "stairway upgrade c", "drift create_all"},
		},
		{
			// from a: a is applied outside the steps, the downgrade stops
			// at it and the schema there must come back
			name: "full from a", plan: PlanFull, revs: chain(forgetsEnum), cfg: Config{Window: Window{From: "a"}},
			replayed: 2, dbs: 1, jumped: 1,
			want: []finding{{RuleDowngradeNotInverse, "b", 10, "error", `^type "mood" still exists after downgrade to "a"$`}},
			steps: []string{"upgrade upgrade b", "upgrade upgrade c",
				"downgrade downgrade c", "downgrade downgrade b", "upgrade again upgrade b FAILED"},
		},
		{
			name: "stairway to b from a", plan: PlanStairway, revs: chain(nil), cfg: Config{Window: Window{From: "a", To: "b"}},
			completed: true, replayed: 1, dbs: 1, jumped: 1,
			steps: []string{"stairway upgrade b", "stairway downgrade b", "stairway upgrade b"},
		},
		{
			name: "windowed changed plan", plan: PlanChanged, revs: chain(nil), cfg: Config{Base: []string{"a"}, Window: Window{From: "a"}},
		},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			fr := runFake(t, tc.plan, tc.revs, tc.cfg, tc.models)
			if tc.name == "windowed changed plan" {
				if fr.err == nil || !strings.Contains(fr.err.Error(), "go with the full and stairway plans") {
					t.Fatalf("error %v, want the window refused", fr.err)
				}
				return
			}
			if fr.err != nil {
				t.Fatalf("plan: %v", fr.err)
			}
			checkFindings(t, fr, tc.want)
			if got, want := strings.Join(fr.steps(), "\n"), strings.Join(tc.steps, "\n"); got != want {
				t.Errorf("steps:\n%s\nwant:\n%s", got, want)
			}
			s := fr.res.Summary
			if s.Completed != tc.completed || s.Replayed != tc.replayed || s.Steps != len(fr.res.Steps)-countDrift(fr.res.Steps) {
				t.Errorf("summary completed %v replayed %d steps %d, want %v %d %d", s.Completed, s.Replayed, s.Steps, tc.completed, tc.replayed, len(fr.res.Steps))
			}
			if len(fr.srv.dbs) != tc.dbs {
				t.Errorf("%d scratch databases opened, want %d", len(fr.srv.dbs), tc.dbs)
			}
			for _, db := range fr.srv.dbs[1:] { // all but the replay's own: dropped
				if db != fr.f.db && !db.dropped {
					t.Errorf("scratch database %s left behind", db.id)
				}
			}
			if fr.srv.dbs[0] != fr.f.db && !fr.srv.dbs[0].dropped {
				t.Errorf("the first scratch database is left behind after a reset")
			}
			checkProgress(t, fr, tc.jumped)
			// the jump's upgrades, and only those, run without the
			// statement trace
			if fr.f.untracedUps != tc.jumped || fr.f.untraced {
				t.Errorf("%d revisions upgraded untraced (trace off at the end: %v), want the %d of the jump", fr.f.untracedUps, fr.f.untraced, tc.jumped)
			}
		})
	}
}

func countDrift(steps []Step) int {
	n := 0
	for _, s := range steps {
		if s.Phase == "drift" {
			n++
		}
	}
	return n
}

func checkFindings(t *testing.T, fr fakeRun, want []finding) {
	t.Helper()
	var got []string
	for _, d := range fr.res.Diagnostics {
		got = append(got, finding{d.Rule, d.Revision, d.Line, d.Severity.String(), d.Message}.String())
	}
	if len(got) != len(want) {
		t.Errorf("findings:\n%s\nwant:\n%s", strings.Join(got, "\n"), joinFindings(want))
		return
	}
	for i, w := range want {
		d := fr.res.Diagnostics[i]
		if d.Rule != w.rule || d.Revision != w.rev || d.Line != w.line || d.Severity.String() != w.sev || !regexp.MustCompile(w.msg).MatchString(d.Message) {
			t.Errorf("finding %d:\n%s\nwant:\n%s", i, got[i], w)
		}
		if d.Path == "" || d.Column < 1 {
			t.Errorf("finding %d has no place: %q:%d", i, d.Path, d.Column)
		}
	}
}

func joinFindings(fs []finding) string {
	var out []string
	for _, f := range fs {
		out = append(out, f.String())
	}
	return strings.Join(out, "\n")
}

// checkProgress: the stack first, then one StepDone per step (the drift's
// create_all is none), counted from 1, never past its total; a Jumped
// after the stack when the window starts above base.
func checkProgress(t *testing.T, fr fakeRun, jumped int) {
	t.Helper()
	if len(fr.events) == 0 {
		t.Fatal("no progress")
	}
	if _, ok := fr.events[0].(Started); !ok {
		t.Errorf("first event %T, want Started", fr.events[0])
	}
	events := fr.events[1:]
	if jumped > 0 {
		if j, ok := events[0].(Jumped); !ok || j.Revisions != jumped {
			t.Errorf("second event %+v, want Jumped over %d revisions", events[0], jumped)
		}
		events = events[1:]
	}
	n := 0
	for _, e := range events {
		sd, ok := e.(StepDone)
		if !ok {
			t.Errorf("event %T, want StepDone", e)
			continue
		}
		n++
		st := fr.res.Steps[n-1]
		if sd.Done != n || sd.Total < sd.Done || sd.Revision != st.Revision || sd.Action != st.Action || sd.OK != st.OK || sd.Doc != "revision "+st.Revision {
			t.Errorf("progress %d: %+v for step %+v", n, sd, st)
		}
	}
	if want := len(fr.res.Steps) - countDrift(fr.res.Steps); n != want {
		t.Errorf("%d steps told, want %d", n, want)
	}
}

// TestIndex: the driver lists revisions in any order; the runner orders
// them parents first (ties in the driver's order), ignores parents it
// does not know, and finds the heads of a subset.
func TestIndex(t *testing.T) {
	rev := func(id string, parents ...string) DriverRev { return DriverRev{ID: id, Parents: parents} }
	cases := []struct {
		name  string
		revs  []DriverRev
		order string
		heads map[string]string // subset -> its heads
	}{
		{"linear", []DriverRev{rev("a"), rev("b", "a"), rev("c", "b")}, "a b c",
			map[string]string{"a b c": "c", "a b": "b", "a c": "a c"}},
		{"children listed first", []DriverRev{rev("c", "b"), rev("a"), rev("b", "a"), rev("d", "a")}, "a b c d",
			map[string]string{"a b c d": "c d", "a b": "b", "a d": "d"}},
		{"merge", []DriverRev{rev("a"), rev("x", "a"), rev("y", "a"), rev("m", "y", "x")}, "a x y m",
			map[string]string{"a x y m": "m", "a x y": "x y"}},
		{"unknown parent", []DriverRev{rev("b", "gone"), rev("c", "b")}, "b c",
			map[string]string{"b c": "c"}},
		{"two roots", []DriverRev{rev("r2"), rev("r1"), rev("k", "r1")}, "r2 r1 k",
			map[string]string{"r2 r1 k": "r2 k"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			r := &runner{}
			r.index(tc.revs)
			if got := strings.Join(r.order, " "); got != tc.order {
				t.Errorf("order %q, want %q", got, tc.order)
			}
			for set, want := range tc.heads {
				if got := strings.Join(r.headsOf(strings.Fields(set)), " "); got != want {
					t.Errorf("heads of %q: %q, want %q", set, got, want)
				}
			}
			last := r.order[len(r.order)-1]
			for _, id := range r.order {
				if !r.ancestors(last)[id] && r.descendants(id)[last] {
					t.Errorf("%s descends from %s but is not its ancestor", last, id)
				}
			}
		})
	}
}

func TestParsePlan(t *testing.T) {
	for _, c := range []struct {
		in       string
		want     Plan
		windowed bool
		bad      bool
	}{{"", "", false, false}, {"full", PlanFull, true, false}, {"stairway", PlanStairway, true, false},
		{"changed", PlanChanged, false, false}, {"none", "", false, true}, {"Full", "", false, true}} {
		p, err := ParsePlan(c.in)
		if p != c.want || (err != nil) != c.bad || p.Windowed() != c.windowed {
			t.Errorf("ParsePlan(%q) = %q (windowed %v), %v", c.in, p, p.Windowed(), err)
		}
		if c.bad && err.Error() != fmt.Sprintf("unknown plan %q (want full, stairway or changed)", c.in) {
			t.Errorf("ParsePlan(%q): %v", c.in, err)
		}
	}
}
