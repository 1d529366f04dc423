// Package history compares a project's revision files with what was
// released before: the files at a base git ref (read with the git command
// line) and the hashes recorded in retort.sum. It builds the lint.History
// the history rules read, and the scope of a change.
package history

import (
	"bytes"
	"crypto/sha256"
	"encoding/base64"
	"fmt"
	"strings"
	"sync"
	"unicode/utf8"
	"unsafe"

	"github.com/retortdev/retort/revision"
)

// tok is one token of a normalized stream. Strings hold a tag ('s' text,
// 'b' bytes, 'f' f-string source) and their value, so that quote style,
// prefixes, escapes and implicit concatenation do not matter.
type tok struct {
	kind revision.Kind
	pos  tokPos
	text string
}

// tokPos is a token's line and column, kept small: a tok is copied
// from pass to pass.
type tokPos struct{ line, col int32 }

func (p tokPos) Pos() revision.Pos { return revision.Pos{Line: int(p.line), Col: int(p.col)} }

func (t tok) is(kind revision.Kind, text string) bool { return t.kind == kind && t.text == text }

// normalize returns the tokens of f that matter to Python, with what a
// formatter (black, ruff) or an editor may change taken out: comments,
// blank lines, indentation width, line wrapping, quote style, docstrings
// and other statements that do nothing, trailing commas, redundant
// parentheses, the spelling of numbers, type annotations, the order of
// imports and unused imports.
//
// The stream lives in sc's buffers: it is valid until sc goes back to
// the pool, and so are the texts of its strings and numbers when sc
// hashes (they are then written into sc's arena, not allocated).
func normalize(f *revision.File, sc *normScratch) []tok {
	return normalizeTokens(f, collect(f, sc), sc)
}

// normalizeTokens is normalize on the stream collect returned.
func normalizeTokens(f *revision.File, ts []tok, sc *normScratch) []tok {
	ts = expandSuites(ts, sc)
	ts = dropNoOps(ts, sc)
	ts = dropAnnotations(ts, sc)
	ts = dropTrailingCommas(ts, sc)
	ts = dropRedundantParens(ts, sc)
	ts = sortImports(ts, sc)
	return ts
}

// normScratch holds the buffers of one normalization, reused from file
// to file so that hashing a history allocates little per file.
type normScratch struct {
	bufs    [2][]tok // the stream, passed between the two from pass to pass
	cur     int
	del     []bool
	match   []int
	stack   []int
	open    []openBracket // collectFast's brackets
	starts  []int32       // where the module-level import statements begin
	imports importScratch
	parts   []string
	buf     []byte // Hash's input
	// hashing: the texts of strings and numbers go into arena, and names
	// and operators are substrings of f.Src itself, as nothing the
	// stream holds outlives the hash
	hashing bool
	arena   []byte
}

var normPool = sync.Pool{New: func() any { return &normScratch{} }}

func getScratch(hashing bool) *normScratch {
	sc := normPool.Get().(*normScratch)
	sc.hashing = hashing
	sc.arena = sc.arena[:0]
	return sc
}

func putScratch(sc *normScratch) {
	sc.parts = sc.parts[:0]
	normPool.Put(sc)
}

// spare returns the one of sc's two token buffers that the stream does
// not live in, empty, with room for n tokens: a pass that rewrites the
// stream writes it there.
func (sc *normScratch) spare(n int) []tok {
	sc.cur ^= 1
	if cap(sc.bufs[sc.cur]) < n {
		sc.bufs[sc.cur] = make([]tok, 0, n+n/4)
	}
	return sc.bufs[sc.cur][:0]
}

func (sc *normScratch) bools(dst *[]bool, n int) []bool {
	if cap(*dst) < n {
		*dst = make([]bool, n+n/4)
	}
	b := (*dst)[:n]
	clear(b)
	return b
}

