package revision

import (
	"strings"
)

// parser is a recursive-descent parser for the subset of Python that
// matters here. Every construct it does not model is skipped to the end of
// its statement or block, so the positions of what follows stay right.
type parser struct {
	f    *File
	src  []byte
	toks []Token
	p    int

	consts map[string]Value // module scope
	locals map[string]Value // function scope; nil at module level
	// bound has bit len(name)%64 set once a name that long is bound in
	// either scope: most names looked up (sa, op) are of lengths none
	// bound has, and are told apart without a map lookup.
	bound uint64
	fn    *Func    // the module-level function being parsed
	calls *[]*Call // where statement-level calls go; nil discards
	class *Class   // the module-level class whose body is parsed
	with  []*WithItem
	cond  int
	loop  int // nesting of for and while bodies
	// dead is set after return, raise, break and continue: the rest of
	// the block never runs, so its calls are not recorded.
	dead bool
	// bodyDead reports whether the last suite parsed ended dead: after
	// "if x: return", the rest of the block runs only when x is false.
	bodyDead bool
	depth    int // nesting of blocks, to bound recursion
	nest     int // nesting of expressions, to bound recursion
	// argBuf and kwBuf are stacks where call arguments gather before they
	// are copied out at their exact size.
	argBuf []Value
	kwBuf  []Kwarg
	// quiet: parsing a replacement field of an f-string, whose errors
	// are not the file's
	quiet bool
	// skipBodies: the bodies of module-level functions are stepped over
	// (ParseHeaders)
	skipBodies bool
	// names interns short names (see intern); it outlives the parser in
	// the scratch buffers
	names *interner
	// arena, when set, is where Calls and their arguments are allocated
	// (see arena)
	arena *arena
	// nameBuf is where dotted names are put together before intern
	nameBuf []byte
	// skips are the function bodies whose tokens the tokenizer dropped
	// (skip.go), skipAt the first that may still come
	skips  []skipped
	skipAt int
	// bail is set when an expression nests too deeply: the rest of the
	// logical line is skipped and parsing resumes at the next statement.
	bail bool
}

const (
	maxDepth     = 200
	maxExprDepth = 400
)

// enter counts one level of expression nesting; false means too deep, and
// the caller returns at once.
func (p *parser) enter() bool {
	p.nest++
	if p.nest <= maxExprDepth && !p.bail {
		return true
	}
	if !p.bail {
		p.errorf(p.tok(), "expression nested too deeply")
		p.bail = true
		for k := p.tok().Kind; k != Newline && k != EOF; k = p.tok().Kind {
			p.p++
		}
	}
	return false
}

func (p *parser) leave() { p.nest-- }

func newParser(f *File, toks []Token) *parser {
	p := &parser{f: f, src: f.Src, toks: toks, consts: f.Consts}
	for name := range f.Consts {
		p.markBound(name)
	}
	return p
}

func (p *parser) tok() Token { return p.toks[p.p] }

func (p *parser) next() Token {
	t := p.toks[p.p]
	if t.Kind != EOF {
		p.p++
	}
	return t
}

func (p *parser) text(t Token) string { return string(p.src[t.Start:t.End]) }

// maxInterned bounds the strings a parser's intern table keeps.
const maxInterned = 1 << 14

// interner is the table of parser.intern.
type interner struct {
	m map[string]string
	// recent is a cache in front of m, indexed by a cheap hash of the
	// text: the same few names come back token after token (sa, op,
	// Column, nullable), and a hit costs no map lookup.
	recent [512]string
}

func newInterner() *interner { return &interner{m: map[string]string{}} }

// intern returns b as a string, the same one for the same short text
// (sa, Column, nullable, op.create_table): the names of a history repeat
// from file to file, and each would otherwise be a string of its own.
func (p *parser) intern(b []byte) string {
	if len(b) > 40 || len(b) == 0 || p.names == nil {
		return string(b)
	}
	n := len(b)
	h := (uint(n)*0x9e ^ uint(b[0])<<3 ^ uint(b[n-1])<<5 ^ uint(b[n/2])) % uint(len(p.names.recent))
	if s := p.names.recent[h]; s == string(b) {
		return s
	}
	s, ok := p.names.m[string(b)]
	if !ok {
		s = string(b)
		if len(p.names.m) < maxInterned {
			p.names.m[s] = s
		}
	}
	p.names.recent[h] = s
	return s
}

