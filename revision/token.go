// Package revision reads Alembic projects without running Python: it finds
// the versions folders, tokenizes and parses revision files, and builds the
// revision graph.
package revision

import (
	"strings"
	"unicode/utf8"
)

// Kind is the kind of a token.
type Kind uint8

const (
	EOF     Kind = iota
	Name         // identifiers and keywords
	Number       // 12, 0x1f, 1.5e3, 2j
	String       // any string literal, prefix and quotes included
	Op           // operators and brackets
	Newline      // end of a logical line
	// 6 and 7 are not kinds: the tokenizer drops the line breaks that end
	// no statement and returns comments apart. The values of the kinds
	// after them stay as they are, since retort.sum's hashes hold them.
	_
	_
	Indent
	Dedent
	Illegal // a character or construct Python would refuse
)

var kindNames = [...]string{"EOF", "Name", "Number", "String", "Op", "Newline", "?", "?", "Indent", "Dedent", "Illegal"}

func (k Kind) String() string { return kindNames[k] }

// Token is one lexical token. Start and End are byte offsets into the
// source; Line and Col are 1-based (Col counts bytes). Comments and line
// breaks that end no statement are not tokens: comments are returned
// apart, such line breaks are dropped.
type Token struct {
	Kind Kind
	// code is the operator or keyword the token is, for the parser
	code       tcode
	Start, End int32
	Line, Col  int32
}

// Pos returns the token's position.
func (t Token) Pos() Pos { return Pos{int(t.Line), int(t.Col)} }

// Pos is a 1-based position in a file.
type Pos struct{ Line, Col int }

// SyntaxError is a problem the tokenizer or parser found at a position.
type SyntaxError struct {
	Pos
	Msg string
}

func (e SyntaxError) Error() string { return e.Msg }

// scanner turns Python 3 source into tokens, following the rules of
// CPython's tokenizer: indentation at the start of logical lines, implicit
// line joining inside brackets, backslash continuations, all string prefixes.
type scanner struct {
	src      []byte
	i        int
	line     int
	lineOff  int   // offset of the current line's first byte
	depth    int   // bracket depth
	open     []Pos // positions of the open brackets
	indents  []int
	bol      bool // at the beginning of a line
	toks     []Token
	comments []Comment
	errs     []SyntaxError
	// headers drops the tokens of module-level function bodies, for
	// ParseHeaders (see skip.go)
	headers bool
	hs      headerState
}

// Tokenize splits src into tokens and comments. It never fails: problems
// are returned as SyntaxErrors and the scan goes on after them.
func Tokenize(src []byte) ([]Token, []Comment, []SyntaxError) {
	return tokenizeInto(nil, src)
}

// tokenizeInto is Tokenize appending the tokens to buf[:0], so that a
// caller that drops the tokens after use can hand the same buffer to the
// next file instead of allocating one per file.
func tokenizeInto(buf []Token, src []byte) ([]Token, []Comment, []SyntaxError) {
	var s scanner
	s.scan(buf, src)
	return s.toks, s.comments, s.errs
}

// scan tokenizes src into buf[:0], leaving the results in s; the stacks
// s.indents and s.open may hold buffers to reuse.
func (s *scanner) scan(buf []Token, src []byte) {
	s.src, s.line, s.indents, s.bol = src, 1, append(s.indents[:0], 0), true
	if want := len(src)/4 + 16; cap(buf) < want {
		buf = make([]Token, 0, want)
	}
	s.toks = buf[:0]
	if len(src) >= 3 && src[0] == 0xEF && src[1] == 0xBB && src[2] == 0xBF {
		s.i, s.lineOff = 3, 3
	}
	s.run()
}

func (s *scanner) emit(k Kind, start int) {
	s.add(k, start, s.i, s.line, start-s.lineOff+1)
}