// collect turns f's tokens into normalized ones: no comments, no
// whitespace in Newline/Indent/Dedent, adjacent string literals joined.
func collect(f *revision.File, sc *normScratch) []tok {
	var out []tok
	// tokenized afresh rather than through f.Tokens(), which would keep
	// the tokens of every hashed file alive (a whole history, for
	// retort.sum) though no rule needs them; into a reused buffer
	revision.WithTokens(f.Src, func(src []revision.Token) { out = collectTokens(f, src, sc) })
	return out
}

func collectTokens(f *revision.File, src []revision.Token, sc *normScratch) []tok {
	out := sc.spare(len(src))
	// names and operators are substrings of one copy of the source, or
	// of the source itself when hashing
	var text string
	if sc.hashing {
		text = unsafe.String(unsafe.SliceData(f.Src), len(f.Src))
	} else {
		text = string(f.Src)
	}
	for i := 0; i < len(src); i++ {
		t := src[i]
		pos := tokPos{t.Line, t.Col}
		switch t.Kind {
		case revision.EOF:
			continue
		case revision.Newline, revision.Indent, revision.Dedent:
			out = append(out, tok{kind: t.Kind, pos: pos})
		case revision.Number:
			out = append(out, tok{kind: t.Kind, text: sc.number(text[t.Start:t.End]), pos: pos})
		case revision.String:
			var s string
			s, i = sc.stringAt(src, i, text)
			out = append(out, tok{kind: revision.String, text: s, pos: pos})
		case revision.Op:
			if t.End-t.Start == 1 && text[t.Start] == ';' && i+1 < len(src) && src[i+1].Kind == revision.Newline {
				continue // a trailing semicolon
			}
			out = append(out, tok{kind: t.Kind, text: text[t.Start:t.End], pos: pos})
		default:
			out = append(out, tok{kind: t.Kind, text: text[t.Start:t.End], pos: pos})
		}
	}
	return out
}

// stringAt returns the normalized text of the string literal src[i],
// joined with the ones right after it, and the index of the last one.
func (sc *normScratch) stringAt(src []revision.Token, i int, text string) (string, int) {
	t := &src[i]
	if i+1 >= len(src) || src[i+1].Kind != revision.String {
		tag, v := stringTag(text[t.Start:t.End])
		return sc.tagged(tag, v), i
	}
	parts := sc.parts[:0]
	j := i
	for ; j < len(src) && src[j].Kind == revision.String; j++ {
		tag, v := stringTag(text[src[j].Start:src[j].End])
		parts = append(parts, string(tag)+v)
	}
	sc.parts = parts
	return joinStrings(parts), j - 1
}

// number returns a number's text in lower case without underscores.
func (sc *normScratch) number(s string) string {
	if !sc.hashing {
		return strings.ReplaceAll(strings.ToLower(s), "_", "")
	}
	start := len(sc.arena)
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c >= utf8.RuneSelf:
			sc.arena = sc.arena[:start]
			return strings.ReplaceAll(strings.ToLower(s), "_", "")
		case c == '_':
			continue
		case 'A' <= c && c <= 'Z':
			c += 'a' - 'A'
		}
		sc.arena = append(sc.arena, c)
	}
	return unsafe.String(unsafe.SliceData(sc.arena[start:]), len(sc.arena)-start)
}

// tagged returns tag followed by v.
func (sc *normScratch) tagged(tag byte, v string) string {
	if !sc.hashing {
		return string(tag) + v
	}
	start := len(sc.arena)
	sc.arena = append(append(sc.arena, tag), v...)
	return unsafe.String(unsafe.SliceData(sc.arena[start:]), len(sc.arena)-start)
}

// stringTag returns a string literal's tag and value.
func stringTag(text string) (byte, string) {
	if v, ok := plainString(text); ok {
		return 's', v
	}
	if v, ok := revision.StringValue(text); ok {
		for _, c := range text {
			if c == '"' || c == '\'' {
				break
			}
			if c == 'b' || c == 'B' {
				return 'b', v
			}
		}
		return 's', v
	}
	// an f-string: keep its source, without prefix and quotes
	i := strings.IndexAny(text, `"'`)
	if i < 0 {
		return '?', text
	}
	body := text[i:]
	q := 1
	if len(body) >= 6 && body[1] == body[0] && body[2] == body[0] {
		q = 3
	}
	if len(body) >= 2*q {
		body = body[q : len(body)-q]
	}
	return 'f', body
}