// is reports whether the current token is the operator or keyword c.
func (p *parser) is(c tcode) bool { return p.toks[p.p].code == c }

func (p *parser) accept(c tcode) bool {
	if p.is(c) {
		p.p++
		return true
	}
	return false
}

func (p *parser) errorf(t Token, msg string) {
	if p.bail || p.quiet {
		return
	}
	p.f.Errors = append(p.f.Errors, SyntaxError{t.Pos(), msg})
}

func (p *parser) expect(c tcode) bool {
	if p.accept(c) {
		return true
	}
	t := p.tok()
	p.errorf(t, "expected '"+codeText[c]+"', found "+p.describe(t))
	return false
}

func (p *parser) describe(t Token) string {
	switch t.Kind {
	case EOF:
		return "end of file"
	case Newline:
		return "end of line"
	case Indent:
		return "unexpected indent"
	case Dedent:
		return "unindent"
	}
	s := p.text(t)
	if len(s) > 20 {
		s = s[:20] + "..."
	}
	return "'" + s + "'"
}

// skipLine skips to just after the end of the current logical line.
func (p *parser) skipLine() {
	for {
		t := p.tok()
		switch t.Kind {
		case EOF:
			return
		case Newline:
			p.p++
			return
		case Indent, Dedent:
			if t.Kind == Dedent {
				return
			}
		}
		p.p++
	}
}

func (p *parser) module() {
	p.docstring(func(s string, pos Pos) { p.f.Docstring, p.f.DocPos = s, pos })
	for p.tok().Kind != EOF {
		if p.tok().Kind == Dedent {
			p.p++
			continue
		}
		p.statement()
	}
}

// docstring consumes a leading string statement, if there is one.
func (p *parser) docstring(set func(string, Pos)) bool {
	t := p.tok()
	if t.Kind != String {
		return false
	}
	// A docstring is a statement made of string literals only.
	j := p.p
	for p.toks[j].Kind == String {
		j++
	}
	if p.toks[j].Kind != Newline && p.toks[j].Kind != EOF && p.toks[j].code != cSemi {
		return false
	}
	v := p.strings()
	if v.Kind == Str {
		set(v.Text, v.Parts()[0].Pos)
	}
	p.accept(cSemi)
	if p.tok().Kind == Newline {
		p.p++
	}
	return true
}

// IsCompoundKeyword reports whether name starts a compound statement (if,
// for, with, def, ...), whose header ends in a colon and a suite.
func IsCompoundKeyword(name string) bool {
	switch name {
	case "if", "elif", "else", "for", "while", "try", "except", "finally", "with", "def", "class", "async":
		return true
	}
	return false
}

// isCompound is IsCompoundKeyword for a keyword's code.
func isCompound(c tcode) bool {
	switch c {
	case kwIf, kwElif, kwElse, kwFor, kwWhile, kwTry, kwExcept, kwFinally, kwWith, kwDef, kwClass, kwAsync:
		return true
	}
	return false
}

// statement parses one statement, simple or compound.
func (p *parser) statement() {
	p.bail, p.nest = false, 0
	t := p.tok()
	switch t.Kind {
	case EOF, Dedent:
		return
	case Newline:
		p.p++
		return
	case Indent:
		p.errorf(t, "unexpected indent")
		p.p++
		p.blockBody()
		return
	case Op:
		if p.is(cAt) {
			p.skipLine() // decorator
			return
		}
	case Name:
		kw := t.code
		if isCompound(kw) {
			p.compound(kw)
			return
		}
		if kw == kwType && p.toks[p.p+1].Kind == Name && p.toks[p.p+2].Kind == Op {
			p.skipLine() // a type alias statement (Python 3.12)
			return
		}
		if (kw == kwMatch || kw == kwCase) && p.lineEndsWithColon() {
			p.cond++
			p.header()
			p.body()
			p.cond--
			return
		}
	}
	p.simpleStatements()
}

