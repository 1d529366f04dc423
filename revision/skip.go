package revision

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
// kept (the parser reads a docstring there), and the block's closing
// Dedent too; everything between goes. Block structure follows the
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
	// firstLine: the next Newline ends the first line of such a body;
	// dropping begins after it.
	firstLine bool
	// blocks counts the open blocks; opaqueAt is the count at which the
	// outermost open class or function body was opened (0: none), where
	// a def is no longer at module level.
	blocks, opaqueAt int
	// quiet: dropping tokens; level counts the blocks open in the dropped
	// body, itself included; lastLine is the line of the last token
	// dropped other than Newline and Dedent (0: none).
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

// drop is add while a body is being dropped: it reports whether the
// token goes, and ends the dropping at the Dedent that closes the body.
func (s *scanner) drop(k Kind, line int) bool {
	h := &s.hs
	switch k {
	case EOF:
		return false // never: every body is closed before the end
	case Newline:
	case Indent:
		h.level++
		h.lastLine = line
	case Dedent:
		if h.level--; h.level == 0 {
			h.quiet = false
			if h.lastLine > 0 {
				h.skips = append(h.skips, skipped{int32(len(s.toks)), int32(h.lastLine)})
			}
			return false
		}
	default:
		h.lastLine = line
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
		if h.firstLine {
			h.firstLine, h.quiet, h.level, h.lastLine = false, true, 1, 0
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
		h.firstLine = h.pendingDef
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
		switch t.code {
		case cLParen, cLBrack, cLBrace:
			depth++
		case cRParen, cRBrack, cRBrace:
			depth--
		case cColon:
			if depth <= 0 {
				return i == len(line)-3
			}
		case kwLambda:
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