// plainString returns the value of a string literal without prefix,
// escapes or carriage returns, most of them: its text between the quotes,
// as revision.StringValue would return it, without copying it.
func plainString(text string) (string, bool) {
	if len(text) < 2 || (text[0] != '"' && text[0] != '\'') {
		return "", false
	}
	q, n := text[0], 1
	if len(text) >= 6 && text[1] == q && text[2] == q {
		n = 3
	}
	for i := 0; i < n; i++ {
		if text[len(text)-1-i] != q {
			return "", false
		}
	}
	body := text[n : len(text)-n]
	if strings.IndexByte(body, '\\') >= 0 || strings.IndexByte(body, '\r') >= 0 {
		return "", false
	}
	return body, true
}

func joinStrings(parts []string) string {
	if len(parts) == 1 {
		return parts[0]
	}
	tag := parts[0][0]
	var b strings.Builder
	b.WriteByte(tag)
	for _, p := range parts {
		if p[0] != tag || tag == 'f' {
			return strings.Join(parts, "\x00")
		}
		b.WriteString(p[1:])
	}
	return b.String()
}

// expandSuites writes statements the way black does: a suite on its
// header's line (if x: y) becomes an indented block, and statements
// joined with semicolons go one per line.
func expandSuites(ts []tok, sc *normScratch) []tok {
	if !suitesToExpand(ts) {
		return ts
	}
	return expandAll(ts, sc)
}

// expandAll is expandSuites without the look whether it has work.
func expandAll(ts []tok, sc *normScratch) []tok {
	out := sc.spare(len(ts) + 16)
	for i := 0; i < len(ts); {
		if k := ts[i].kind; k == revision.Indent || k == revision.Dedent || k == revision.Newline {
			out = append(out, ts[i])
			i++
			continue
		}
		// one logical line: ts[i:end], ending at its Newline
		end, depth := i, 0
		for end < len(ts) && !(depth == 0 && ts[end].kind == revision.Newline) {
			depth += bracketDelta(ts[end])
			end++
		}
		colon := -1
		if ts[i].kind == revision.Name && revision.IsCompoundKeyword(ts[i].text) {
			depth, lambdas := 0, 0
			for k := i; k < end; k++ {
				t := ts[k]
				if depth == 0 && t.is(revision.Name, "lambda") {
					lambdas++
				}
				if depth == 0 && t.is(revision.Op, ":") {
					if lambdas == 0 {
						colon = k
						break
					}
					lambdas--
				}
				depth += bracketDelta(t)
			}
		}
		body := i
		if colon >= 0 && colon+1 < end {
			out = append(out, ts[i:colon+1]...)
			out = append(out, tok{kind: revision.Newline, pos: ts[colon].pos}, tok{kind: revision.Indent, pos: ts[colon+1].pos})
			body = colon + 1
		}
		depth = 0
		for k := body; k < end; k++ {
			t := ts[k]
			if depth == 0 && t.is(revision.Op, ";") {
				t = tok{kind: revision.Newline, pos: t.pos}
			}
			depth += bracketDelta(ts[k])
			out = append(out, t)
		}
		last := ts[len(ts)-1].pos
		if end < len(ts) {
			out = append(out, ts[end])
			last = ts[end].pos
		}
		if body != i {
			out = append(out, tok{kind: revision.Dedent, pos: last})
		}
		i = end + 1
	}
	return out
}

