package lint

import (
	"fmt"
	"slices"
	"sync"

	"github.com/retortdev/retort/revision"
)

// A Fact is a typed result derived from one revision file, such as the
// operations its upgrade() performs. Rules that read it declare it in
// Rule.Requires, as go/analysis analyzers declare Requires, and get it
// with Of or OfFile: it is computed once, whichever rule asks first, and
// shared by the others, also across the runner's parallel workers. The
// runner keeps a file's facts for its run, but lets go of them once the
// per-file rules are done with the file, as it lets go of the file's
// syntax tree; a later rule that asks for them (the file is another's
// ancestor) computes them again.
type Fact[T any] struct {
	Name string // for messages
	// Compute derives the fact from a file parsed in full. It must not
	// ask for facts of the same file.
	Compute func(*revision.File) T
}

// AnyFact is any *Fact[T], for Rule.Requires.
type AnyFact interface{ factName() string }

func (f *Fact[T]) factName() string { return f.Name }

// Of returns the fact of the pass's file.
func (f *Fact[T]) Of(p *Pass) T { return f.OfFile(p, p.File) }

// OfFile returns the fact of file, which may be any file of the project
// (an ancestor revision, say). A file read by revision.ParseHeaders is
// parsed in full to compute it.
func (f *Fact[T]) OfFile(p *Pass, file *revision.File) T {
	if !p.requires(f) {
		panic(fmt.Sprintf("rule %s reads fact %s without requiring it", p.Rule.ID, f.Name))
	}
	own := file == p.File
	key := file
	if own && p.header != nil {
		key = p.header
	}
	if p.facts == nil { // a Pass made outside Run
		return f.Compute(file.Full())
	}
	if own {
		// the pass's own file: the worker keeps its facts at hand, so
		// that the rules after the first do not lock the shared cache
		if v, ok := p.own.get(f); ok {
			return v.(T)
		}
	}
	e := p.facts.entry(f, key)
	e.once.Do(func() { e.v = f.Compute(file.Full()) })
	if own {
		p.own.put(f, e.v)
	}
	return e.v.(T)
}

// ownFacts are the facts of the file a worker's rules are running on, as
// read from the shared cache: a file has a few, found by a linear scan.
type ownFacts struct {
	facts  []AnyFact
	values []any
}

func (o *ownFacts) get(f AnyFact) (any, bool) {
	for i, g := range o.facts {
		if g == f {
			return o.values[i], true
		}
	}
	return nil, false
}

func (o *ownFacts) put(f AnyFact, v any) {
	o.facts = append(o.facts, f)
	o.values = append(o.values, v)
}

// reset forgets the facts, keeping the room for the next file's.
func (o *ownFacts) reset() {
	clear(o.values) // let the values go with the file
	o.facts, o.values = o.facts[:0], o.values[:0]
}

func (p *Pass) requires(f AnyFact) bool {
	for _, r := range p.Rule.Requires {
		if r == f {
			return true
		}
	}
	return false
}

// factCache holds the facts of one run, by file and fact. kinds are the
// facts the run's rules require: the only ones a rule may ask for.
type factCache struct {
	mu    sync.Mutex
	m     map[factKey]*factEntry
	kinds []AnyFact
}

type factKey struct {
	file *revision.File
	fact AnyFact
}

type factEntry struct {
	once sync.Once
	v    any
}

// newFactCache returns the cache of a run of rules.
func newFactCache(rules []*Rule) *factCache {
	c := &factCache{m: map[factKey]*factEntry{}}
	for _, r := range rules {
		for _, f := range r.Requires {
			if !slices.Contains(c.kinds, f) {
				c.kinds = append(c.kinds, f)
			}
		}
	}
	return c
}

func (c *factCache) entry(f AnyFact, file *revision.File) *factEntry {
	k := factKey{file, f}
	c.mu.Lock()
	defer c.mu.Unlock()
	e := c.m[k]
	if e == nil {
		e = &factEntry{}
		c.m[k] = e
	}
	return e
}

// forget drops the facts of file.
func (c *factCache) forget(file *revision.File) {
	c.mu.Lock()
	defer c.mu.Unlock()
	for _, f := range c.kinds {
		delete(c.m, factKey{file, f})
	}
}