// lineEndsWithColon reports whether the logical line from here holds a
// colon at bracket depth zero followed by a line break (a soft-keyword
// compound statement such as match/case).
func (p *parser) lineEndsWithColon() bool {
	depth := 0
	for j := p.p; ; j++ {
		t := p.toks[j]
		switch t.Kind {
		case EOF, Newline, Indent, Dedent:
			return false
		case Op:
			depth += bracket(t.code)
			switch t.code {
			case cColon:
				if depth == 0 {
					k := p.toks[j+1].Kind
					return k == Newline
				}
			case cAssign:
				if depth == 0 {
					return false
				}
			}
		}
	}
}

// header skips a compound statement's header up to and including its colon.
func (p *parser) header() {
	depth := 0
	for {
		t := p.tok()
		switch t.Kind {
		case EOF, Newline, Indent, Dedent:
			p.errorf(t, "expected ':'")
			return
		case Op:
			depth += bracket(t.code)
			if t.code == cColon && depth <= 0 {
				p.p++
				return
			}
		case Name:
			if depth == 0 && t.code == kwLambda {
				// lambda parameters end with their own colon
				p.p++
				for !p.is(cColon) && p.tok().Kind != Newline && p.tok().Kind != EOF {
					p.p++
				}
				p.accept(cColon)
				continue
			}
		}
		p.p++
	}
}

// body parses the suite after a colon: an indented block or simple
// statements on the same line.
func (p *parser) body() {
	saved := p.dead
	defer func() { p.bodyDead, p.dead = p.dead, saved }()
	if p.tok().Kind != Newline {
		p.simpleStatements()
		return
	}
	p.p++
	if p.tok().Kind != Indent {
		p.errorf(p.tok(), "expected an indented block")
		return
	}
	p.p++
	p.blockBody()
}

// blockBody parses statements up to the matching dedent.
func (p *parser) blockBody() {
	p.depth++
	cond := p.cond // a guard ("if x: return") makes the rest of the block conditional
	defer func() { p.depth--; p.cond = cond }()
	if p.depth > maxDepth {
		p.errorf(p.tok(), "too deeply nested")
		p.skipBlock()
		return
	}
	for {
		switch p.tok().Kind {
		case EOF:
			return
		case Dedent:
			p.p++
			return
		}
		before := p.p
		p.statement()
		if p.p == before {
			p.p++ // never loop without progress
		}
	}
}

func (p *parser) compound(kw tcode) {
	t := p.next()
	switch kw {
	case kwAsync:
		if p.is(kwDef) || p.is(kwFor) || p.is(kwWith) {
			p.compound(p.tok().code)
			return
		}
		p.errorf(t, "expected def, for or with after async")
		p.skipLine()
	case kwDef:
		p.funcdef(t)
	case kwClass:
		var cls *Class
		if p.locals == nil && p.tok().Kind == Name {
			cls = &Class{Name: p.text(p.tok()), Pos: t.Pos(), Attrs: map[string]Value{}}
			p.p++
			if p.is(cLParen) {
				c := p.newCall()
				p.arguments(c, p.next())
				cls.Bases = c.Args
			}
		}
		p.header()
		saved := p.saveScope()
		p.calls, p.fn = nil, nil
		p.locals = map[string]Value{}
		p.class = cls
		p.body()
		p.restoreScope(saved)
		if cls != nil {
			if p.f.Classes == nil {
				p.f.Classes = map[string]*Class{}
			}
			p.f.Classes[cls.Name] = cls
		}
	case kwWith:
		p.withStatement(t)
	default: // if, elif, else, for, while, try, except, finally
		p.cond++
		loopVar := ""
		if kw == kwFor && p.locals != nil {
			loopVar = p.forHeader()
		}
		if loopVar == "" {
			p.header()
		}
		if kw == kwWhile || kw == kwFor && loopVar == "" {
			// a loop over rows or batches; one over a literal list of
			// names runs each statement once per name
			p.loop++
			p.body()
			p.loop--
		} else {
			p.body()
		}
		if loopVar != "" {
			p.unbind(loopVar)
		}
		p.cond--
		if p.bodyDead && p.locals != nil && (kw == kwIf || kw == kwElif || kw == kwElse) {
			// "if dialect != 'mysql': return": what follows in this
			// block runs only when the test fails (blockBody restores
			// cond at the end of the block)
			p.cond++
		}
	}
}

