package replay

import (
	"encoding/json"
	"fmt"
	"hash/fnv"
	"io"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/retortdev/retort/lint"
)

// Window bounds a replay (--from, --to) and cuts it into shards (--shard
// i/n). The zero Window replays every revision in one run.
//
// From is the floor: the replay starts with From and its ancestors
// applied (one alembic upgrade), replays only the revisions after it, and
// the downgrades stop at it, like pytest-alembic's
// minimum_downgrade_revision; a squashed baseline revision can be one.
// To is the ceiling: only To and its ancestors are replayed.
//
// The revisions in between, in graph order (parents first), are cut into
// Shards contiguous slices, balanced by an estimate that grows with the
// schema or, with Timings, by the time an earlier run measured. Shard i
// goes straight to the start of its slice (one untraced alembic upgrade
// per head of what lies before it: one for a linear history) and replays
// only its slice.
type Window struct {
	From, To string
	Shard    int // 1-based; 0 when not sharded
	Shards   int
	Timings  *Timings
	// Objects is what each revision adds to the schema, net of what it
	// drops (tables, columns, indexes, constraints), as the static model
	// reads it; the estimate that balances shards without Timings lets a
	// revision cost more the larger the schema before it. Nil: every
	// revision counts as growing the schema alike.
	Objects map[string]int
}

// given reports whether w bounds or shards the replay (Objects alone
// changes nothing).
func (w Window) given() bool {
	return w.From != "" || w.To != "" || w.Shard != 0 || w.Shards != 0 || w.Timings != nil
}

// Bounds are the window of a replay as its summary reports it.
type Bounds struct {
	From  string `json:"from,omitempty"`
	To    string `json:"to,omitempty"`
	Shard string `json:"shard,omitempty"` // "2/4"
	// Slice names the first and last revision of the shard's slice.
	Slice string `json:"slice,omitempty"`
	// Cut identifies how the revisions were cut into shards: the shards
	// of one run must agree on it (the same revisions and --timings).
	Cut string `json:"cut,omitempty"`
	// JumpSeconds is the time taken by the upgrade to the slice's start
	// (or to the floor), outside the steps; JumpSteps how many revisions
	// it applied.
	JumpSeconds float64 `json:"jump_seconds,omitempty"`
	JumpSteps   int     `json:"jump_steps,omitempty"`
	// RevisionSeconds is the stairway's time per revision, its snapshots
	// included: what --timings balances by.
	RevisionSeconds map[string]float64 `json:"revision_seconds,omitempty"`
}

// tick is the revision the stairway works on, since when.
type tick struct {
	id string
	t0 time.Time
}

// clock ends the time of the revision before and starts id's ("" ends).
func (r *runner) clock(id string) {
	now := time.Now()
	if r.tick.id != "" {
		if r.res.Summary.RevisionSeconds == nil {
			r.res.Summary.RevisionSeconds = map[string]float64{}
		}
		r.res.Summary.RevisionSeconds[r.tick.id] += now.Sub(r.tick.t0).Seconds()
	}
	r.tick = tick{id, now}
}

// bounds are what the summary says of w before the graph is read.
func (w Window) bounds() Bounds {
	b := Bounds{From: w.From, To: w.To}
	if w.Shards > 0 {
		b.Shard = fmt.Sprintf("%d/%d", w.Shard, w.Shards)
	}
	return b
}

// ParseShard reads "i/n" (1 <= i <= n).
func ParseShard(s string) (i, n int, err error) {
	a, b, ok := strings.Cut(s, "/")
	if ok {
		i, err = strconv.Atoi(strings.TrimSpace(a))
		if err == nil {
			n, err = strconv.Atoi(strings.TrimSpace(b))
		}
	}
	if !ok || err != nil || n < 1 || i < 1 || i > n {
		return 0, 0, fmt.Errorf("--shard %q: want i/n with 1 <= i <= n, such as 2/4", s)
	}
	return i, n, nil
}