// emitCode is emit for an operator or keyword: c is its code.
func (s *scanner) emitCode(k Kind, c tcode, start int) {
	s.toks = append(s.toks, Token{Kind: k, code: c, Start: int32(start), End: int32(s.i), Line: int32(s.line), Col: int32(start - s.lineOff + 1)})
}

func (s *scanner) add(k Kind, start, end, line, col int) {
	s.toks = append(s.toks, Token{Kind: k, Start: int32(start), End: int32(end), Line: int32(line), Col: int32(col)})
}

func (s *scanner) comment(start int) {
	s.comments = append(s.comments, Comment{Pos{s.line, start - s.lineOff + 1}, string(s.src[start:s.i])})
}

func (s *scanner) errorAt(off int, msg string) {
	s.errs = append(s.errs, SyntaxError{Pos{s.line, off - s.lineOff + 1}, msg})
}

// newline consumes a line break (\n, \r\n or a lone \r) at s.i.
func (s *scanner) newline() {
	if s.src[s.i] == '\r' && s.i+1 < len(s.src) && s.src[s.i+1] == '\n' {
		s.i++
	}
	s.i++
	s.line++
	s.lineOff = s.i
}

func isNewline(c byte) bool { return c == '\n' || c == '\r' }

// logicalLineOpen reports whether tokens were emitted since the last NEWLINE.
func (s *scanner) logicalLineOpen() bool {
	if len(s.toks) == 0 {
		return false
	}
	switch s.toks[len(s.toks)-1].Kind {
	case Newline, Indent, Dedent:
		return false
	}
	return true
}

func (s *scanner) run() {
	src := s.src
	for s.i < len(src) {
		if s.bol && s.depth == 0 {
			if s.indentation() {
				continue
			}
		}
		s.bol = false
		if s.hs.quiet {
			if s.skipQuiet(); s.i >= len(src) {
				break
			}
		}
		c := src[s.i]
		switch byteClass[c] {
		case bSpace:
			i := s.i + 1
			for i < len(src) && byteClass[src[i]] == bSpace {
				i++
			}
			s.i = i
		case bNewline:
			s.lineBreak(s.depth == 0 && s.logicalLineOpen())
			s.bol = true
		case bHash:
			start := s.i
			for s.i < len(src) && !isNewline(src[s.i]) {
				s.i++
			}
			s.comment(start)
		case bBackslash:
			start := s.i
			s.i++
			if s.i < len(src) && isNewline(src[s.i]) {
				s.newline()
			} else if s.i >= len(src) {
				// a trailing backslash at EOF: ignore
			} else {
				s.errorAt(start, "unexpected character after line continuation character")
				s.emit(Illegal, start)
			}
		case bIdent:
			s.identOrString()
		case bDigit:
			s.number()
		case bQuote:
			s.str(s.i, false)
		case bHigh:
			r, size := utf8.DecodeRune(src[s.i:])
			if r != utf8.RuneError && isUnicodeLetter(r) {
				s.identOrString()
			} else {
				start := s.i
				s.i += size
				if r == utf8.RuneError && size == 1 {
					s.errorAt(start, "invalid UTF-8 byte")
				} else {
					s.errorAt(start, "invalid character in identifier")
				}
				s.emit(Illegal, start)
			}
		default:
			if c == '.' && s.i+1 < len(src) && src[s.i+1] >= '0' && src[s.i+1] <= '9' {
				s.number()
			} else {
				s.operator()
			}
		}
	}
	if s.depth > 0 && len(s.open) > 0 {
		o := s.open[len(s.open)-1]
		s.errs = append(s.errs, SyntaxError{o, "'" + string(s.src[s.offsetOf(o)]) + "' was never closed"})
	}
	if s.logicalLineOpen() {
		s.addLine(Newline, s.i, s.i, s.line, s.i-s.lineOff+1)
	}
	for len(s.indents) > 1 {
		s.indents = s.indents[:len(s.indents)-1]
		s.addLine(Dedent, s.i, s.i, s.line, 1)
	}
	s.add(EOF, s.i, s.i, s.line, s.i-s.lineOff+1)
}

