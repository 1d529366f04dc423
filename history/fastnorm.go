package history

import (
	"unsafe"

	"github.com/retortdev/retort/revision"
)

// fastNormalize is normalizeTokens(f, collectTokens(f, src, sc), sc) for
// hashing, in fewer passes over the stream: collecting drops the
// statements that do nothing as it goes, and one pass then drops the
// annotations and trailing commas. It declines (ok false) a file whose
// suites expandSuites would expand, which the passes one by one then
// normalize; and it leaves redundant parentheses to dropRedundantParens
// when the stream has a parenthesis that may be one.
func fastNormalize(f *revision.File, src []revision.Token, sc *normScratch) (ts []tok, ok bool) {
	ts, ok = collectDropNoOps(f, src, sc)
	if !ok {
		return nil, false
	}
	ts, parens := dropAnnotationsCommas(ts, sc)
	if parens {
		ts = dropRedundantParens(ts, sc)
	}
	return sortImports(ts, sc), true
}

// collectDropNoOps is collectTokens then dropNoOps, for hashing, in one
// pass; it declines a stream suitesToExpand would not pass over.
func collectDropNoOps(f *revision.File, src []revision.Token, sc *normScratch) ([]tok, bool) {
	out := sc.spare(len(src))
	text := unsafe.String(unsafe.SliceData(f.Src), len(f.Src))
	// suitesToExpand's look, token by token of the collected stream
	depth, compound, start, colon := 0, false, true, false
	// the collected stream's previous token ended a statement (or there is
	// none): a no-op there and a Newline after it go
	boundary, noop := true, false
	for i := 0; i < len(src); i++ {
		t := &src[i]
		pos := tokPos{t.Line, t.Col}
		var c tok
		switch t.Kind {
		case revision.EOF:
			continue
		case revision.Newline, revision.Indent, revision.Dedent:
			if depth != 0 || (colon && t.Kind != revision.Newline) {
				return nil, false // brackets open across lines, or a suite on its header's line
			}
			start, colon = true, false
			if t.Kind == revision.Newline && noop {
				out = out[:len(out)-1] // the no-op, and this Newline
				boundary, noop = true, false
				continue
			}
			out = append(out, tok{kind: t.Kind, pos: pos})
			boundary, noop = true, false
			continue
		case revision.Number:
			c = tok{kind: t.Kind, text: sc.number(text[t.Start:t.End]), pos: pos}
		case revision.String:
			if i+1 >= len(src) || src[i+1].Kind != revision.String {
				tag, v := stringTag(text[t.Start:t.End])
				c = tok{kind: revision.String, text: sc.tagged(tag, v), pos: pos}
				break
			}
			parts := sc.parts[:0]
			j := i
			for ; j < len(src) && src[j].Kind == revision.String; j++ {
				tag, v := stringTag(text[src[j].Start:src[j].End])
				parts = append(parts, string(tag)+v)
			}
			sc.parts = parts
			i = j - 1
			c = tok{kind: revision.String, text: joinStrings(parts), pos: pos}
		case revision.Op:
			s := text[t.Start:t.End]
			if len(s) == 1 {
				switch s[0] {
				case ';':
					if i+1 < len(src) && src[i+1].Kind == revision.Newline {
						continue // a trailing semicolon
					}
					return nil, false
				case '(', '[', '{':
					depth++
				case ')', ']', '}':
					depth--
				}
			}
			c = tok{kind: t.Kind, text: s, pos: pos}
		default:
			c = tok{kind: t.Kind, text: text[t.Start:t.End], pos: pos}
		}
		if colon {
			return nil, false // a compound statement's colon with more on its line
		}
		if start {
			compound = c.kind == revision.Name && revision.IsCompoundKeyword(c.text)
			start = false
		}
		colon = compound && c.kind == revision.Op && c.text == ":"
		noop = boundary && isNoOp(&c)
		boundary = false
		out = append(out, c)
	}
	if depth != 0 {
		return nil, false
	}
	return out, true
}

// openBracket is an opening bracket of the stream dropAnnotationsCommas
// writes: where, and what topLevel would find directly inside it so far.
type openBracket struct {
	at     int32
	commas int32
	lambda bool // in a lambda's parameters, whose commas do not count
}

// dropAnnotationsCommas is dropAnnotations then dropTrailingCommas in one
// pass, in place. It also reports whether the stream has an opening
// parenthesis that does not follow an expression: where there is none,
// dropRedundantParens has nothing to drop.
func dropAnnotationsCommas(ts []tok, sc *normScratch) (_ []tok, parens bool) {
	cs := commaState{stack: sc.open[:0]}
	// as dropAnnotations: ts[w] is written when ts[i] is kept, w <= i, so
	// that the look back at ts[i-1] still finds the token read there
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
			w = cs.put(ts, w, t)
			i = j - 1
			continue
		}
		w = cs.put(ts, w, t)
	}
	sc.open = cs.stack[:0]
	return ts[:w], cs.parens
}

type commaState struct {
	stack  []openBracket
	parens bool
}

// put writes t at ts[w], the end of the stream so far, and returns the
// new end: before a closing bracket, it drops a comma as
// dropTrailingCommas does.
func (cs *commaState) put(ts []tok, w int, t *tok) int {
	if t.kind == revision.Name {
		if n := len(cs.stack); n > 0 && t.text == "lambda" {
			cs.stack[n-1].lambda = true
		}
	} else if t.kind == revision.Op && len(t.text) == 1 {
		n := len(cs.stack)
		switch t.text[0] {
		case '(', '[', '{':
			if t.text[0] == '(' && !callLike(ts, w) {
				cs.parens = true
			}
			cs.stack = append(cs.stack, openBracket{at: int32(w)})
		case ')', ']', '}':
			if n == 0 {
				break
			}
			o := cs.stack[n-1]
			cs.stack = cs.stack[:n-1]
			if !ts[w-1].is(revision.Op, ",") {
				break
			}
			at := int(o.at)
			tuple := (t.text[0] == ')' && !callLike(ts, at) && !afterImport(ts, at)) || (t.text[0] == ']' && callLike(ts, at))
			if !tuple || o.commas != 1 {
				w-- // the trailing comma
			}
		case ',':
			if n > 0 && !cs.stack[n-1].lambda {
				cs.stack[n-1].commas++
			}
		case ':':
			if n > 0 {
				cs.stack[n-1].lambda = false
			}
		}
	}
	ts[w] = *t
	return w + 1
}