// suitesToExpand reports whether expandSuites may change ts: it has a
// semicolon, or a colon with more on its line in a statement that begins
// with a compound keyword (not an annotation's: "revision: str = ..."),
// or brackets that do not close on their line.
func suitesToExpand(ts []tok) bool {
	depth, compound, start := 0, false, true
	for i := range ts {
		t := &ts[i]
		if t.kind == revision.Newline || t.kind == revision.Indent || t.kind == revision.Dedent {
			if depth != 0 {
				return true
			}
			start = true
			continue
		}
		if start {
			compound = t.kind == revision.Name && revision.IsCompoundKeyword(t.text)
			start = false
		}
		if t.kind == revision.Op {
			if t.text == ";" {
				return true
			}
			if t.text == ":" && compound && i+1 < len(ts) && ts[i+1].kind != revision.Newline {
				return true
			}
			depth += bracketDelta(*t)
		}
	}
	return depth != 0
}

// atStatementStart reports whether ts[i] begins a statement.
func atStatementStart(ts []tok, i int) bool {
	if i == 0 {
		return true
	}
	switch ts[i-1].kind {
	case revision.Newline, revision.Indent, revision.Dedent:
		return true
	}
	return false
}

// dropNoOps removes statements that do nothing: docstrings and other
// bare string literals, pass, and "...".
func dropNoOps(ts []tok, _ *normScratch) []tok {
	// the ones the stream begins with (a module's docstring) are sliced
	// off, not compacted: what follows them begins a statement, as it did
	for len(ts) >= 2 && ts[1].kind == revision.Newline && isNoOp(&ts[0]) {
		ts = ts[2:]
	}
	// the others in place, as dropAnnotations
	w := 0
	for i := 0; i < len(ts); i++ {
		t := &ts[i]
		if i+1 < len(ts) && ts[i+1].kind == revision.Newline && isNoOp(t) && atStatementStart(ts, i) {
			i++ // and its Newline
			continue
		}
		if w != i {
			ts[w] = *t
		}
		w++
	}
	return ts[:w]
}

// isNoOp reports whether t does nothing as a statement of its own.
func isNoOp(t *tok) bool {
	return t.kind == revision.String || t.is(revision.Name, "pass") || t.is(revision.Op, "...")
}

// isKeyword reports whether name is one of Python's keywords.
func isKeyword(name string) bool {
	switch name {
	case "False", "None", "True", "and", "as", "assert", "async",
		"await", "break", "class", "continue", "def", "del", "elif",
		"else", "except", "finally", "for", "from", "global", "if",
		"import", "in", "is", "lambda", "nonlocal", "not", "or",
		"pass", "raise", "return", "try", "while", "with", "yield":
		return true
	}
	return false
}

// brackets maps each bracket's index to its partner's; unmatched brackets
// map to -1.
func brackets(ts []tok, sc *normScratch) []int {
	if cap(sc.match) < len(ts) {
		sc.match = make([]int, len(ts)+len(ts)/4)
	}
	match := sc.match[:len(ts)]
	stack := sc.stack[:0]
	defer func() { sc.stack = stack[:0] }()
	for i := range ts {
		t := &ts[i]
		match[i] = -1
		if t.kind != revision.Op || len(t.text) != 1 {
			continue
		}
		switch t.text[0] {
		case '(', '[', '{':
			stack = append(stack, i)
		case ')', ']', '}':
			if len(stack) > 0 {
				o := stack[len(stack)-1]
				stack = stack[:len(stack)-1]
				match[o], match[i] = i, o
			}
		}
	}
	return match
}

// callLike reports whether the bracket at ts[o] follows an expression, so
// that it opens a call's arguments or a subscript.
func callLike(ts []tok, o int) bool {
	if o == 0 {
		return false
	}
	p := ts[o-1]
	switch p.kind {
	case revision.Name:
		return !isKeyword(p.text)
	case revision.String, revision.Number:
		return true
	case revision.Op:
		return p.text == ")" || p.text == "]" || p.text == "}"
	}
	return false
}