// offsetOf finds the byte offset of a position (used once, for errors).
func (s *scanner) offsetOf(p Pos) int {
	line, off := 1, 0
	if len(s.src) >= 3 && s.src[0] == 0xEF && s.src[1] == 0xBB && s.src[2] == 0xBF {
		off = 3
	}
	for off < len(s.src) && line < p.Line {
		if s.src[off] == '\n' || (s.src[off] == '\r' && (off+1 >= len(s.src) || s.src[off+1] != '\n')) {
			line++
		}
		off++
	}
	if off+p.Col-1 < len(s.src) {
		return off + p.Col - 1
	}
	return 0
}

// lineBreak consumes the line break at s.i, and emits a Newline token for
// it when it ends a logical line.
func (s *scanner) lineBreak(endsLine bool) {
	start, line, col := s.i, s.line, s.i-s.lineOff+1
	s.newline()
	if endsLine {
		s.addLine(Newline, start, s.i, line, col)
	}
}

// indentation measures the indentation of a new line and emits INDENT or
// DEDENT tokens. It returns true when the line was blank or a comment only
// and has been consumed up to (not including) its line break.
func (s *scanner) indentation() bool {
	src := s.src
	col := 0
	for s.i < len(src) {
		switch src[s.i] {
		case ' ':
			col++
		case '\t':
			col = (col/8 + 1) * 8
		case '\f':
			col = 0
		default:
			goto measured
		}
		s.i++
	}
measured:
	if s.i >= len(src) || isNewline(src[s.i]) || src[s.i] == '#' {
		// blank or comment-only line: no indentation change
		if s.i < len(src) && src[s.i] == '#' {
			start := s.i
			for s.i < len(src) && !isNewline(src[s.i]) {
				s.i++
			}
			s.comment(start)
		}
		if s.i < len(src) {
			s.lineBreak(false)
		}
		return true
	}
	s.bol = false
	top := s.indents[len(s.indents)-1]
	switch {
	case col > top:
		s.indents = append(s.indents, col)
		s.addLine(Indent, s.i, s.i, s.line, s.i-s.lineOff+1)
	case col < top:
		for len(s.indents) > 1 && col < s.indents[len(s.indents)-1] {
			s.indents = s.indents[:len(s.indents)-1]
			s.addLine(Dedent, s.i, s.i, s.line, s.i-s.lineOff+1)
		}
		if col != s.indents[len(s.indents)-1] {
			s.errorAt(s.i, "unindent does not match any outer indentation level")
			s.indents = append(s.indents, col)
		}
	}
	return false
}

// The classes of bytes run tells apart, in one table lookup.
const (
	bOther     = iota // an operator, or a byte no token begins with
	bSpace            // ' ', '\t', '\f'
	bNewline          // '\n', '\r'
	bHash             // '#'
	bBackslash        // '\\'
	bIdent            // a letter or '_'
	bDigit            // '0' to '9'
	bQuote            // '"', '\''
	bHigh             // the first byte of a non-ASCII character
)

var byteClass = func() (t [256]uint8) {
	for c := 0; c < 256; c++ {
		switch b := byte(c); {
		case b == ' ' || b == '\t' || b == '\f':
			t[c] = bSpace
		case isNewline(b):
			t[c] = bNewline
		case b == '#':
			t[c] = bHash
		case b == '\\':
			t[c] = bBackslash
		case isIdentStart(b):
			t[c] = bIdent
		case b >= '0' && b <= '9':
			t[c] = bDigit
		case b == '"' || b == '\'':
			t[c] = bQuote
		case b >= utf8.RuneSelf:
			t[c] = bHigh
		}
	}
	return t
}()

func isIdentStart(c byte) bool {
	return c == '_' || (c|0x20) >= 'a' && (c|0x20) <= 'z'
}

