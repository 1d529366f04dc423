// Code generated from history/normalize.go and history/imports.go at 01cb76e (the normalization as released, the reference for hashes); DO NOT EDIT.

package history

import (
	"crypto/sha256"
	"encoding/base64"
	"strings"
	"sync"
	"unicode/utf8"
	"unsafe"

	"github.com/retortdev/retort/revision"
)

type refTok struct {
	kind revision.Kind
	pos  refTokPos
	text string
}

type refTokPos struct{ line, col int32 }

func (p refTokPos) Pos() revision.Pos {
	return revision.Pos{Line: int(p.line), Col: int(p.col)}
}

func (t refTok) is(kind revision.Kind, text string) bool {
	return t.kind == kind && t.text == text
}

func refNormalizeTokens(f *revision.File, ts []refTok, sc *refNormScratch) []refTok {
	ts = refExpandSuites(ts, sc)
	ts = refDropNoOps(ts, sc)
	ts = refDropAnnotations(ts, sc)
	ts = refDropTrailingCommas(ts, sc)
	ts = refDropRedundantParens(ts, sc)
	ts = refSortImports(ts, sc)
	return ts
}

type refNormScratch struct {
	bufs [2][]refTok
	cur  int
	del  []bool // the stream, passed between the two from pass to pass

	match    []int
	stack    []int
	isImport []bool
	imports  refImportScratch
	parts    []string
	buf      []byte
	hashing  bool
	arena    []byte // Hash's input
	// hashing: the texts of strings and numbers go into arena, and names
	// and operators are substrings of f.Src itself, as nothing the
	// stream holds outlives the hash

}

var refNormPool = sync.Pool{New: func() any {
	return &refNormScratch{}
}}

func refGetScratch(hashing bool) *refNormScratch {
	sc := refNormPool.Get().(*refNormScratch)
	sc.hashing = hashing
	sc.arena = sc.arena[:0]
	return sc
}

func refPutScratch(sc *refNormScratch) {
	sc.parts = sc.parts[:0]
	refNormPool.Put(sc)
}

func (sc *refNormScratch) spare(n int) []refTok {
	sc.cur ^= 1
	if cap(sc.bufs[sc.cur]) < n {
		sc.bufs[sc.cur] = make([]refTok, 0, n+n/4)
	}
	return sc.bufs[sc.cur][:0]
}

func (sc *refNormScratch) bools(dst *[]bool, n int) []bool {
	if cap(*dst) < n {
		*dst = make([]bool, n+n/4)
	}
	b := (*dst)[:n]
	clear(b)
	return b
}

func refCollectTokens(f *revision.File, src []revision.Token, sc *refNormScratch) []refTok {
	out := sc.spare(len(src))
	var text string
	if sc.hashing {
		text = unsafe.String(unsafe.SliceData(f.Src), len(f.Src))
	} else {
		text = string(f.Src)
	}
	for i := 0; i < len(src); i++ {
		t := src[i]
		pos := refTokPos{t.Line, t.Col}
		switch t.Kind {
		case revision.EOF:
			continue
		case revision.Newline, revision.Indent, revision.Dedent:
			out = append(out, refTok{kind: t.Kind, pos: pos})
		case revision.Number:
			out = append(out, refTok{kind: t.Kind, text: sc.number(text[t.Start:t.End]), pos: pos})
		case revision.String:
			if i+1 >= len(src) || src[i+1].Kind != revision.String {
				tag, v := refStringTag(text[t.Start:t.End])
				out = append(out, refTok{kind: revision.String, text: sc.tagged(tag, v), pos: pos})
				continue
			}
			parts := sc.parts[: // names and operators are substrings of one copy of the source, or
			// of the source itself when hashing
			0]
			j := i
			for ; j < len(src) && src[j].Kind == revision.String; j++ {
				tag, v := refStringTag(text[src[j].Start:src[j].End])
				parts = append(parts, string(tag)+v)
			}
			sc.parts = parts
			i = j - 1
			out = append(out, refTok{kind: revision.String, text: refJoinStrings(parts), pos: pos})
		case revision.Op:
			if t.End-t.Start == 1 && text[t.Start] == ';' && i+1 < len(src) && src[i+1].Kind == revision.Newline {
				continue
			}
			out = append(out, refTok{kind: t.Kind, text: text[t.Start:t.End], pos: pos})
		default:
			out = append(out, refTok{kind: t.Kind, text: text[t.Start:t.End], pos: pos})
		}
	}
	return out
}

