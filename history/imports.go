package history

import (
	"unsafe"

	"github.com/retortdev/retort/revision"
)

// oneImport is an import statement of one name, "import a" or "from m
// import a", made of two ranges of the stream: the statement's head
// ("import", "from m import") and the name with its alias. It is not
// copied out of the stream: a file's imports cost no allocation.
type oneImport struct {
	head0, head1 int32 // ts[head0:head1]
	name0, name1 int32 // then ts[name0:name1]
	bound        string
	used         bool
	key0, key1   int32 // its sort key in importScratch.keys
}

func (s *oneImport) len() int { return int(s.head1-s.head0) + int(s.name1-s.name0) }

// at returns its k-th token.
func (s *oneImport) at(ts []tok, k int) *tok {
	if h := int(s.head1 - s.head0); k >= h {
		return &ts[int(s.name0)+k-h]
	}
	return &ts[int(s.head0)+k]
}

// importStmt is a module-level import statement: ts[start:end], its
// Newline included, and the end of its ones.
type importStmt struct{ start, end, ones int32 }

// importScratch holds sortImports' buffers, reused from file to file.
type importScratch struct {
	ones   []oneImport
	stmts  []importStmt
	unused []int32 // the ones whose bound name is not seen yet
	run    []int32
	keys   []byte
	used   map[string]bool
}

// sortImports orders each run of consecutive module-level import
// statements, one imported name per statement, so that isort or ruff
// reordering them is not an edit; and it drops the imports whose name
// the module never uses, as ruff's autofix does.
func sortImports(ts []tok, sc *normScratch) []tok {
	// the module-level import statements
	starts := sc.starts[:0]
	depth := 0
	for i := 0; i < len(ts); i++ {
		switch ts[i].kind {
		case revision.Indent:
			depth++
		case revision.Dedent:
			depth--
		}
		if depth == 0 && atStatementStart(ts, i) && (ts[i].is(revision.Name, "import") || ts[i].is(revision.Name, "from")) {
			starts = append(starts, int32(i))
			for i < len(ts) && ts[i].kind != revision.Newline {
				i++
			}
		}
	}
	sc.starts = starts[:0]
	is := &sc.imports
	if !is.read(ts, starts) {
		return ts
	}
	out := sc.spare(len(ts) + len(is.ones))
	is.runs(ts, func(lo, hi int) { out = append(out, ts[lo:hi]...) }, func(st *oneImport) {
		out = append(out, ts[st.head0:st.head1]...)
		out = append(out, ts[st.name0:st.name1]...)
		out = append(out, tok{kind: revision.Newline, pos: st.at(ts, st.len()-1).pos})
	})
	sc.bufs[sc.cur] = out[:0] // it may have grown: imports of several names become several statements
	return out
}

// appendSorted appends to buf the hash input of sortImports(ts), given
// where its module-level import statements begin.
func (is *importScratch) appendSorted(buf []byte, ts []tok, starts []int32) []byte {
	if !is.read(ts, starts) {
		return appendStream(buf, ts)
	}
	is.runs(ts, func(lo, hi int) { buf = appendStream(buf, ts[lo:hi]) }, func(st *oneImport) {
		buf = appendStream(buf, ts[st.head0:st.head1])
		buf = appendStream(buf, ts[st.name0:st.name1])
		buf = append(buf, byte(revision.Newline), 0)
	})
	return buf
}

// read splits the import statements that begin at starts one name per
// statement, and finds which of their names ts uses. It reports whether
// there is any.
func (is *importScratch) read(ts []tok, starts []int32) bool {
	is.ones, is.stmts = is.ones[:0], is.stmts[:0]
	if len(starts) == 0 {
		return false
	}
	for _, s := range starts {
		end := int(s)
		for end < len(ts) && ts[end].kind != revision.Newline {
			end++
		}
		is.splitImport(ts, int(s), end)
		is.stmts = append(is.stmts, importStmt{start: s, end: int32(min(end+1, len(ts))), ones: int32(len(is.ones))})
	}
	is.markUsed(ts)
	is.makeKeys(ts)
	return true
}

// runs walks ts as sortImports writes it: plain for the tokens between
// runs of import statements, and each run's statements of one name,
// sorted, without the unused ones and the repeated ones, to imp.
func (is *importScratch) runs(ts []tok, plain func(lo, hi int), imp func(*oneImport)) {
	at, first := 0, int32(0)
	for k := 0; k < len(is.stmts); {
		plain(at, int(is.stmts[k].start))
		run := is.run[:0]
		for {
			st := &is.stmts[k]
			for x := first; x < st.ones; x++ {
				if o := &is.ones[x]; o.bound == "" || o.used {
					run = append(run, x)
				}
			}
			first, at = st.ones, int(st.end)
			k++
			if k == len(is.stmts) || int(is.stmts[k].start) != at {
				break
			}
		}
		is.sortRun(run)
		for k, x := range run {
			if k > 0 && is.equal(ts, &is.ones[x], &is.ones[run[k-1]]) {
				continue
			}
			imp(&is.ones[x])
		}
		is.run = run[:0]
	}
	plain(at, len(ts))
}