// window is a Window resolved against the revision graph.
type window struct {
	on      bool            // a Window was given
	floor   map[string]bool // From and its ancestors
	ids     []string        // the revisions the Window replays, in order
	slice   []string        // this shard's part of ids
	before  []string        // applied before the slice: the floor, then ids before it
	after   []string        // before and the slice
	low     string          // the start of the slice in messages: base or "id"
	high    string          // its end: head or "id"
	top     bool            // the slice ends at the heads: model drift runs
	objects map[string]int  // Window.Objects
	down    string          // one downgrade target from after to before; "" for one revision at a time
}

// bound resolves the Window; an error names the unknown revision.
func (r *runner) bound(w Window) error {
	r.w = window{on: w.From != "" || w.To != "" || w.Shards > 1, floor: map[string]bool{}, low: "base", high: "head", top: true, objects: w.Objects}
	r.res.Summary.Bounds = w.bounds()
	from, err := r.resolve("--from", w.From)
	if err != nil {
		return err
	}
	to, err := r.resolve("--to", w.To)
	if err != nil {
		return err
	}
	if from != "" {
		r.w.floor = r.ancestors(from)
	}
	var ceil map[string]bool
	if to != "" {
		ceil = r.ancestors(to)
		r.w.top = len(r.headsOf(r.order)) == 1 && r.headsOf(r.order)[0] == to
	}
	for _, id := range r.order {
		if !r.w.floor[id] && (ceil == nil || ceil[id]) {
			r.w.ids = append(r.w.ids, id)
		}
	}
	if len(r.w.ids) == 0 && r.w.on {
		return fmt.Errorf("no revision lies after --from %s up to --to %s", orText(from, "base"), orText(to, "heads"))
	}
	s, e := 0, len(r.w.ids)
	if w.Shards > 1 {
		cuts := Partition(r.costs(w.Timings), w.Shards)
		s, e = cuts[w.Shard-1], cuts[w.Shard]
		h := fnv.New32a()
		fmt.Fprint(h, r.w.ids, cuts)
		r.res.Summary.Cut = fmt.Sprintf("%08x", h.Sum32())
		r.w.top = r.w.top && w.Shard == w.Shards
	}
	r.w.slice = r.w.ids[s:e]
	for _, id := range r.order {
		if r.w.floor[id] {
			r.w.before = append(r.w.before, id)
		}
	}
	r.w.before = append(r.w.before, r.w.ids[:s]...)
	r.w.after = append(append([]string{}, r.w.before...), r.w.slice...)
	if len(r.w.before) > 0 {
		r.w.low = parentsText(r.headsOf(r.w.before))
	}
	if !r.w.top || len(r.w.after) < len(r.order) {
		r.w.high = parentsText(r.headsOf(r.w.after))
	}
	r.w.down = "base"
	if hs := r.headsOf(r.w.before); len(hs) > 1 {
		r.w.down = ""
	} else if len(hs) == 1 {
		r.w.down = hs[0]
		above := r.descendants(hs[0])
		for _, id := range r.w.slice { // downgrade h leaves what does not descend from h
			if !above[id] {
				r.w.down = ""
			}
		}
	}
	r.res.Summary.From, r.res.Summary.To = from, to
	if len(r.w.slice) > 0 && w.Shards > 1 {
		r.res.Summary.Slice = r.w.slice[0] + ".." + r.w.slice[len(r.w.slice)-1]
	}
	return nil
}

func orText(s, def string) string {
	if s == "" {
		return def
	}
	return fmt.Sprintf("%q", s)
}

// resolve finds a revision by id or unique prefix; base and heads (or
// "") mean no bound.
func (r *runner) resolve(flag, id string) (string, error) {
	return ResolveRevision(flag, id, r.order, fmt.Sprintf("the %d of %s", len(r.order), r.c.Project.ScriptDir))
}

// ResolveRevision finds the revision among ids that id names, exactly or
// by a unique prefix; "", base, head and heads mean no bound (""). among
// describes ids in the error for an id that names none of them.
func ResolveRevision(flag, id string, ids []string, among string) (string, error) {
	switch id {
	case "", "base", "head", "heads":
		return "", nil
	}
	var found []string
	for _, x := range ids {
		if x == id {
			return id, nil
		}
		if strings.HasPrefix(x, id) {
			found = append(found, x)
		}
	}
	switch len(found) {
	case 1:
		return found[0], nil
	case 0:
		return "", fmt.Errorf("%s %s: no such revision among %s", flag, id, among)
	}
	if len(found) > 4 {
		found = append(found[:4], fmt.Sprintf("%d more", len(found)-4))
	}
	return "", fmt.Errorf("%s %s: ambiguous, it starts %s", flag, id, strings.Join(found, ", "))
}