func (sc *refNormScratch) number(s string) string {
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

func (sc *refNormScratch) tagged(tag byte, v string) string {
	if !sc.hashing {
		return string(tag) + v
	}
	start := len(sc.arena)
	sc.arena = append(append(sc.arena, tag), v...)
	return unsafe.String(unsafe.SliceData(sc.arena[start:]), len(sc.arena)-start)
}

func refStringTag(text string) (byte, string) {
	if v, ok := refPlainString(text); ok {
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

func refPlainString(text string) (string, bool) {
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

func refJoinStrings(parts []string) string {
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

func refExpandSuites(ts []refTok, sc *refNormScratch) []refTok {
	if !refSuitesToExpand(ts) {
		return ts
	}
	return refExpandAll(ts, sc)
}

func refExpandAll(ts []refTok, sc *refNormScratch) []refTok {
	out := sc.spare(len(ts) + 16)
	for i := 0; i < len(ts); {
		if k := ts[i].kind; k == revision.Indent || k == revision.Dedent || k == revision.Newline {
			out = append(out, ts[i])
			i++
			continue
		}
		end, depth := i, 0
		for end < len(ts) && !(depth == 0 && ts[end].kind == revision.Newline) {
			depth += refBracketDelta(ts[end])
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
				depth += refBracketDelta(t)
			}
		}
		body := i
		if colon >= 0 && colon+1 < end {
			out = append(out, ts[i:colon+1]...)
			out = append(out, refTok{kind: revision.Newline, pos: ts[colon].pos}, refTok{kind: revision.Indent, pos: ts[colon+1].pos})
			body = colon + 1
		}
		depth = 0
		for k := body; k < end; k++ {
			t := ts[k]
			if depth == 0 && t.is(revision.Op, ";") {
				t = refTok{kind: revision.Newline, pos: t.pos}
			}
			depth += refBracketDelta(ts[k])
			out = append(out, t)
		}
		last := ts[len(ts)-1].pos
		if end < len(ts) {
			out = append(out, ts[end])
			last = ts[end].pos
		}
		if body != i {
			out = append(out, refTok{kind: revision.Dedent, pos: last})
		}
		i = end + 1
	}
	return out
}

func refSuitesToExpand(ts []refTok) bool {
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
			depth += refBracketDelta(*t)
		}
	}
	return depth != 0
}

func refAtStatementStart(ts []refTok, i int) bool {
	if i == 0 {
		return true
	}
	switch ts[i-1].kind {
	case revision.Newline, revision.Indent, revision.Dedent:
		return true
	}
	return false
}

func refDropNoOps(ts []refTok, _ *refNormScratch) []refTok {
	for len(ts) >= 2 && ts[1].kind == revision.Newline && refIsNoOp(&ts[0]) {
		ts = ts[2:]
	}
	w := 0
	for i := 0; i < len(ts); i++ {
		t := &ts[i]
		if i+1 < len(ts) && ts[i+1].kind == revision.Newline && refIsNoOp(t) && refAtStatementStart(ts, i) {
			i++
			continue
		}
		if w != i {
			ts[w] = *t
		}
		w++
	}
	return ts[:w]
}

func refIsNoOp(t *refTok) bool {
	return t.kind == revision.String || t.is(revision.Name, "pass") || t.is(revision.Op, "...")
}

func refIsKeyword(name string) bool {
	switch name {
	case "False", "None", "True", "and", "as", "assert", "async", "await", "break", "class", "continue", "def", "del", "elif", "else", "except", "finally", "for", "from", "global", "if", "import", "in", "is", "lambda", "nonlocal", "not", "or", "pass", "raise", "return", "try", "while", "with", "yield":
		return true
	}
	return false
}

func refBrackets(ts []refTok, sc *refNormScratch) []int {
	if cap(sc.match) < len(ts) {
		sc.match = make([]int, len(ts)+len(ts)/4)
	}
	match := sc.match[:len(ts)]
	stack := sc.stack[:0]
	defer func() {
		sc.stack = stack[:0]
	}()
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

func refCallLike(ts []refTok, o int) bool {
	if o == 0 {
		return false
	}
	p := ts[o-1]
	switch p.kind {
	case revision.Name:
		return !refIsKeyword(p.text)
	case revision.String, revision.Number:
		return true
	case revision.Op:
		return p.text == ")" || p.text == "]" || p.text == "}"
	}
	return false
}

func refTopLevel(ts []refTok, match []int, o, c int) (commas int, comprehension bool) {
	for i := o + 1; i < c; i++ {
		t := ts[i]
		if t.kind == revision.Op && (t.text == "(" || t.text == "[" || t.text == "{") && match[i] > i {
			i = match[i]
			continue
		}
		if t.is(revision.Name, "lambda") {
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

func refAfterImport(ts []refTok, o int) bool {
	return o > 0 && ts[o-1].is(revision.Name, "import")
}

func refDropTrailingCommas(ts []refTok, sc *refNormScratch) []refTok {
	match := refBrackets(ts, sc)
	del := sc.bools(&sc.del, len(ts))
	any := false
	for i := 0; i+1 < len(ts); i++ {
		if !ts[i].is(revision.Op, ",") || match[i+1] < 0 || match[i+1] > i {
			continue
		}
		o := match[i+1]
		closer := ts[i+1].text
		tuple := (closer == ")" && !refCallLike(ts, o) && !refAfterImport(ts, o)) || (closer == "]" && refCallLike(ts, o))
		if tuple {
			if n, _ := refTopLevel(ts, match, o, i+1); n == 1 {
				continue
			}
		}
		del[i], any = true, true
	}
	if !any {
		return ts
	}
	return refWithout(ts, del)
}

func refWithout(ts []refTok, del []bool) []refTok {
	w := 0
	for w < len(ts) && !del[w] {
		w++
	}
	for i := w; i < len(ts); i++ {
		if !del[i] {
			ts[w] = ts[i]
			w++
		}
	}
	return ts[:w]
}

var refAssignOps = map[string]bool{"=": true, "+=": true, "-=": true, "*=": true, "/=": true, "//=": true, "%=": true, "**=": true, ">>=": true, "<<=": true, "&=": true, "|=": true, "^=": true, "@=": true, ":=": false}

func refDropRedundantParens(ts []refTok, sc *refNormScratch) []refTok {
	for round := 0; round < 16; round++ {
		match := refBrackets(ts, sc)
		del := sc.bools(&sc.del, len(ts))
		any := false
		for o, t := range ts {
			if !t.is(revision.Op, "(") || match[o] < 0 || del[o] {
				continue
			}
			c := match[o]
			if c == o+1 || refCallLike(ts, o) {
				continue
			}
			if refAfterImport(ts, o) || refTargetParens(ts, o, c) {
				del[o], del[c], any = true, true, true
				continue
			}
			if commas, comp := refTopLevel(ts, match, o, c); commas > 0 || comp {
				continue
			}
			if refWholeExpression(ts, o, c) {
				del[o], del[c], any = true, true, true
			}
		}
		if !any {
			return ts
		}
		ts = refWithout(ts, del)
	}
	return ts
}

func refTargetParens(ts []refTok, o, c int) bool {
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

func refWholeExpression(ts []refTok, o, c int) bool {
	before := ""
	if !refAtStatementStart(ts, o) {
		p := ts[o-1]
		switch {
		case p.kind == revision.Op && (refAssignOps[p.text] || p.text == "(" || p.text == "[" || p.text == "{" || p.text == "," || p.text == ":"):
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
		return true
	case n.is(revision.Name, "for") || n.is(revision.Name, "async"):
		return before == "open"
	}
	return false
}

func refDropAnnotations(ts []refTok, _ *refNormScratch) []refTok {
	w := 0
	for i := 0; i < len(ts); i++ {
		t := &ts[i]
		if t.kind == revision.Op && t.text == "->" {
			j, depth := i+1, 0
			for ; j < len(ts); j++ {
				if depth == 0 && (ts[j].is(revision.Op, ":") || ts[j].kind == revision.Newline) {
					break
				}
				depth += refBracketDelta(ts[j])
			}
			i = j - 1
			continue
		}
		if t.kind == revision.Name && i+1 < len(ts) && ts[i+1].is(revision.Op, ":") && refAtStatementStart(ts, i) && !refIsKeyword(t.text) {
			j, depth := i+2, 0
			for ; j < len(ts); j++ {
				if depth == 0 && (ts[j].is(revision.Op, "=") || ts[j].kind == revision.Newline) {
					break
				}
				depth += refBracketDelta(ts[j])
			}
			if j < len(ts) && ts[j].kind == revision.Newline {
				i = j
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

func refBracketDelta(t refTok) int {
	if t.kind != revision.Op || len(t.text) != 1 {
		return 0
	}
	switch t.text[0] {
	case '(', '[', '{':
		return 1
	case ')', ']', '}':
		return -1
	}
	return 0
}

func refHashTokens(f *revision.File, src []revision.Token) string {
	sc := refGetScratch(true)
	defer refPutScratch(sc)
	buf := sc.buf[:0]
	ts := refNormalizeTokens(f, refCollectTokens(f, src, sc), sc)
	for i := range ts {
		t := &ts[i]
		buf = append(buf, byte(t.kind))
		buf = append(buf, t.text...)
		buf = append(buf, 0)
	}
	sc.buf = buf
	return refHashString(sha256.Sum256(buf))
}

func refHashString(sum [sha256.Size]byte) string {
	const prefix = "h1:"
	var b [len(prefix) + (sha256.Size+2)/3*4]byte
	copy(b[:], prefix)
	base64.StdEncoding.Encode(b[len(prefix):], sum[:])
	return string(b[:])
}

type refOneImport struct {
	head0, head1 int32
	name0, name1 int32
	bound        string
	used         bool
	key0, key1   int32
} // ts[head0:head1]
// its sort key in importScratch.keys

func (s *refOneImport) len() int {
	return int(s.head1-s.head0) + int(s.name1-s.name0)
}

func (s *refOneImport) at(ts []refTok, k int) *refTok {
	if h := int(s.head1 - s.head0); k >= h {
		return &ts[int(s.name0)+k-h]
	}
	return &ts[int(s.head0)+k]
}

type refImportScratch struct {
	ones    []refOneImport
	stmtEnd []int32
	unused  []int32 // for each import statement, the end of its ones

	run []int32 // the ones whose bound name is not seen yet

	keys []byte
	used map[string]bool
}

func refSortImports(ts []refTok, sc *refNormScratch) []refTok {
	is := &sc.imports
	is.ones, is.stmtEnd = is.ones[:0], is.stmtEnd[:0]
	isImport := sc.bools(&sc.isImport, len(ts))
	depth := 0
	for i := 0; i < len(ts); i++ {
		switch ts[i].kind {
		case revision.Indent:
			depth++
		case revision.Dedent:
			depth--
		}
		if depth == 0 && refAtStatementStart(ts, i) && (ts[i].is(revision.Name, "import") || ts[i].is(revision.Name, "from")) {
			start := i
			for ; i < len(ts) && ts[i].kind != revision.Newline; i++ {
				isImport[i] = true
			}
			if i < len(ts) {
				isImport[i] = true
			}
			is.splitImport(ts, start, i)
			is.stmtEnd = append(is.stmtEnd, int32(len(is.ones)))
		}
	}
	if len(is.stmtEnd) == 0 {
		return ts
	}
	is.markUsed(ts, isImport)
	is.makeKeys(ts)
	out := sc.spare(len(ts) + len(is.ones))
	stmt, first := 0, int32(0)
	for i := 0; i < len(ts); {
		if !isImport[i] {
			out = append(out, ts[i])
			i++
			continue
		}
		run := is.run[:0]
		j := i
		for j < len(ts) && isImport[j] {
			end := j
			for end < len(ts) && ts[end].kind != revision.Newline {
				end++
			}
			for k := first; k < is.stmtEnd[stmt]; k++ {
				if o := &is.ones[k]; o.bound == "" || o.used {
					run = append(run, k)
				}
			}
			first = is.stmtEnd[stmt]
			stmt++
			j = end + 1
		}
		is.sortRun(run)
		for k, x := range run {
			st := &is.ones[x]
			if k > 0 && is.equal(ts, st, &is.ones[run[k-1]]) {
				continue
			}
			out = append(out, ts[st.head0:st.head1]...)
			out = append(out, ts[st.name0:st.name1]...)
			out = append(out, refTok{kind: revision.Newline, pos: st.at(ts, st.len()-1).pos})
		}
		is.run = run[:0]
		i = j
	}
	sc.bufs[sc.cur] = out[:0]
	return out
}

func (is *refImportScratch) splitImport(ts []refTok, start, end int) {
	s := ts[start:end]
	whole := func() {
		is.add(ts, start, end, end, end)
	}
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

func (is *refImportScratch) add(ts []refTok, head0, head1, name0, name1 int) {
	is.ones = append(is.ones, refOneImport{head0: int32(head0), head1: int32(head1), name0: int32(name0), name1: int32(name1)})
	o := &is.ones[len(is.ones)-1]
	o.bound = refBoundName(ts, o)
}

func refBoundName(ts []refTok, s *refOneImport) string {
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

func (is *refImportScratch) markUsed(ts []refTok, isImport []bool) {
	unused := is.unused[:0]
	for k := range is.ones {
		if is.ones[k].bound != "" {
			unused = append(unused, int32(k))
		}
	}
	defer func() {
		is.unused = unused[:0]
	}()
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
		for i := range ts {
			if t := &ts[i]; t.kind == revision.Name && !isImport[i] {
				if _, ok := is.used[t.text]; ok {
					is.used[t.text] = true
				}
			}
		}
		for _, k := range unused {
			is.ones[k].used = is.used[is.ones[k].bound]
		}
		return
	}
	var firsts [256]bool
	for _, k := range // the first bytes of the names looked for: most names of a module
	// begin otherwise, and cost one look-up
	unused {
		firsts[is.ones[k].bound[0]] = true
	}
	for i := range ts {
		t := &ts[i]
		if t.kind != revision.Name || t.text == "" || !firsts[t.text[0]] || isImport[i] {
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

func (is *refImportScratch) makeKeys(ts []refTok) {
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

func (is *refImportScratch) key(x int32) string {
	o := &is.ones[x]
	if o.key1 == o.key0 {
		return ""
	}
	return unsafe.String(&is.keys[o.key0], int(o.key1-o.key0))
}

func (is *refImportScratch) sortRun(run []int32) {
	for i := 1; i < len(run); i++ {
		for j := i; j > 0 && is.key(run[j]) < is.key(run[j-1]); j-- {
			run[j], run[j-1] = run[j-1], run[j]
		}
	}
}

func (is *refImportScratch) equal(ts []refTok, a, b *refOneImport) bool {
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