// topLevel counts the commas directly inside the bracket pair (o, c) and
// tells whether a "for" makes it a comprehension or generator.
func topLevel(ts []tok, match []int, o, c int) (commas int, comprehension bool) {
	for i := o + 1; i < c; i++ {
		t := ts[i]
		if t.kind == revision.Op && (t.text == "(" || t.text == "[" || t.text == "{") && match[i] > i {
			i = match[i]
			continue
		}
		if t.is(revision.Name, "lambda") {
			// its parameters' commas are not the tuple's
			for i+1 < c && !ts[i+1].is(revision.Op, ":") {
				i++
				if ts[i].kind == revision.Op && (ts[i].text == "(" || ts[i].text == "[" || ts[i].text == "{") && match[i] > i {
					i = match[i]
				}
			}
			continue
		}
		if t.is(revision.Op, ",") {
			commas++
		}
		if t.is(revision.Name, "for") {
			comprehension = true
		}
	}
	return
}

func afterImport(ts []tok, o int) bool { return o > 0 && ts[o-1].is(revision.Name, "import") }

// tupleBrackets reports whether the brackets that open at ts[o] and
// close with closer make a tuple when they hold one item and a comma:
// (x,) and a[x,], not a call's f(x,) nor "from m import (x,)".
func tupleBrackets(ts []tok, o int, closer byte) bool {
	return (closer == ')' && !callLike(ts, o) && !afterImport(ts, o)) || (closer == ']' && callLike(ts, o))
}

// dropTrailingCommas removes a comma before a closing bracket, except
// the one that makes a one-element tuple: (x,) and a[x,].
func dropTrailingCommas(ts []tok, sc *normScratch) []tok {
	match := brackets(ts, sc)
	del := sc.bools(&sc.del, len(ts))
	any := false
	for i := 0; i+1 < len(ts); i++ {
		if !ts[i].is(revision.Op, ",") || match[i+1] < 0 || match[i+1] > i {
			continue
		}
		o := match[i+1]
		if tupleBrackets(ts, o, ts[i+1].text[0]) {
			if n, _ := topLevel(ts, match, o, i+1); n == 1 {
				continue
			}
		}
		del[i], any = true, true
	}
	if !any {
		return ts
	}
	return without(ts, del)
}

// without drops the tokens del marks, in place: ts belongs to the
// normalization that passes it along.
func without(ts []tok, del []bool) []tok {
	w := 0
	for w < len(ts) && !del[w] {
		w++ // the tokens before the first dropped one stay where they are
	}
	for i := w; i < len(ts); i++ {
		if !del[i] {
			ts[w] = ts[i]
			w++
		}
	}
	return ts[:w]
}

var assignOps = map[string]bool{
	"=": true, "+=": true, "-=": true, "*=": true, "/=": true, "//=": true, "%=": true, "**=": true,
	">>=": true, "<<=": true, "&=": true, "|=": true, "^=": true, "@=": true, ":=": false,
}

// dropRedundantParens removes parentheses around a whole expression where
// they cannot change its meaning: x = (a), return (a), f((a)), [(a)],
// {k: (a)}, if (a):, from m import (a, b), for (a, b) in x. Parentheses
// that make a tuple, a generator or a call stay.
func dropRedundantParens(ts []tok, sc *normScratch) []tok {
	for round := 0; round < 16; round++ {
		match := brackets(ts, sc)
		del := sc.bools(&sc.del, len(ts))
		any := false
		for o, t := range ts {
			if !t.is(revision.Op, "(") || match[o] < 0 || del[o] {
				continue
			}
			c := match[o]
			if c == o+1 || callLike(ts, o) {
				continue
			}
			if afterImport(ts, o) || targetParens(ts, o, c) {
				del[o], del[c], any = true, true, true
				continue
			}
			if commas, comp := topLevel(ts, match, o, c); commas > 0 || comp {
				continue
			}
			if wholeExpression(ts, o, c) {
				del[o], del[c], any = true, true, true
			}
		}
		if !any {
			return ts
		}
		ts = without(ts, del)
	}
	return ts
}

