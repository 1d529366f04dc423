package lint

import (
	"sync"

	"github.com/retortdev/retort/history"
	"github.com/retortdev/retort/revision"
)

// collector runs rules on one worker: it reuses one Pass for every rule
// run. Report hands out pointers to findings of the current run only;
// they are copied out when the run ends.
type collector struct {
	pass    Pass
	pending []*Diagnostic
	out     []Diagnostic
}

func newCollector(template Pass) *collector {
	c := &collector{pass: template}
	c.pass.report = func(d Diagnostic) *Diagnostic {
		dp := &d
		c.pending = append(c.pending, dp)
		return dp
	}
	return c
}

// run runs rule r on file f (nil for a per-project rule).
func (c *collector) run(r *Rule, f *revision.File) {
	c.pass.Rule, c.pass.File = r, f
	r.Run(&c.pass)
	for _, d := range c.pending {
		c.out = append(c.out, *d)
	}
	c.pending = c.pending[:0]
}

// file runs the per-file rules on f. A file read by revision.ParseHeaders
// is parsed in full for them and let go after them: a long history is
// never held as whole syntax trees.
func (c *collector) file(rules []*Rule, f *revision.File) {
	full := f.Full()
	if full != f {
		c.pass.header = f
	}
	for _, r := range rules {
		c.run(r, full)
	}
	c.pass.header = nil
	c.pass.own.reset()
	c.pass.facts.forget(f)
}

// Early runs the per-file rules on each file while the project loads,
// on the goroutine that parsed it in full (revision.LoadOptions.Visit),
// so that each file is parsed once, not once for the graph and again for
// the rules, and no syntax tree outlives its file's rules. The graph and
// the project's files do not exist yet: a rule that needs them asks
// Pass.Complete, which marks the file, and Run runs that file's rules
// again once they do. Early is for a run in which every file is in scope
// and there is no history (no base, no retort.sum): Run ignores it when
// there is one.
type Early struct {
	rules    []*Rule
	cfg      *Config
	template Pass
	pool     sync.Pool // of *collector

	mu       sync.Mutex
	finished map[string][]Diagnostic // by path: the files whose rules all ran
}

// NewEarly returns an Early for the per-file rules that cfg enables,
// whatever the dialect (Run keeps the findings of those that run on it).
// cfg is the config the run will have.
func NewEarly(proj *revision.Project, rules []*Rule, cfg *Config) *Early {
	e := &Early{cfg: cfg, finished: map[string][]Diagnostic{}}
	for _, r := range rules {
		if r.Scope == PerFile && cfg.Enabled(r) {
			e.rules = append(e.rules, r)
		}
	}
	e.template = Pass{Project: proj, Config: cfg, Dialect: revision.Postgres, facts: newFactCache(rules), early: true}
	e.pool.New = func() any { return newCollector(e.template) }
	return e
}

// Visit runs the rules on f, parsed in full. It is safe for concurrent
// use.
func (e *Early) Visit(f *revision.File) {
	if f.HasRevision && e.cfg.IgnoresRevision(f.Revision) {
		return
	}
	c := e.pool.Get().(*collector)
	c.out, c.pass.incomplete = c.out[:0], false
	c.file(e.rules, f)
	if !c.pass.incomplete {
		found := append([]Diagnostic(nil), c.out...)
		e.mu.Lock()
		e.finished[f.Path] = found
		e.mu.Unlock()
	}
	e.pool.Put(c)
}

// usable returns e when Run may take its findings: when the run has no
// history (which the rules would have read). Else nil.
func (e *Early) usable(h *history.History) *Early {
	if e == nil || h != nil {
		return nil
	}
	return e
}

// found returns the findings of the file at path when its rules all ran.
func (e *Early) found(path string) ([]Diagnostic, bool) {
	if e == nil {
		return nil, false
	}
	ds, ok := e.finished[path]
	return ds, ok
}

// appendRun appends to out the findings of ds whose rule is among rules.
func appendRun(out, ds []Diagnostic, rules []*Rule) []Diagnostic {
	for _, d := range ds {
		for _, r := range rules {
			if r.ID == d.Rule {
				out = append(out, d)
				break
			}
		}
	}
	return out
}
