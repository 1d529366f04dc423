package revision

import "unicode/utf8"

// ParseHeaders steps over the bodies of module-level functions. The
// tokenizer drops their tokens as it goes (scanner.headers), so that the
// parser never sees them: it only scans their bytes, which it must do
// anyway to find where each body ends, and keeps their comments and
// syntax errors, which a header File holds as Parse's does.
//
// A body is dropped only when the parser would step over it token by
// token (parser.skipBody): a def at module level, outside any class or
// function body, whose header ends with its only colon at the end of the
// line and whose body is an indented block. Its first logical line is
// kept when it begins with a string (the parser reads a docstring
// there), and the block's Indent and closing Dedent are; everything
// between goes. Names and operators of a dropped body are stepped over
// byte by byte (skipQuiet); the other tokens are scanned as ever and
// dropped at the end of their line. Block structure follows the
// tokens as the parser reads them: an Indent opens a block, a Dedent
// closes the innermost one (an unindent to a level never opened yields a
// Dedent with no Indent).

// headerState is what the scanner tracks to drop function bodies.
type headerState struct {
	// lineStart is the index of the first token of the current logical line.
	lineStart int
	// opener: the last logical line began with class, def or async, so an
	// Indent right after it opens a class or function body.
	opener bool
	// pendingDef: the last logical line is the header of a def whose body
	// is dropped if an Indent follows.
	pendingDef bool
	// firstLine: the tokens from qStart on are the first line of such a
	// body; dropping begins with them, or after their line (keepLine)
	// when they begin with a string.
	firstLine, keepLine bool
	qStart              int
	// blocks counts the open blocks; opaqueAt is the count at which the
	// outermost open class or function body was opened (0: none), where
	// a def is no longer at module level.
	blocks, opaqueAt int
	// quiet: dropping the tokens from qStart on; level counts the blocks
	// open in the dropped body, itself included; lastLine is the line of
	// the last token dropped other than Newline, Indent and Dedent (0:
	// none).
	quiet    bool
	level    int
	lastLine int
	// skips records each dropped body, in order.
	skips []skipped
}

// skipped is a function body whose tokens were dropped: dedent is the
// index of the Dedent that closes it, line the line of its last token.
type skipped struct {
	dedent int32
	line   int32
}

// addLine is add for the tokens that end lines and open and close
// blocks (Newline, Indent, Dedent): in a header parse, they are where the
// tokens of a body are dropped and the blocks followed.
func (s *scanner) addLine(k Kind, start, end, line, col int) {
	if s.headers && s.drop(k) {
		return
	}
	s.add(k, start, end, line, col)
	if s.headers {
		s.track(k)
	}
}

// drop drops the tokens added since the last call while a body is
// dropped, and reports whether the token k goes too; the Dedent that
// closes the body ends the dropping and stays.
func (s *scanner) drop(k Kind) bool {
	h := &s.hs
	if h.firstLine {
		h.firstLine = false
		if k == Newline && len(s.toks) > h.qStart && s.toks[h.qStart].Kind == String {
			h.keepLine = true // a docstring, maybe: track starts dropping after it
			return false
		}
		h.quiet, h.level, h.lastLine = true, 1, 0
	}
	if !h.quiet {
		return false
	}
	if n := len(s.toks); n > h.qStart {
		h.lastLine = max(h.lastLine, int(s.toks[n-1].Line))
		s.toks = s.toks[:h.qStart]
	}
	switch k {
	case Indent:
		h.level++
	case Dedent:
		if h.level--; h.level == 0 {
			h.quiet = false
			if h.lastLine > 0 {
				h.skips = append(h.skips, skipped{int32(len(s.toks)), int32(h.lastLine)})
			}
			return false
		}
	}
	return true
}

// track follows the blocks and logical lines after a Newline, Indent or
// Dedent was added, to start dropping a body where one begins.
func (s *scanner) track(k Kind) {
	h := &s.hs
	switch k {
	case Newline:
		line := s.toks[h.lineStart : len(s.toks)-1]
		h.lineStart = len(s.toks)
		if h.keepLine {
			h.keepLine, h.quiet, h.level, h.lastLine, h.qStart = false, true, 1, 0, len(s.toks)
			return
		}
		for len(line) > 0 && (line[0].Kind == Indent || line[0].Kind == Dedent) {
			line = line[1:]
		}
		h.opener = len(line) > 0 && (line[0].code == kwClass || line[0].code == kwDef || line[0].code == kwAsync)
		h.pendingDef = h.opener && h.opaqueAt == 0 && s.skippableDef(line)
	case Indent:
		h.blocks++
		if h.opener && h.opaqueAt == 0 {
			h.opaqueAt = h.blocks
		}
		if h.pendingDef {
			h.qStart = len(s.toks)
			if s.atString() {
				h.firstLine = true
			} else {
				h.quiet, h.level, h.lastLine = true, 1, 0
			}
		}
		h.opener, h.pendingDef = false, false
	case Dedent:
		if h.blocks > 0 {
			h.blocks--
		}
		if h.blocks < h.opaqueAt {
			h.opaqueAt = 0
		}
		h.opener, h.pendingDef = false, false
	}
}