// targetParens reports whether (o, c) wraps the targets of a for loop,
// a del or the items of a with statement, where black removes them and a
// tuple means the same as its items: for (a, b) in x, del (a, b),
// with (a, b):.
func targetParens(ts []tok, o, c int) bool {
	if o == 0 || c+1 >= len(ts) {
		return o > 0 && ts[o-1].is(revision.Name, "del")
	}
	p, n := ts[o-1], ts[c+1]
	switch {
	case p.is(revision.Name, "for"):
		return n.is(revision.Name, "in")
	case p.is(revision.Name, "del"):
		return n.kind == revision.Newline
	case p.is(revision.Name, "with"):
		return n.is(revision.Op, ":")
	}
	return false
}

// wholeExpression reports whether the parenthesized (o, c) stands where a
// whole expression ends on both sides.
func wholeExpression(ts []tok, o, c int) bool {
	before := ""
	if !atStatementStart(ts, o) {
		p := ts[o-1]
		switch {
		case p.kind == revision.Op && (assignOps[p.text] || p.text == "(" || p.text == "[" || p.text == "{" || p.text == "," || p.text == ":"):
			before = "open"
		case p.kind == revision.Name && (p.text == "return" || p.text == "del" || p.text == "assert" || p.text == "yield" || p.text == "else"):
			before = "open"
		case p.kind == revision.Name && (p.text == "if" || p.text == "elif" || p.text == "while"), p.is(revision.Op, "->"):
			before = "header"
		default:
			return false
		}
	}
	if c+1 >= len(ts) {
		return true
	}
	n := ts[c+1]
	switch {
	case n.kind == revision.Newline:
		return true
	case n.kind == revision.Op && (n.text == "," || n.text == ")" || n.text == "]" || n.text == "}" || n.text == ";"):
		return before != "header"
	case n.is(revision.Op, ":"):
		// a header's end, a dict key, a slice bound, a lambda default
		return true
	case n.is(revision.Name, "for") || n.is(revision.Name, "async"):
		// the element of a comprehension: [(x) for ...], {k: (v) for ...}
		return before == "open"
	}
	return false
}

// dropAnnotations removes type annotations, which change nothing a
// migration does: "-> None" on a def, and ": T" on an assignment such as
// the typed template's `down_revision: Union[str, None] = "a0"`. An
// annotation without a value declares nothing and goes whole.
func dropAnnotations(ts []tok, _ *normScratch) []tok {
	// in place: ts[w] is written when ts[i] is kept, w <= i, so that the
	// look back (atStatementStart) at ts[i-1] still finds the token read
	// there (w = i means none was dropped so far)
	w := 0
	for i := 0; i < len(ts); i++ {
		t := &ts[i]
		if t.kind == revision.Op && t.text == "->" {
			j, depth := i+1, 0
			for ; j < len(ts); j++ {
				if depth == 0 && (ts[j].is(revision.Op, ":") || ts[j].kind == revision.Newline) {
					break
				}
				depth += bracketDelta(ts[j])
			}
			i = j - 1
			continue
		}
		if t.kind == revision.Name && i+1 < len(ts) && ts[i+1].is(revision.Op, ":") && atStatementStart(ts, i) && !isKeyword(t.text) {
			j, depth := i+2, 0
			for ; j < len(ts); j++ {
				if depth == 0 && (ts[j].is(revision.Op, "=") || ts[j].kind == revision.Newline) {
					break
				}
				depth += bracketDelta(ts[j])
			}
			if j < len(ts) && ts[j].kind == revision.Newline {
				i = j // a bare declaration
				continue
			}
			if w != i {
				ts[w] = *t
			}
			w++
			i = j - 1
			continue
		}
		if w != i {
			ts[w] = *t
		}
		w++
	}
	return ts[:w]
}

func bracketDelta(t tok) int {
	if t.kind != revision.Op || len(t.text) != 1 {
		return 0
	}
	return opDelta(t.text[0])
}