// ancestors returns ids and their ancestors.
func (r *runner) ancestors(ids ...string) map[string]bool {
	seen := map[string]bool{}
	var walk func(string)
	walk = func(x string) {
		if seen[x] || r.revs[x] == nil {
			return
		}
		seen[x] = true
		for _, p := range r.revs[x].Parents {
			walk(p)
		}
	}
	for _, id := range ids {
		walk(id)
	}
	return seen
}

// headsOf returns the members of ids (in their order) that have no child
// among them.
func (r *runner) headsOf(ids []string) []string {
	in := map[string]bool{}
	for _, id := range ids {
		in[id] = true
	}
	var out []string
	for _, id := range ids {
		head := true
		for _, k := range r.kids[id] {
			if in[k] {
				head = false
			}
		}
		if head {
			out = append(out, id)
		}
	}
	return out
}

// jump upgrades to the revisions before the slice, outside the steps and
// the progress: one alembic upgrade per head of them. A revision of an
// earlier slice that fails to upgrade belongs to that slice's shard, which
// reports it: with skip, the jump leaves it and its descendants out (as
// the unsharded stairway does) and goes on; without, the plan stops. A
// floor revision that fails is every shard's finding. It returns the
// revisions applied, in order.
func (r *runner) jump(skip map[string]bool) (applied []string, err error) {
	if len(r.w.before) == 0 {
		return nil, nil
	}
	t0, n0, steps0, done0, progress := time.Now(), len(r.res.Steps), r.res.Summary.Steps, r.done, r.progress
	r.progress = nil
	// The jump's steps are not this shard's: no statement trace (in one
	// transaction, its queries grow with every revision applied).
	r.d.SetUntraced(true)
	defer r.d.SetUntraced(false)
	defer func() {
		s := &r.res.Summary
		s.JumpSeconds += time.Since(t0).Seconds()
		s.JumpSteps += len(r.res.Steps) - n0
		r.res.Steps, s.Steps, r.done, r.progress = r.res.Steps[:n0], steps0, done0, progress
		if progress != nil && err == nil {
			progress(Jumped{Revisions: len(applied), Seconds: s.JumpSeconds})
		}
	}()
	for {
		applied = applied[:0]
		for _, id := range r.w.before {
			if !skip[id] {
				applied = append(applied, id)
			}
		}
		again := false
		for _, h := range r.headsOf(applied) {
			o, err := r.run("jump", opUpgrade, h)
			if err != nil {
				return nil, err
			}
			if o.ok {
				continue
			}
			if o.failed == "" || r.w.floor[o.failed] {
				r.failure(RuleUpgradeFailed, lint.Error, "upgrade", o, "")
				return nil, errStop
			}
			if skip == nil || r.revs[o.failed] == nil {
				r.note(Note{Kind: NoteJumpFailed, Revision: o.failed})
				return nil, errStop
			}
			for id := range r.descendants(o.failed) {
				skip[id] = true
			}
			again = true
			break
		}
		if !again {
			return applied, nil
		}
	}
}

// descendants returns id and its descendants.
func (r *runner) descendants(id string) map[string]bool {
	seen := map[string]bool{}
	var walk func(string)
	walk = func(x string) {
		if seen[x] {
			return
		}
		seen[x] = true
		for _, k := range r.kids[x] {
			walk(k)
		}
	}
	walk(id)
	return seen
}

// stairwayPlan is the stairway over the window's slice, after a jump to
// its start.
func (r *runner) stairwayPlan() error {
	skip := map[string]bool{}
	applied, err := r.jump(skip)
	if err != nil {
		return err
	}
	var ids []string
	for _, id := range r.w.slice {
		if !skip[id] {
			ids = append(ids, id)
		}
	}
	return r.stairway(ids, "stairway", applied)
}