// forHeader reads "for name in <literal list or tuple of strings>:" and
// binds name to the values it takes; otherwise it reads nothing and
// returns "".
func (p *parser) forHeader() string {
	t, in := p.tok(), p.toks[p.p+1]
	if t.Kind != Name || in.code != kwIn {
		return ""
	}
	start := p.p
	p.p += 2
	v := p.exprList()
	if p.is(cColon) && (v.Kind == List || v.Kind == Tuple) && len(v.Items()) > 0 {
		if _, ok := v.Strings(); ok {
			p.p++
			name := p.text(t)
			v.Alts, v.Kind = true, List
			v = v.named(name)
			p.locals[name] = v
			p.markBound(name)
			return name
		}
	}
	p.p = start
	return ""
}

// noLocals is the scope of a function whose body a header parse steps
// over: nothing is bound in it, so all such functions share it, read-only.
var noLocals = map[string]Value{}

type scope struct {
	locals map[string]Value
	fn     *Func
	calls  *[]*Call
	with   []*WithItem
	cond   int
	class  *Class
}

func (p *parser) saveScope() scope {
	return scope{p.locals, p.fn, p.calls, p.with, p.cond, p.class}
}

func (p *parser) restoreScope(s scope) {
	p.locals, p.fn, p.calls, p.with, p.cond, p.class = s.locals, s.fn, s.calls, s.with, s.cond, s.class
}

func (p *parser) funcdef(def Token) {
	nameTok := p.tok()
	name := ""
	if nameTok.Kind == Name {
		name = p.text(nameTok)
		p.p++
	}
	p.header()
	saved := p.saveScope()
	topLevel := p.locals == nil && name != ""
	var fn *Func
	if topLevel {
		fn = &Func{Name: name, Pos: def.Pos()}
		p.fn, p.calls = fn, &fn.Calls
	} else {
		p.fn, p.calls = nil, nil
	}
	if p.skipBodies && fn != nil {
		p.locals = noLocals // the body binds nothing: it is stepped over
	} else {
		p.locals = map[string]Value{}
	}
	p.with, p.cond, p.class = nil, 0, nil
	dead := p.dead
	p.dead = false
	if p.skipBodies && fn != nil {
		p.skipBody(fn)
	} else if p.tok().Kind == Newline && p.toks[p.p+1].Kind == Indent {
		p.p += 2
		if fn != nil {
			p.docstring(func(s string, _ Pos) { fn.Docstring = s })
		}
		p.blockBody()
	} else {
		p.body()
	}
	if fn != nil {
		end := p.p - 1
		for end > 0 && (p.toks[end].Kind == Dedent || p.toks[end].Kind == Newline) {
			end--
		}
		fn.EndLine = int(p.toks[end].Line)
		if l := p.skippedLine(p.p - 1); l > 0 {
			fn.EndLine = l // the last token is among those dropped
		}
		p.f.Funcs[name] = fn
	}
	p.restoreScope(saved)
	p.dead = dead
}

// skipBody steps over the body of a module-level function without
// parsing it (ParseHeaders): the tokens up to the matching dedent, or to
// the end of the line for a body on the line of the def. Nothing a body
// holds reaches the module's names, imports or graph variables; only its
// calls, statements and syntax errors are not read.
func (p *parser) skipBody(fn *Func) {
	if p.tok().Kind != Newline || p.toks[p.p+1].Kind != Indent {
		for k := p.tok().Kind; k != Newline && k != EOF; k = p.tok().Kind {
			p.p++
		}
		if p.tok().Kind == Newline {
			p.p++
		}
		return
	}
	p.p += 2
	p.docstring(func(s string, _ Pos) { fn.Docstring = s })
	p.skipBlock()
}