// opDelta is the bracket depth the one-character operator op adds.
func opDelta(op byte) int {
	switch op {
	case '(', '[', '{':
		return 1
	case ')', ']', '}':
		return -1
	}
	return 0
}

func equalToks(a, b []tok) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i].kind != b[i].kind || a[i].text != b[i].text {
			return false
		}
	}
	return true
}

// Hash returns the hash of f's normalized token stream, as retort.sum
// records it: "h1:" and the base64 of a SHA-256. The normalization is part
// of the format: a change to it that moves any hash needs a new prefix.
func Hash(f *revision.File) string {
	var h string
	// tokenized afresh rather than through f.Tokens(), which would keep
	// the tokens of every hashed file alive (a whole history, for
	// retort.sum) though no rule needs them; into a reused buffer
	revision.WithTokens(f.Src, func(src []revision.Token) { h = HashTokens(f, src) })
	return h
}

// HashTokens is Hash of f from its tokens, as revision.Tokenize returns
// them for f.Src: a caller that has them at hand (revision.LoadOptions)
// spares the tokenizing.
func HashTokens(f *revision.File, src []revision.Token) string {
	// one write of the whole stream: a write per token costs more than
	// the hashing of its few bytes
	sc := getScratch(true)
	defer putScratch(sc)
	buf, ok := hashFast(f, src, sc, sc.buf[:0])
	if !ok {
		sc.arena = sc.arena[:0]
		buf = appendStream(buf[:0], normalizeTokens(f, collectTokens(f, src, sc), sc))
	}
	sc.buf = buf
	return hashString(sha256.Sum256(buf))
}

// hashString formats a hash as retort.sum records it, "h1:" and its
// base64, with one allocation.
func hashString(sum [sha256.Size]byte) string {
	const prefix = "h1:"
	var b [len(prefix) + (sha256.Size+2)/3*4]byte
	copy(b[:], prefix)
	base64.StdEncoding.Encode(b[len(prefix):], sum[:])
	return string(b[:])
}

// Hashes records the hashes of files as they load: its Record is a
// revision.LoadOptions Tokens function, and Options.Hashes hands them to
// Load, which then does not tokenize those files again. It is safe for
// concurrent use.
type Hashes struct {
	mu sync.Mutex
	m  map[*revision.File]string
}

// Record hashes f from its tokens.
func (h *Hashes) Record(f *revision.File, toks []revision.Token) {
	x := HashTokens(f, toks)
	h.mu.Lock()
	if h.m == nil {
		h.m = map[*revision.File]string{}
	}
	h.m[f] = x
	h.mu.Unlock()
}

// of returns the recorded hash of f, or "".
func (h *Hashes) of(f *revision.File) string {
	if h == nil {
		return ""
	}
	h.mu.Lock()
	defer h.mu.Unlock()
	return h.m[f]
}

// Changes compares two versions of a revision file. It returns nil when
// their normalized token streams are equal; else what changed, in the
// order of b ("upgrade() changed", "down_revision changed from \"a\" to
// \"b\""), and the position in b of the first changed token.
func Changes(a, b *revision.File) ([]string, revision.Pos) {
	if bytes.Equal(a.Src, b.Src) {
		return nil, revision.Pos{}
	}
	sa, sb := getScratch(false), getScratch(false)
	defer putScratch(sa)
	defer putScratch(sb)
	na, nb := normalize(a, sa), normalize(b, sb)
	i := 0
	for i < len(na) && i < len(nb) && na[i].kind == nb[i].kind && na[i].text == nb[i].text {
		i++
	}
	if i == len(na) && i == len(nb) {
		return nil, revision.Pos{}
	}
	at := revision.Pos{Line: 1, Col: 1}
	switch {
	case i < len(nb):
		at = nb[i].pos.Pos()
	case len(nb) > 0:
		at = nb[len(nb)-1].pos.Pos()
	}
	if at.Line == 0 {
		at = revision.Pos{Line: 1, Col: 1}
	}
	ka, kb := statements(na), statements(nb)
	var what []string
	for _, k := range kb.order {
		old, ok := ka.byKey[k]
		switch {
		case !ok:
			what = append(what, k+" added")
		case !equalToks(old, kb.byKey[k]):
			what = append(what, describe(k, a, b))
		}
	}
	for _, k := range ka.order {
		if _, ok := kb.byKey[k]; !ok {
			what = append(what, k+" removed")
		}
	}
	if len(what) == 0 {
		what = []string{"module-level statements reordered"}
	}
	return what, at
}

