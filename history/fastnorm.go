package history

import (
	"unsafe"

	"github.com/retortdev/retort/revision"
)

// hashFast appends to buf what HashTokens hashes, the normalized stream
// of f, in two passes over the stream rather than one for each step of
// normalizeTokens: collectFast collects the tokens and drops no-ops,
// annotations and trailing commas as it goes, and the imports are sorted
// as the stream is written into buf. It declines (ok false) a file whose
// suites expandSuites would expand, or that collectFast finds odd, which
// the steps one by one then normalize.
func hashFast(f *revision.File, src []revision.Token, sc *normScratch, buf []byte) (_ []byte, ok bool) {
	ts, starts, parens, ok := collectFast(f, src, sc)
	if !ok {
		return buf, false
	}
	if parens {
		ts = sortImports(dropRedundantParens(ts, sc), sc)
		return appendStream(buf, ts), true
	}
	return sc.imports.appendSorted(buf, ts, starts), true
}

// appendStream appends the hash input of ts to buf: per token its kind,
// its text and a 0.
//
// Not inlined: where it is, into a closure that appends to a buf of its
// caller, buf lives in memory rather than in registers.
//
//go:noinline
func appendStream(buf []byte, ts []tok) []byte {
	for i := range ts {
		t := &ts[i]
		if t.text == "" {
			buf = append(buf, byte(t.kind), 0)
			continue
		}
		buf = append(buf, byte(t.kind))
		buf = append(buf, t.text...)
		buf = append(buf, 0)
	}
	return buf
}

// what collectFast does with the tokens after an annotation's start
const (
	keep        = iota
	nameAtStart // a name begins a statement: a colon next makes it annotated
	annotation  // dropped, up to its "=" or the end of its line
	arrow       // a return annotation, dropped up to the ":"
)