// upgradeAll upgrades to the heads of the window's upper end: "heads" when
// it is every revision, else one upgrade per head.
func (r *runner) upgradeAll(phase string) (outcome, error) {
	if !r.w.on || (r.w.top && len(r.w.after) == len(r.order)) {
		return r.run(phase, opUpgrade, "heads")
	}
	o := outcome{ok: true}
	for _, h := range r.headsOf(r.w.after) {
		var err error
		if o, err = r.run(phase, opUpgrade, h); err != nil || !o.ok {
			return o, err
		}
	}
	return o, nil
}

// downgradeSlice reverts the slice one revision at a time, last first,
// when no single alembic downgrade reaches the state before it (several
// heads below it). It returns the irreversible revision it stopped at.
func (r *runner) downgradeSlice() (stopped string, o outcome, err error) {
	for i := len(r.w.slice) - 1; i >= 0; i-- {
		id := r.w.slice[i]
		if o, err = r.run("downgrade", opDowngradeOne, id); err != nil || o.ok {
			if err != nil {
				return "", o, err
			}
			continue
		}
		if o.err.NotImplemented {
			r.notImplemented(o)
			return id, outcome{ok: true}, nil
		}
		return "", o, nil
	}
	return "", outcome{ok: true}, nil
}

// Timings are what an earlier run measured, per revision, to balance
// shards by time (ReadTimings).
type Timings struct {
	Seconds map[string]float64 // the revision's steps
	// Upgrade is what a jump over the revision pays: the statements of
	// its first upgrade step, their own time (without the trace's queries
	// around them, which a jump does not run), or the step's time when
	// it has no statements.
	Upgrade  map[string]float64
	Overhead float64 // the plan's time outside the steps, per revision
}

// ReadTimings reads the JSON output of an earlier replay (or the merge of
// its shards): its steps and its summary.
func ReadTimings(name string, rd io.Reader) (*Timings, error) {
	var doc struct {
		Steps   []Step `json:"steps"`
		Summary struct {
			Replayed        float64            `json:"replayed"`
			PlanSeconds     float64            `json:"plan_seconds"`
			JumpSeconds     float64            `json:"jump_seconds"`
			RevisionSeconds map[string]float64 `json:"revision_seconds"`
		} `json:"summary"`
	}
	if err := json.NewDecoder(rd).Decode(&doc); err != nil {
		return nil, fmt.Errorf("--timings %s: not retort's JSON output: %v", name, err)
	}
	t := &Timings{Seconds: map[string]float64{}, Upgrade: map[string]float64{}}
	var sum float64
	for _, st := range doc.Steps {
		if st.Revision == "" {
			continue
		}
		t.Seconds[st.Revision] += st.Seconds
		sum += st.Seconds
		if _, ok := t.Upgrade[st.Revision]; !ok && st.Action == "upgrade" {
			t.Upgrade[st.Revision] = st.Seconds
			if len(st.Statements) > 0 {
				t.Upgrade[st.Revision] = 0
				for _, x := range st.Statements {
					t.Upgrade[st.Revision] += x.Seconds
				}
			}
		}
	}
	if len(t.Seconds) == 0 {
		return nil, fmt.Errorf("--timings %s: no replay steps in it (write it with retort replay --format json)", name)
	}
	if len(doc.Summary.RevisionSeconds) > 0 {
		// the stairway timed each revision whole: snapshots grow with the
		// schema, so they weigh on late revisions more
		t.Seconds = doc.Summary.RevisionSeconds
		return t, nil
	}
	if doc.Summary.Replayed > 0 {
		t.Overhead = max(0, (doc.Summary.PlanSeconds-doc.Summary.JumpSeconds-sum)/doc.Summary.Replayed)
	}
	return t, nil
}

// The estimate without --timings, in units of an early revision's plan
// time: a revision's snapshots and statement trace read the whole schema,
// so it costs 1 plus 1/estimateObjects for each schema object (table,
// column, index, constraint) the revisions before it left, when the
// static model counted them (Window.Objects), else 1/estimateGrowth for
// each revision before it. Jumping over one costs estimateJump (its DDL
// alone, untraced, in one alembic call). Measured on the synthetic
// history of bench/replay, where each revision adds a table, an index, a
// column and a foreign key, a revision costs 1/100 more than the one
// before: 1/400 per object. Counted by revision, 1/200 spares flatter
// histories.
const (
	estimateObjects = 400
	estimateGrowth  = 200
	estimateJump    = 0.1
)