// skipBlock steps over the rest of an indented block, its dedent included.
// It stops at EOF, which the token slice always ends with. A header
// parse that reads every token (hashing a history) steps over every body
// here, so the loop reads the kinds straight from the slice.
func (p *parser) skipBlock() {
	toks, lvl := p.toks, 1
	for i := p.p; i < len(toks); i++ {
		switch toks[i].Kind {
		case Indent:
			lvl++
		case Dedent:
			if lvl--; lvl == 0 {
				p.p = i + 1
				return
			}
		case EOF:
			p.p = i
			return
		}
	}
	p.p = len(toks) - 1
}

func (p *parser) withStatement(t Token) {
	n := len(p.with)
	paren := false
	if p.is(cLParen) {
		// with (a as b, c as d): is a parenthesized item list, but
		// with (a): and with (a, b) as c: are plain expressions.
		paren = p.parenthesizedWithItems()
		if paren {
			p.p++
		}
	}
	for {
		start := p.tok()
		v := p.expr()
		item := &WithItem{Expr: v, Pos: start.Pos()}
		if p.accept(kwAs) {
			target := p.expr()
			if target.Kind == Ref {
				item.As = target.Text
			}
		}
		if v.Kind == CallV {
			p.record(v.Call)
		}
		p.with = append(p.with, item)
		if !p.accept(cComma) {
			break
		}
		if paren && p.is(cRParen) {
			break
		}
	}
	if paren {
		p.expect(cRParen)
	}
	if !p.is(cColon) {
		p.header()
	} else {
		p.p++
	}
	p.body()
	p.with = p.with[:n]
}

// parenthesizedWithItems reports whether the parenthesis at p.p opens a
// list of with-items (it holds an "as" at depth one, or is followed by a
// colon directly after its close).
func (p *parser) parenthesizedWithItems() bool {
	depth := 0
	for j := p.p; ; j++ {
		t := p.toks[j]
		switch t.Kind {
		case EOF, Newline:
			return false
		case Name:
			if depth == 1 && t.code == kwAs {
				return true
			}
		case Op:
			switch bracket(t.code) {
			case 1:
				depth++
			case -1:
				if depth--; depth == 0 {
					return p.toks[j+1].code == cColon
				}
			}
		}
	}
}

// record adds a statement-level call to the current function.
func (p *parser) record(c *Call) {
	if p.calls == nil || p.dead {
		return
	}
	if len(p.with) > 0 {
		c.With = append([]*WithItem(nil), p.with...)
	}
	c.Cond = p.cond > 0
	c.Loop = p.loop > 0
	*p.calls = append(*p.calls, c)
}

func (p *parser) countStmt() {
	if p.fn != nil {
		p.fn.Stmts++
	}
}

// simpleStatements parses simple statements separated by semicolons up to
// the end of the logical line.
func (p *parser) simpleStatements() {
	for {
		before := p.p
		p.simple()
		if p.accept(cSemi) {
			if p.tok().Kind == Newline || p.tok().Kind == EOF {
				break
			}
			continue
		}
		if p.tok().Kind == Newline {
			p.p++
			return
		}
		if p.tok().Kind == EOF || p.tok().Kind == Dedent {
			return
		}
		t := p.tok()
		if p.p == before || t.Kind != Illegal {
			p.errorf(t, "invalid syntax near "+p.describe(t))
		}
		p.skipLine()
		return
	}
	if p.tok().Kind == Newline {
		p.p++
	}
}