// collectFast is, for hashing, collectTokens then dropNoOps,
// dropAnnotations and dropTrailingCommas in one pass: each token is
// written as it would come out of them, or written and taken back when
// the next token tells, or dropped. It returns where the module-level
// import statements begin, as sortImports finds them, and whether the
// stream has an opening parenthesis that does not follow an expression:
// where there is none, dropRedundantParens has nothing to drop. It
// declines (ok false) what suitesToExpand would not pass over and
// streams where an Indent or Dedent or a bracket left open ends a
// dropped annotation or an import statement: the steps one by one
// tell what those become.
func collectFast(f *revision.File, src []revision.Token, sc *normScratch) (out []tok, starts []int32, parens, ok bool) {
	out = sc.spare(len(src))
	starts = sc.starts[:0]
	defer func() { sc.starts = starts[:0] }()
	text := unsafe.String(unsafe.SliceData(f.Src), len(f.Src))
	cs := commaState{stack: sc.open[:0]}
	defer func() { sc.open = cs.stack[:0] }()
	// suitesToExpand's look, token by token of the collected stream
	depth, compound, colon := 0, false, false
	// the previous token ended a statement (or there is none): the token
	// begins one. A no-op there goes with the Newline after it, a name
	// there may be annotated (suitesToExpand's start is the same)
	boundary, noop := true, false
	mode, ann := keep, 0        // ann: the bracket depth in an annotation
	level, inImport := 0, false // Indents less Dedents; in an import statement
	for i := 0; i < len(src); i++ {
		t := &src[i]
		var c tok
		// op is the character of a one-character operator, or arrowOp
		var op byte
		switch t.Kind {
		case revision.EOF:
			continue
		case revision.Newline, revision.Indent, revision.Dedent:
			c = tok{kind: t.Kind}
		case revision.Number:
			c = tok{kind: t.Kind, text: sc.number(text[t.Start:t.End])}
		case revision.String:
			c.kind = revision.String
			c.text, i = sc.stringAt(src, i, text)
		case revision.Op:
			c = tok{kind: t.Kind, text: text[t.Start:t.End]}
			switch len(c.text) {
			case 1:
				op = c.text[0]
				if op == ';' {
					if i+1 < len(src) && src[i+1].Kind == revision.Newline {
						continue // a trailing semicolon
					}
					return nil, nil, false, false
				}
			case 2:
				if c.text == "->" {
					op = arrowOp
				}
			}
		default:
			c = tok{kind: t.Kind, text: text[t.Start:t.End]}
		}
		atStart := boundary
		d := 0 // the bracket depth it adds
		// suitesToExpand, and no-ops
		if c.kind == revision.Newline || c.kind == revision.Indent || c.kind == revision.Dedent {
			if depth != 0 || (colon && c.kind != revision.Newline) {
				return nil, nil, false, false // brackets open across lines, or a suite on its header's line
			}
			boundary, colon = true, false
			if noop {
				noop = false
				if c.kind == revision.Newline {
					out = out[:len(out)-1] // the no-op, and this Newline
					continue
				}
			}
		} else {
			if colon {
				return nil, nil, false, false // a compound statement's colon with more on its line
			}
			if atStart {
				compound = c.kind == revision.Name && revision.IsCompoundKeyword(c.text)
			}
			d = opDelta(op)
			depth += d
			colon = compound && op == ':'
			noop = atStart && isNoOp(&c)
			boundary = false
		}
		// dropAnnotations
		if mode != keep {
			switch mode {
			case arrow, annotation:
				// dropped up to a ":" (an arrow's) or "=" (an annotation's),
				// or the end of the line
				if c.kind == revision.Newline || c.kind == revision.Indent || c.kind == revision.Dedent {
					if ann != 0 || c.kind != revision.Newline {
						return nil, nil, false, false
					}
					if mode == annotation {
						out = out[:len(out)-1] // a bare declaration: its name, and this Newline
						mode = keep
						continue
					}
					mode = keep
					break
				}
				if ann == 0 && ((mode == arrow && op == ':') || (mode == annotation && op == '=')) {
					mode = keep
					break
				}
				ann += d
				continue
			case nameAtStart:
				mode = keep
				if op == ':' {
					mode, ann = annotation, 0
					continue
				}
			}
		}
		switch c.kind {
		case revision.Op:
			switch op {
			case arrowOp:
				mode, ann = arrow, 0
				continue
			case '(', '[', '{', ')', ']', '}', ',', ':':
				// dropTrailingCommas
				out = cs.put(out, c, op)
				continue
			}
		case revision.Name:
			switch {
			case atStart && !isKeyword(c.text):
				mode = nameAtStart
			case c.text == "lambda":
				cs.lambda()
			case atStart && level == 0 && !inImport && (c.text == "import" || c.text == "from"):
				// sortImports' look for the module-level imports
				starts = append(starts, int32(len(out)))
				inImport = true
			}
		case revision.Indent, revision.Dedent:
			if inImport {
				return nil, nil, false, false
			}
			if c.kind == revision.Indent {
				level++
			} else {
				level--
			}
		case revision.Newline:
			inImport = false
		}
		out = append(out, c)
	}
	if depth != 0 {
		return nil, nil, false, false
	}
	return out, starts, cs.parens, true
}

// arrowOp is collectFast's op for "->".
const arrowOp = 1

// openBracket is an opening bracket of the stream dropAnnotationsCommas
// writes: where, and what topLevel would find directly inside it so far.
type openBracket struct {
	at     int32
	commas int32
	lambda bool // in a lambda's parameters, whose commas do not count
}

type commaState struct {
	stack  []openBracket
	parens bool
}

// lambda notes a lambda's parameters: topLevel does not count their
// commas.
func (cs *commaState) lambda() {
	if n := len(cs.stack); n > 0 {
		cs.stack[n-1].lambda = true
	}
}

// put appends t, a bracket, comma or colon (op), to ts, the stream so
// far: before a closing bracket, it drops a comma as dropTrailingCommas
// does.
func (cs *commaState) put(ts []tok, t tok, op byte) []tok {
	n := len(cs.stack)
	switch op {
	case '(', '[', '{':
		w := len(ts)
		if op == '(' && !callLike(ts, w) {
			cs.parens = true
		}
		cs.stack = append(cs.stack, openBracket{at: int32(w)})
	case ')', ']', '}':
		if n == 0 {
			break
		}
		o := cs.stack[n-1]
		cs.stack = cs.stack[:n-1]
		if last := &ts[len(ts)-1]; last.kind != revision.Op || last.text != "," {
			break
		}
		if !tupleBrackets(ts, int(o.at), op) || o.commas != 1 {
			ts = ts[:len(ts)-1] // the trailing comma
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
	return append(ts, t)
}