// costs are the window's revisions' costs, in order: the plan's time of
// each and what jumping over it costs. Without timings they are the
// estimate; with them, measured: a revision they lack (one added since)
// costs what the one before it cost.
func (r *runner) costs(t *Timings) []Cost {
	pos := map[string]int{}
	for i, id := range r.order {
		pos[id] = i
	}
	out := make([]Cost, len(r.w.ids))
	if t == nil {
		before := func(id string) float64 { return float64(pos[id]) / estimateGrowth }
		if r.w.objects != nil {
			schema := map[string]float64{} // objects left before each revision
			n := 0
			for _, id := range r.order {
				schema[id] = float64(n) / estimateObjects
				n = max(0, n+r.w.objects[id])
			}
			before = func(id string) float64 { return schema[id] }
		}
		for i, id := range r.w.ids {
			out[i] = Cost{Plan: 1 + before(id), Jump: estimateJump}
		}
		return out
	}
	jump := t.jumpCost()
	have := make([]bool, len(out))
	for i, id := range r.w.ids {
		if s, ok := t.Seconds[id]; ok {
			out[i], have[i] = Cost{Plan: s + t.Overhead, Jump: jump(id)}, true
		}
	}
	last := slices.Index(have, true)
	for i := range out {
		if have[i] {
			last = i
		} else if last >= 0 {
			out[i] = out[last]
		}
		out[i].Jump = min(out[i].Jump, out[i].Plan) // replaying includes the upgrade
	}
	return out
}

// jumpCost is what jumping over a revision costs: its first upgrade's
// statements, or the median of the revisions' when the timings lack it.
func (t *Timings) jumpCost() func(id string) float64 {
	var xs []float64
	for _, x := range t.Upgrade {
		xs = append(xs, x)
	}
	sort.Float64s(xs)
	med := 0.0
	if len(xs) > 0 {
		med = xs[len(xs)/2]
	}
	return func(id string) float64 {
		if u, ok := t.Upgrade[id]; ok {
			return u
		}
		return med
	}
}

// Cost is what a revision costs a shard that replays it (Plan) and one
// that jumps over it (Jump).
type Cost struct{ Plan, Jump float64 }

// Partition cuts costs into n contiguous slices and returns the n+1 cut
// points. Equal costs with no jump cost give slices whose sizes differ by
// one at most; otherwise the slowest shard (its jump over the slices
// before it, then its slice) is as fast as it can be, every slice keeping
// a revision when there are enough.
func Partition(costs []Cost, n int) []int {
	m := len(costs)
	cuts := make([]int, n+1)
	uniform := true
	for _, c := range costs {
		if c.Jump != 0 || c.Plan != costs[0].Plan {
			uniform = false
		}
	}
	if uniform {
		for k := 0; k <= n; k++ {
			cuts[k] = k * m / n
		}
		return cuts
	}
	plan, jump := make([]float64, m+1), make([]float64, m+1)
	for i, c := range costs {
		plan[i+1], jump[i+1] = plan[i]+c.Plan, jump[i]+c.Jump
	}
	// greedy: each shard takes as much as fits in t; starting later never
	// makes the next shard slower, since jumping over a revision costs no
	// more than replaying it
	fits := func(t float64, cuts []int) bool {
		s := 0
		for k := 0; k < n; k++ {
			cuts[k] = s
			left := n - k - 1 // shards after this one keep a revision each
			e := s
			if e < m-left {
				e++ // at least one
			}
			for e < m-left && jump[s]+plan[e+1]-plan[s] <= t {
				e++
			}
			if jump[s]+plan[e]-plan[s] > t && e > s {
				return false
			}
			s = e
		}
		cuts[n] = s
		return s == m
	}
	lo, hi := 0.0, jump[m]+plan[m]
	for i := 0; i < 100 && hi-lo > 1e-9*hi; i++ {
		mid := (lo + hi) / 2
		if fits(mid, cuts) {
			hi = mid
		} else {
			lo = mid
		}
	}
	if !fits(hi, cuts) { // cannot happen: hi covers everything
		return nil
	}
	return cuts
}