func isIdentByte(c byte) bool { return identByte[c] }

// identByte marks the ASCII bytes of identifiers: letters, digits, '_'.
var identByte = func() (t [256]bool) {
	for c := 0; c < 256; c++ {
		t[c] = isIdentStart(byte(c)) || c >= '0' && c <= '9'
	}
	return t
}()

func isUnicodeLetter(r rune) bool {
	// Python accepts identifiers in the XID classes; any non-ASCII letter or
	// mark is close enough for our purposes.
	return r > 0x7f && r != 0xa0 && r != 0xfeff && r != 0x3000 && !(r >= 0x2000 && r <= 0x206f)
}

func (s *scanner) identOrString() {
	start := s.i
	src := s.src
	for s.i < len(src) {
		i := s.i // a local index, which the loop keeps in a register
		for i < len(src) && identByte[src[i]] {
			i++
		}
		if s.i = i; s.i >= len(src) {
			break
		}
		if c := src[s.i]; c >= utf8.RuneSelf {
			r, size := utf8.DecodeRune(src[s.i:])
			if r != utf8.RuneError && isUnicodeLetter(r) {
				s.i += size
				continue
			}
		}
		break
	}
	if s.i < len(src) && (src[s.i] == '"' || src[s.i] == '\'') && s.i-start <= 2 && isStringPrefix(src[start:s.i]) {
		s.str(start, hasF(src[start:s.i]))
		return
	}
	s.emitCode(Name, kwCode(src[start:s.i]), start)
}

// isStringPrefix reports whether p is one of Python 3's string prefixes:
// r, u, b, f, br, rb, fr, rf in any case. Python 2's ur"" and ub"" are not
// (Python 3 reads "ur" as a name, then the string: a syntax error).
func isStringPrefix(p []byte) bool {
	var r, u, b, f int
	for _, c := range p {
		switch c | 0x20 {
		case 'r':
			r++
		case 'u':
			u++
		case 'b':
			b++
		case 'f':
			f++
		default:
			return false
		}
	}
	if r > 1 || u > 1 || b > 1 || f > 1 || b+f > 1 {
		return false
	}
	return u == 0 || len(p) == 1
}

func hasF(p []byte) bool {
	for _, c := range p {
		if c|0x20 == 'f' {
			return true
		}
	}
	return false
}

func hasR(p []byte) bool {
	for _, c := range p {
		if c|0x20 == 'r' {
			return true
		}
	}
	return false
}

// str scans a string literal whose prefix starts at start and whose first
// quote is at s.i.
func (s *scanner) str(start int, fstring bool) {
	startLine, startOff := s.line, s.lineOff
	triple, ok := s.strBody(fstring, 0)
	if ok {
		s.add(String, start, s.i, startLine, start-startOff+1)
		return
	}
	s.add(Illegal, start, s.i, startLine, start-startOff+1)
	msg := "unterminated string literal"
	if triple {
		msg = "unterminated triple-quoted string literal"
	}
	s.errs = append(s.errs, SyntaxError{Pos{startLine, start - startOff + 1}, msg})
}

// maxStringNesting bounds f-strings nested in f-strings (Python allows a
// few hundred at most); deeper input is reported as unterminated.
const maxStringNesting = 150