func (p *parser) simple() {
	t := p.tok()
	if t.Kind == Name {
		switch t.code {
		case kwPass:
			p.p++
			return
		case kwBreak, kwContinue:
			p.p++
			p.dead = true
			return
		case kwImport:
			p.p++
			p.importNames("")
			return
		case kwFrom:
			p.p++
			p.fromImport()
			return
		case kwGlobal, kwNonlocal, kwDel, kwAssert:
			p.countStmt()
			p.p++
			p.exprList()
			return
		case kwReturn:
			p.countStmt()
			p.p++
			if !p.atStatementEnd() {
				p.statementValue(p.exprList())
			}
			p.dead = true
			return
		case kwRaise:
			p.countStmt()
			p.p++
			if !p.atStatementEnd() {
				v := p.expr()
				if p.fn != nil {
					p.fn.Raises = append(p.fn.Raises, v)
				}
				if p.accept(kwFrom) {
					p.expr()
				}
			}
			p.dead = true
			return
		}
	}
	if t.Kind == Op && p.is(cEllipsis) && p.atEndAfter(1) {
		p.p++
		return
	}
	if t.Kind == String && p.fn != nil && p.stringOnlyStatement() {
		p.strings() // a string statement (a second docstring) does nothing
		return
	}
	p.countStmt()
	first := p.tok()
	lhs := p.exprList()
	switch {
	case p.is(cAssign):
		// most assignments have one target: no slices allocated for them
		var tbuf [2]Value
		var pbuf [2]Token
		targets := append(tbuf[:0], lhs)
		tpos := append(pbuf[:0], first)
		var rhs Value
		for p.accept(cAssign) {
			tpos = append(tpos, p.tok())
			rhs = p.exprList()
			targets = append(targets, rhs)
		}
		for i, tg := range targets[:len(targets)-1] {
			p.bind(tg, rhs, tpos[i])
		}
		p.statementValue(rhs)
	case p.is(cColon):
		p.p++
		if !p.skipAnnotation() {
			p.expr() // annotation
		}
		if p.accept(cAssign) {
			rhs := p.exprList()
			p.bind(lhs, rhs, first)
			p.statementValue(rhs)
		}
	case isAugAssign(p.tok().code):
		p.p++
		p.statementValue(p.exprList())
		if lhs.Kind == Ref && !strings.Contains(lhs.Text, ".") {
			p.unbind(lhs.Text)
		}
	default:
		p.statementValue(lhs)
	}
}

func isAugAssign(c tcode) bool { return c >= cAugFirst && c <= cAugLast }

func (p *parser) atStatementEnd() bool {
	t := p.tok()
	return t.Kind == Newline || t.Kind == EOF || t.Kind == Dedent || p.is(cSemi)
}

func (p *parser) atEndAfter(n int) bool {
	t := p.toks[p.p+n]
	return t.Kind == Newline || t.Kind == EOF || t.code == cSemi
}

func (p *parser) stringOnlyStatement() bool {
	j := p.p
	for p.toks[j].Kind == String {
		j++
	}
	t := p.toks[j]
	return t.Kind == Newline || t.Kind == EOF || t.Kind == Dedent || t.code == cSemi
}

// statementValue records the call a statement evaluates, if it is one.
func (p *parser) statementValue(v Value) {
	if v.Kind == CallV {
		p.record(v.Call)
	}
}

// bind records name = value in the current scope when the target is a
// plain name. Only literals are kept: calls and names are not constants.
func (p *parser) bind(target, v Value, at Token) {
	if target.Kind != Ref && target.Name() != "" && target.Pos == (at.Pos()) {
		// a name already bound to a literal, substituted when parsed
		target = Value{Kind: Ref, Text: target.Name(), Pos: target.Pos}
	}
	if target.Kind != Ref || strings.Contains(target.Text, ".") {
		if target.Kind == Tuple || target.Kind == List {
			for _, it := range target.Items() {
				if it.Kind == Ref {
					p.unbind(it.Text)
				}
			}
		}
		return
	}
	name := target.Text
	if v.Kind == CallV && (v.Call.Method() == "table" || v.Call.Method() == "Table") && len(v.Call.Args) > 0 && v.Call.Args[0].Kind == Str {
		p.bindTable(name, v.Call.Args[0].Text)
	}
	if p.class != nil && p.cond == 0 {
		p.class.Attrs[name] = v
	}
	scope := p.locals
	if scope == nil {
		scope = p.consts
		p.f.Assigned[name] = at.Pos()
	}
	if isLiteral(v) && (p.cond == 0 || scope[name].Kind == Unknown) {
		v = v.named(name)
		scope[name] = v
		p.markBound(name)
	} else {
		delete(scope, name)
		if p.locals == nil && graphVars[name] {
			if p.f.computed == nil {
				p.f.computed = map[string]Value{}
			}
			p.f.computed[name] = v
		}
	}
}