func describe(key string, a, b *revision.File) string {
	var va, vb []string
	switch key {
	case "down_revision":
		va, vb = a.DownRevisions, b.DownRevisions
	case "branch_labels":
		va, vb = a.BranchLabels, b.BranchLabels
	case "depends_on":
		va, vb = a.DependsOn, b.DependsOn
	default:
		return key + " changed"
	}
	if pyValue(va) != pyValue(vb) {
		return fmt.Sprintf("%s changed from %s to %s", key, pyValue(va), pyValue(vb))
	}
	return key + " changed"
}

func pyValue(ids []string) string {
	switch len(ids) {
	case 0:
		return "None"
	case 1:
		return fmt.Sprintf("%q", ids[0])
	}
	q := make([]string, len(ids))
	for i, id := range ids {
		q[i] = fmt.Sprintf("%q", id)
	}
	return "(" + strings.Join(q, ", ") + ")"
}

type stmts struct {
	order []string
	byKey map[string][]tok
}

// statements splits a normalized stream into module-level statements
// keyed by what they define: "upgrade()", "down_revision", "imports",
// "class X", or "module-level code". Decorators go with their def.
func statements(ts []tok) stmts {
	s := stmts{byKey: map[string][]tok{}}
	depth := 0
	start := 0
	for i := 0; i < len(ts); i++ {
		switch ts[i].kind {
		case revision.Indent:
			depth++
			continue
		case revision.Dedent:
			depth--
		case revision.Newline:
		default:
			continue
		}
		if depth != 0 || (ts[i].kind == revision.Newline && i+1 < len(ts) && ts[i+1].kind == revision.Indent) {
			continue
		}
		if ts[start].is(revision.Op, "@") && ts[i].kind == revision.Newline {
			continue // a decorator: it belongs to what follows
		}
		part := ts[start : i+1]
		k := stmtKey(part)
		if _, seen := s.byKey[k]; !seen {
			s.order = append(s.order, k)
		}
		s.byKey[k] = append(s.byKey[k], part...)
		start = i + 1
	}
	if start < len(ts) {
		k := stmtKey(ts[start:])
		if _, seen := s.byKey[k]; !seen {
			s.order = append(s.order, k)
		}
		s.byKey[k] = append(s.byKey[k], ts[start:]...)
	}
	return s
}

func stmtKey(s []tok) string {
	// skip decorators
	for len(s) > 0 && s[0].is(revision.Op, "@") {
		k := 0
		for k < len(s) && s[k].kind != revision.Newline {
			k++
		}
		if k == len(s) {
			break
		}
		s = s[k+1:]
	}
	if len(s) > 0 && s[0].is(revision.Name, "async") {
		s = s[1:]
	}
	if len(s) == 0 {
		return "module-level code"
	}
	switch {
	case (s[0].is(revision.Name, "def")) && len(s) > 1:
		return s[1].text + "()"
	case s[0].is(revision.Name, "class") && len(s) > 1:
		return "class " + s[1].text
	case s[0].is(revision.Name, "import") || s[0].is(revision.Name, "from"):
		return "imports"
	case s[0].kind == revision.Name && !isKeyword(s[0].text) && len(s) > 1 && s[1].kind == revision.Op && (assignOps[s[1].text] || s[1].text == ":"):
		return s[0].text
	}
	return "module-level code"
}
