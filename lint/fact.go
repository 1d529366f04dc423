package lint

import (
	"fmt"
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
	key, full := file, file
	if file == p.File && p.header != nil {
		key = p.header
	}
	if p.facts == nil { // a Pass made outside Run
		return f.Compute(full.Full())
	}
	e := p.facts.entry(f, key)
	e.once.Do(func() { e.v = f.Compute(full.Full()) })
	return e.v.(T)
}

func (p *Pass) requires(f AnyFact) bool {
	for _, r := range p.Rule.Requires {
		if r == f {
			return true
		}
	}
	return false
}

// factCache holds the facts of one run, by file and fact.
type factCache struct {
	mu sync.Mutex
	m  map[*revision.File]map[AnyFact]*factEntry
}

type factEntry struct {
	once sync.Once
	v    any
}

func (c *factCache) entry(f AnyFact, file *revision.File) *factEntry {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.m == nil {
		c.m = map[*revision.File]map[AnyFact]*factEntry{}
	}
	byFact := c.m[file]
	if byFact == nil {
		byFact = map[AnyFact]*factEntry{}
		c.m[file] = byFact
	}
	e := byFact[f]
	if e == nil {
		e = &factEntry{}
		byFact[f] = e
	}
	return e
}

// forget drops the facts of file.
func (c *factCache) forget(file *revision.File) {
	c.mu.Lock()
	defer c.mu.Unlock()
	delete(c.m, file)
}