// strBody consumes a string literal from its opening quote at s.i to just
// after its closing quote, and reports whether it was triple-quoted and
// terminated (when it is not, s.i is left at the offending line break or at
// the end of the source).
//
// In an f-string the replacement fields are expressions, scanned as Python
// 3.12 does (PEP 701): they may hold strings of their own, with any quote
// and nested to any depth, brackets, line breaks and comments, and end at
// the '}' that closes the field or at a top-level ':' that starts the
// format spec, which is literal text again (quotes included: f"{x:'>9}")
// with fields of its own (f"{x:{width}}").
func (s *scanner) strBody(fstring bool, nesting int) (triple, ok bool) {
	src := s.src
	q := src[s.i]
	triple = s.i+2 < len(src) && src[s.i+1] == q && src[s.i+2] == q
	if triple {
		s.i += 3
	} else {
		s.i++
	}
	// Open replacement fields and brackets: 'F' is a field's expression,
	// 'S' its format spec, '(', '[' and '{' are brackets inside an expression.
	var stack []byte
	for s.i < len(src) {
		c := src[s.i]
		var top byte
		if len(stack) > 0 {
			top = stack[len(stack)-1]
		}
		if top == 0 || top == 'S' { // literal text
			for c != q && !strSpecial[c] {
				if s.i++; s.i >= len(src) {
					return triple, false
				}
				c = src[s.i]
			}
			switch {
			case c == '\\':
				s.i++
				if s.i < len(src) {
					if isNewline(src[s.i]) {
						s.newline()
					} else if !fstring || src[s.i] != '{' && src[s.i] != '}' {
						s.i++ // f'\{x}' is a backslash and a field
					}
				}
				continue
			case isNewline(c):
				if !triple {
					return triple, false
				}
				s.newline()
				continue
			case c == q:
				if !triple {
					s.i++
					return triple, true
				}
				if s.i+2 < len(src) && src[s.i+1] == q && src[s.i+2] == q {
					s.i += 3
					return triple, true
				}
			case fstring && c == '{':
				if top == 0 && s.i+1 < len(src) && src[s.i+1] == '{' {
					s.i += 2 // a literal brace
					continue
				}
				stack = append(stack, 'F')
			case fstring && c == '}':
				if top == 0 {
					if s.i+1 < len(src) && src[s.i+1] == '}' {
						s.i++ // a literal brace
					}
				} else {
					stack = stack[:len(stack)-1] // the end of the field
				}
			}
			s.i++
			continue
		}
		// inside a replacement field's expression
		switch {
		case c == '"' || c == '\'':
			if nesting >= maxStringNesting {
				return triple, false
			}
			if _, ok := s.strBody(false, nesting+1); !ok {
				return triple, false
			}
			continue
		case isIdentStart(c):
			j := s.i
			for j < len(src) && isIdentByte(src[j]) {
				j++
			}
			if j < len(src) && (src[j] == '"' || src[j] == '\'') && j-s.i <= 2 && isStringPrefix(src[s.i:j]) {
				f := hasF(src[s.i:j])
				s.i = j
				if nesting >= maxStringNesting {
					return triple, false
				}
				if _, ok := s.strBody(f, nesting+1); !ok {
					return triple, false
				}
				continue
			}
			s.i = j
			continue
		case c == '(' || c == '[' || c == '{':
			stack = append(stack, c)
		case c == ')' || c == ']':
			if top == '(' || top == '[' {
				stack = stack[:len(stack)-1]
			}
		case c == '}':
			stack = stack[:len(stack)-1] // a '{' bracket or the field itself
		case c == ':' && top == 'F':
			stack[len(stack)-1] = 'S'
		case c == '#':
			for s.i < len(src) && !isNewline(src[s.i]) {
				s.i++
			}
			continue
		case c == '\\':
			s.i++
			if s.i < len(src) && isNewline(src[s.i]) {
				s.newline()
				continue
			}
		case isNewline(c):
			s.newline()
			continue
		}
		s.i++
	}
	return triple, false
}

// strSpecial marks the bytes that end a run of a string literal's text
// besides its quote: escapes, line breaks and the braces of f-strings.
var strSpecial = [256]bool{'\\': true, '\n': true, '\r': true, '{': true, '}': true}

