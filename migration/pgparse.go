package migration

import (
	"hash/maphash"
	"strings"
	"sync"

	pg "github.com/pganalyze/pg_query_go/v5"
)

// parseSQL is pg.Parse, memoized for a text that a history repeats
// ("SET LOCAL lock_timeout = '5s'" at the top of every revision): a parse
// goes through cgo and protobuf both ways, a hundred thousand
// instructions for one short statement. A text is kept from its second
// parse on, so that a history of texts that differ (each UPDATE names its
// table) keeps no trees, and the cache is bounded. It is safe for
// concurrent use: files are read on several goroutines.
//
// The result is shared: callers read it and must never change it (the
// builder only reads parse trees, and keeps none of their nodes).
func parseSQL(text string) (*pg.ParseResult, error) {
	c := &sqlParses
	h := maphash.String(c.seed, text)
	c.mu.Lock()
	if p, ok := c.kept[text]; ok {
		c.mu.Unlock()
		return p.res, p.err
	}
	_, again := c.seen[h]
	if !again && len(c.seen) < maxSeenSQL {
		c.seen[h] = struct{}{}
	}
	c.mu.Unlock()
	res, err := pg.Parse(text)
	if again && len(text) <= maxKeptSQLLen {
		c.mu.Lock()
		if len(c.kept) < maxKeptSQL {
			c.kept[strings.Clone(text)] = parsedSQL{res, err} // not the source it may be cut from
		}
		c.mu.Unlock()
	}
	return res, err
}

// the bounds of parseSQL's memory: the texts it remembers having parsed
// (by hash, a few bytes each), and those it keeps the trees of
const (
	maxSeenSQL    = 1 << 16
	maxKeptSQL    = 1024
	maxKeptSQLLen = 1024
)

type parsedSQL struct {
	res *pg.ParseResult
	err error
}

var sqlParses = struct {
	mu   sync.Mutex
	seed maphash.Seed
	seen map[uint64]struct{} // hashes of the texts parsed
	kept map[string]parsedSQL
}{seed: maphash.MakeSeed(), seen: map[uint64]struct{}{}, kept: map[string]parsedSQL{}}
