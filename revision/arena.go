package revision

import (
	"sync"
	"testing"
)

// arena hands out the Calls and call arguments of the syntax trees that
// one goroutine parses, from blocks it reuses for its next file. It is
// for trees dropped before that file: LoadOptions.Visit, whose visitor
// keeps nothing of a tree, and whose project keeps only the headers
// (headersOf), which hold no Call and no Value. A long history then
// allocates the largest parts of its trees once per goroutine, not once
// per file: at 50,000 revisions that is most of what lint allocates, and
// the collections and page faults it would cost.
type arena struct {
	calls  block[Call]
	values block[Value]
	kwargs block[Kwarg]
}

// reset makes the arena's memory free for the next file. Nothing handed
// out before may be used after it.
func (a *arena) reset() {
	a.calls.reset()
	a.values.reset()
	a.kwargs.reset()
}

var arenaPool = sync.Pool{New: func() any { return new(arena) }}

func (a *arena) call() *Call { return &a.calls.take(1)[0] }

// block is the memory of one type in an arena: chunks, of which the first
// i are full and chunks[i] is used up to n.
type block[T any] struct {
	chunks [][]T
	i, n   int
}

// chunkLen is the length of a block's chunks, and maxChunks how many a
// block keeps from file to file (a larger file's are let go).
const (
	chunkLen  = 512
	maxChunks = 16
)

// take returns n zeroed elements.
func (b *block[T]) take(n int) []T {
	for {
		if b.i == len(b.chunks) {
			b.chunks = append(b.chunks, make([]T, max(chunkLen, n)))
		}
		if c := b.chunks[b.i]; b.n+n <= len(c) {
			s := c[b.n : b.n+n : b.n+n]
			b.n += n
			clear(s)
			return s
		}
		b.i, b.n = b.i+1, 0
	}
}

func (b *block[T]) reset() {
	if poisonArena {
		for i := 0; i < len(b.chunks) && i <= b.i; i++ {
			used := b.chunks[i]
			if i == b.i {
				used = used[:b.n]
			}
			poison(used)
		}
	}
	if len(b.chunks) > maxChunks {
		clear(b.chunks[maxChunks:])
		b.chunks = b.chunks[:maxChunks]
	}
	b.i, b.n = 0, 0
}

// poisonArena has reset overwrite what an arena handed out, in every test
// binary, so that a tree used after its file shows in the results of any
// test that loads through Visit (the rules' early runs, lint's, cli's).
var poisonArena = testing.Testing()

// freed is the text of what poison overwrote.
const freed = "\x00freed by the arena"

func poison[T any](s []T) {
	for i := range s {
		switch e := any(&s[i]).(type) {
		case *Call:
			*e = Call{Name: freed, Args: []Value{{Kind: Str, Text: freed}}}
		case *Value:
			*e = Value{Kind: Str, Text: freed}
		case *Kwarg:
			*e = Kwarg{Name: freed, Value: Value{Kind: Str, Text: freed}}
		}
	}
}

func (p *parser) newCall() *Call {
	if p.arena != nil {
		return p.arena.call()
	}
	return &Call{}
}

func (p *parser) newValues(n int) []Value {
	if p.arena != nil {
		return p.arena.values.take(n)
	}
	return make([]Value, n)
}

func (p *parser) newKwargs(n int) []Kwarg {
	if p.arena != nil {
		return p.arena.kwargs.take(n)
	}
	return make([]Kwarg, n)
}