// number scans a numeric literal as CPython does: digits with
// underscores, a fraction, an exponent only when digits follow its 'e', an
// imaginary 'j'. It stops before anything else, so that "1if x else 2" is
// a number and a keyword.
func (s *scanner) number() {
	start := s.i
	src := s.src
	digits := func(ok func(byte) bool) {
		for s.i < len(src) && (ok(src[s.i]) || src[s.i] == '_') {
			s.i++
		}
	}
	isDec := func(c byte) bool { return c >= '0' && c <= '9' }
	if src[s.i] == '0' && s.i+1 < len(src) {
		switch src[s.i+1] | 0x20 {
		case 'x':
			s.i += 2
			digits(func(c byte) bool { return isDec(c) || (c|0x20) >= 'a' && (c|0x20) <= 'f' })
			s.emit(Number, start)
			return
		case 'o', 'b':
			s.i += 2
			digits(isDec) // 0o9 and 0b2 are Python's errors, not ours
			s.emit(Number, start)
			return
		}
	}
	digits(isDec)
	intPart := src[start:s.i]
	isFloat := false
	if s.i < len(src) && src[s.i] == '.' {
		s.i++
		digits(isDec)
		isFloat = true
	}
	if s.i < len(src) && src[s.i]|0x20 == 'e' {
		j := s.i + 1
		if j < len(src) && (src[j] == '+' || src[j] == '-') {
			j++
		}
		if j < len(src) && isDec(src[j]) {
			s.i = j
			digits(isDec)
			isFloat = true
		}
	}
	if s.i < len(src) && src[s.i]|0x20 == 'j' {
		s.i++
		isFloat = true
	}
	if !isFloat && len(intPart) > 1 && intPart[0] == '0' && strings.Trim(string(intPart), "0_") != "" {
		// Python 2's octal 0777
		s.errorAt(start, "leading zeros in decimal integer literals are not permitted; use an 0o prefix for octal integers")
	}
	s.emit(Number, start)
}

func (s *scanner) operator() {
	start := s.i
	src := s.src
	at := func(k int) byte {
		if s.i+k < len(src) {
			return src[s.i+k]
		}
		return 0
	}
	n := 0 // length of a multi-character operator
	switch c, next := src[s.i], at(1); c {
	case '*', '/', '>', '<':
		switch {
		case next == c && at(2) == '=':
			n = 3 // **= //= >>= <<=
		case next == c || next == '=':
			n = 2 // ** // >> << *= /= >= <=
		case c == '<' && next == '>':
			n = 2 // <> (barry_as_FLUFL)
		}
	case '=', '!', '+', '%', '&', '|', '^', '@', ':':
		if next == '=' {
			n = 2
		}
	case '-':
		if next == '=' || next == '>' {
			n = 2
		}
	case '.':
		if next == '.' && at(2) == '.' {
			n = 3
		}
	}
	if n > 0 {
		s.i += n
		s.emitCode(Op, opCodeMulti(src[start:s.i]), start)
		return
	}
	c := src[s.i]
	s.i++
	switch c {
	case '(', '[', '{':
		s.openBracket(start)
	case ')', ']', '}':
		if !s.closeBracket() {
			s.errorAt(start, "unmatched '"+string(c)+"'")
		}
	case '+', '-', '*', '/', '%', '@', '&', '|', '^', '~', '<', '>', '=', '.', ',', ':', ';', '!':
	default:
		s.errorAt(start, "invalid character '"+string(c)+"'")
		s.emit(Illegal, start)
		return
	}
	s.emitCode(Op, opCode1[c], start)
}

// openBracket counts the opening bracket at offset at.
func (s *scanner) openBracket(at int) {
	s.depth++
	if len(s.open) < 64 {
		s.open = append(s.open, Pos{s.line, at - s.lineOff + 1})
	}
}

// closeBracket counts a closing bracket, and reports false, counting
// nothing, when no bracket is open.
func (s *scanner) closeBracket() bool {
	if s.depth == 0 {
		return false
	}
	s.depth--
	if len(s.open) > s.depth {
		s.open = s.open[:s.depth]
	}
	return true
}