// splitImport appends the statement ts[start:end] ("import a, b",
// "from m import a, b") as one statement per name.
func (is *importScratch) splitImport(ts []tok, start, end int) {
	s := ts[start:end]
	whole := func() { is.add(ts, start, end, end, end) }
	if len(s) == 0 {
		return
	}
	head1 := start + 1
	if s[0].is(revision.Name, "from") {
		k := 0
		for k < len(s) && !s[k].is(revision.Name, "import") {
			k++
		}
		if k == len(s) {
			whole()
			return
		}
		head1 = start + k + 1
	}
	n := len(is.ones)
	from := head1
	for k := head1; k <= end; k++ {
		if k == end || ts[k].is(revision.Op, ",") {
			if k > from {
				is.add(ts, start, head1, from, k)
			}
			from = k + 1
		}
	}
	if len(is.ones) == n {
		whole()
	}
}

func (is *importScratch) add(ts []tok, head0, head1, name0, name1 int) {
	is.ones = append(is.ones, oneImport{head0: int32(head0), head1: int32(head1), name0: int32(name0), name1: int32(name1)})
	o := &is.ones[len(is.ones)-1]
	o.bound = boundName(ts, o)
}

// boundName returns the name an import statement of one name binds, or
// "" for a star import.
func boundName(ts []tok, s *oneImport) string {
	n := s.len()
	if n == 0 || s.at(ts, n-1).is(revision.Op, "*") {
		return ""
	}
	for k := n - 2; k >= 0; k-- {
		if s.at(ts, k).is(revision.Name, "as") {
			return s.at(ts, k+1).text
		}
	}
	if s.at(ts, 0).is(revision.Name, "from") {
		return s.at(ts, n-1).text
	}
	if n > 1 {
		return s.at(ts, 1).text
	}
	return ""
}

// markUsed sets used on the imports whose bound name ts uses outside its
// imports. A few names are compared one by one, which costs less than a
// map look-up for each name of the module.
func (is *importScratch) markUsed(ts []tok) {
	unused := is.unused[:0]
	for k := range is.ones {
		if is.ones[k].bound != "" {
			unused = append(unused, int32(k))
		}
	}
	defer func() { is.unused = unused[:0] }()
	if len(unused) == 0 {
		return
	}
	if len(unused) > 16 {
		if is.used == nil {
			is.used = map[string]bool{}
		}
		clear(is.used)
		for _, k := range unused {
			is.used[is.ones[k].bound] = false
		}
		for s := 0; s <= len(is.stmts); s++ {
			lo, hi := is.between(s, len(ts))
			for i := lo; i < hi; i++ {
				if t := &ts[i]; t.kind == revision.Name {
					if _, ok := is.used[t.text]; ok {
						is.used[t.text] = true
					}
				}
			}
		}
		for _, k := range unused {
			is.ones[k].used = is.used[is.ones[k].bound]
		}
		return
	}
	// the first bytes of the names looked for: most names of a module
	// begin otherwise, and cost one look-up
	var firsts [256]bool
	for _, k := range unused {
		firsts[is.ones[k].bound[0]] = true
	}
	for s := 0; s <= len(is.stmts); s++ {
		lo, hi := is.between(s, len(ts))
		for i := lo; i < hi; i++ {
			t := &ts[i]
			if t.kind != revision.Name || t.text == "" || !firsts[t.text[0]] {
				continue
			}
			for k := 0; k < len(unused); {
				if o := &is.ones[unused[k]]; o.bound == t.text {
					o.used = true
					unused[k] = unused[len(unused)-1]
					unused = unused[:len(unused)-1]
					continue
				}
				k++
			}
			if len(unused) == 0 {
				return
			}
		}
	}
}

// between returns the range of the stream of length n between the
// import statements k-1 and k: the tokens before the first for 0, after
// the last for len(is.stmts).
func (is *importScratch) between(k, n int) (lo, hi int) {
	if k > 0 {
		lo = int(is.stmts[k-1].end)
	}
	if k < len(is.stmts) {
		return lo, int(is.stmts[k].start)
	}
	return lo, n
}

// makeKeys writes each import's sort key, the texts of its tokens each
// followed by a space, into is.keys.
func (is *importScratch) makeKeys(ts []tok) {
	keys := is.keys[:0]
	for k := range is.ones {
		o := &is.ones[k]
		o.key0 = int32(len(keys))
		for _, t := range ts[o.head0:o.head1] {
			keys = append(append(keys, t.text...), ' ')
		}
		for _, t := range ts[o.name0:o.name1] {
			keys = append(append(keys, t.text...), ' ')
		}
		o.key1 = int32(len(keys))
	}
	is.keys = keys
}

func (is *importScratch) key(x int32) string {
	o := &is.ones[x]
	if o.key1 == o.key0 {
		return ""
	}
	return unsafe.String(&is.keys[o.key0], int(o.key1-o.key0))
}

// sortRun sorts a run of imports by key with an insertion sort: runs are
// short, and the sort must be stable.
func (is *importScratch) sortRun(run []int32) {
	for i := 1; i < len(run); i++ {
		for j := i; j > 0 && is.key(run[j]) < is.key(run[j-1]); j-- {
			run[j], run[j-1] = run[j-1], run[j]
		}
	}
}

// equal reports whether two imports have the same tokens.
func (is *importScratch) equal(ts []tok, a, b *oneImport) bool {
	n := a.len()
	if n != b.len() {
		return false
	}
	for k := 0; k < n; k++ {
		x, y := a.at(ts, k), b.at(ts, k)
		if x.kind != y.kind || x.text != y.text {
			return false
		}
	}
	return true
}