// atString reports whether a string literal begins at s.i.
func (s *scanner) atString() bool {
	src := s.src
	j := s.i
	for j < len(src) && j-s.i <= 2 && identByte[src[j]] {
		j++
	}
	return j < len(src) && (src[j] == '"' || src[j] == '\'') && isStringPrefix(src[s.i:j])
}

// skippableDef reports whether a logical line (without its Newline) is
// the header of a def whose indented body, if one follows, the parser
// steps over: "def name ... :" or "async def name ... :" whose first
// colon outside brackets is its last token, as parser.header finds it.
// A lambda anywhere is left to the parser.
func (s *scanner) skippableDef(line []Token) bool {
	if len(line) > 0 && line[0].code == kwAsync {
		line = line[1:]
	}
	if len(line) < 3 || line[0].code != kwDef || line[1].Kind != Name {
		return false
	}
	depth := 0
	for i, t := range line[2:] {
		depth += bracket(t.code)
		switch {
		case t.code == cColon && depth <= 0:
			return i == len(line)-3
		case t.code == kwLambda:
			return false
		}
	}
	return false
}

// skippedLine returns the line of the last token of a dropped body
// closed by the Dedent at index dedent, or 0.
func (p *parser) skippedLine(dedent int) int {
	for p.skipAt < len(p.skips) && int(p.skips[p.skipAt].dedent) < dedent {
		p.skipAt++
	}
	if p.skipAt < len(p.skips) && int(p.skips[p.skipAt].dedent) == dedent {
		return int(p.skips[p.skipAt].line)
	}
	return 0
}

// quietByte classes the bytes that skipQuiet steps over itself.
const (
	qOther = iota // anything else: the scanner's own path
	qSpace        // blanks inside a line
	qIdent        // the first byte of a name
	qOp           // an operator that is no bracket and valid alone
	qOpen         // an opening bracket
	qClose        // a closing bracket
)

var quietByte = func() (t [256]uint8) {
	for c := 0; c < 256; c++ {
		switch {
		case c == ' ' || c == '\t' || c == '\f':
			t[c] = qSpace
		case isIdentStart(byte(c)):
			t[c] = qIdent
		}
	}
	for _, c := range []byte("+-*/%@&|^~<>=.,:;!") {
		t[c] = qOp
	}
	for _, c := range []byte("([{") {
		t[c] = qOpen
	}
	for _, c := range []byte(")]}") {
		t[c] = qClose
	}
	return t
}()

// skipQuiet steps over the bytes of a dropped body that make names,
// operators and brackets, which need no token (brackets are counted as
// operator counts them), and stops at anything else (a line break, a
// string, a number, a comment, a backslash, a byte that is not ASCII, an
// unmatched closing bracket), which the scanner reads as ever, and at a
// name the scanner must read (a string prefix, a name that goes on in
// Unicode).
func (s *scanner) skipQuiet() {
	src := s.src
	i, any := s.i, false
	for i < len(src) {
		switch quietByte[src[i]] {
		case qSpace:
			i++
			continue
		case qIdent:
			j := i + 1
			for j < len(src) && identByte[src[j]] {
				j++
			}
			if j < len(src) && (src[j] == '"' || src[j] == '\'' || src[j] >= utf8.RuneSelf) {
				break // a string prefix, or more of the name
			}
			i, any = j, true
			continue
		case qOp:
			if src[i] == '.' && i+1 < len(src) && src[i+1] >= '0' && src[i+1] <= '9' {
				break // a number: .5
			}
			i, any = i+1, true
			continue
		case qOpen:
			s.openBracket(i)
			i, any = i+1, true
			continue
		case qClose:
			if !s.closeBracket() {
				break // unmatched: operator() reports it
			}
			i, any = i+1, true
			continue
		}
		break
	}
	s.i = i
	if any {
		s.hs.lastLine = max(s.hs.lastLine, s.line)
	}
}