// graphVars are the module variables that place a revision in the graph.
var graphVars = map[string]bool{"revision": true, "down_revision": true, "branch_labels": true, "depends_on": true}

// bindTable records name = sa.table("table", ...) in its scope.
func (p *parser) bindTable(name, table string) {
	m := &p.f.Tables
	if p.locals != nil {
		if p.fn == nil {
			return
		}
		m = &p.fn.Tables
	}
	if *m == nil {
		*m = map[string]string{}
	}
	(*m)[name] = table
}

func (p *parser) unbind(name string) {
	if p.locals != nil {
		delete(p.locals, name)
	} else {
		delete(p.consts, name)
	}
}

func isLiteral(v Value) bool {
	switch v.Kind {
	case Str, Num, Bool, NoneV:
		return true
	case Tuple, List, Dict:
		for _, it := range v.Items() {
			if !isLiteral(it) {
				return false
			}
		}
		for _, it := range v.Keys() {
			if !isLiteral(it) {
				return false
			}
		}
		return true
	}
	return false
}

// markBound notes in p.bound that name is bound to a literal.
func (p *parser) markBound(name string) { p.bound |= 1 << (len(name) % 64) }

// lookup resolves a bare name bound to a literal.
func (p *parser) lookup(name string) (Value, bool) {
	if p.bound&(1<<(len(name)%64)) == 0 {
		return Value{}, false
	}
	if p.locals != nil {
		if v, ok := p.locals[name]; ok {
			return v, true
		}
	}
	v, ok := p.consts[name]
	return v, ok
}

// dottedName reads "a.b.c", interned (the module names of a history
// repeat from file to file).
func (p *parser) dottedName() string {
	b := p.nameBuf[:0]
	for p.tok().Kind == Name {
		t := p.next()
		b = append(b, p.src[t.Start:t.End]...)
		if !p.is(cDot) {
			break
		}
		p.p++
		b = append(b, '.')
	}
	p.nameBuf = b
	return p.intern(b)
}

// importNames parses "a.b as c, d" after import.
func (p *parser) importNames(from string) {
	for {
		if p.is(cLParen) {
			p.p++
		}
		if p.is(cStar) {
			p.p++
		} else {
			name := p.dottedName()
			alias := name
			if i := strings.IndexByte(name, '.'); i >= 0 && from == "" {
				alias = name[:i]
			}
			full := name
			if from != "" {
				p.nameBuf = append(append(append(p.nameBuf[:0], from...), '.'), name...)
				full = p.intern(p.nameBuf)
			}
			if p.accept(kwAs) && p.tok().Kind == Name {
				t := p.next()
				alias = p.intern(p.src[t.Start:t.End])
				if from == "" {
					full = name
				}
			} else if from == "" {
				full = alias
			}
			if alias != "" && p.locals == nil {
				p.f.Imports[alias] = full
			}
		}
		p.accept(cRParen)
		if !p.accept(cComma) {
			break
		}
		if p.is(cRParen) {
			p.p++
			break
		}
	}
}

func (p *parser) fromImport() {
	var dots strings.Builder
	for p.is(cDot) || p.is(cEllipsis) {
		dots.WriteString(p.text(p.next()))
	}
	module := ""
	if !p.is(kwImport) { // "from . import x" names no module after the dots
		module = p.dottedName()
	}
	if !p.expect(kwImport) {
		p.skipToStatementEnd()
		return
	}
	// without dots, the module is dottedName's interned string, not a copy
	p.importNames(dots.String() + module)
}

func (p *parser) skipToStatementEnd() {
	for !p.atStatementEnd() {
		p.p++
	}
}
