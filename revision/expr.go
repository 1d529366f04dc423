package revision

import (
	"bytes"
	"strconv"
	"strings"
	"unicode/utf8"
)

// exprList parses "a, b, *c" and returns a Tuple when there is a comma.
func (p *parser) exprList() Value {
	first := p.tok()
	v := p.starExpr()
	if !p.is(cComma) {
		return v
	}
	items := []Value{v}
	for p.accept(cComma) {
		if p.atExprEnd() {
			break
		}
		items = append(items, p.starExpr())
	}
	return compound(Tuple, first.Pos(), items)
}

// atExprEnd reports whether the current token cannot start an expression.
func (p *parser) atExprEnd() bool {
	t := p.tok()
	switch t.Kind {
	case Newline, EOF, Indent, Dedent:
		return true
	}
	switch t.code {
	case cRParen, cRBrack, cRBrace, cAssign, cColon, cSemi, cComma,
		kwFor, kwIn, kwIf, kwElse, kwAs, kwFrom, kwAsync:
		return true
	}
	return isAugAssign(t.code)
}

func (p *parser) starExpr() Value {
	if p.is(cStar) || p.is(cPow) {
		t := p.next()
		v := p.expr()
		return compound(Unknown, t.Pos(), []Value{v})
	}
	return p.expr()
}

// expr parses a full expression: lambda, conditional, walrus.
//
// Most expressions are an operand alone (an argument, a value): they go
// from here to primary at once, the levels of binary and unary counted
// as entered (enter) as if each had been called, and the rest of those
// levels (binaryFrom, power, conditional) runs only when an operator
// follows.
func (p *parser) expr() Value {
	t := p.tok()
	pos := t.Pos()
	switch t.code {
	case kwLambda, kwYield, kwNot, cMinus, cPlus, cTilde, kwAwait:
	default:
		if p.nest+3 > maxExprDepth || p.bail {
			break // the levels enter one by one, and one stops
		}
		p.nest += 3 // expr, binary(1), unary
		v := p.primary()
		if c := p.toks[p.p].code; binaryPrecs[c] == 0 && c != cPow && c != kwIf && c != cWalrus {
			p.nest -= 3
			return v
		}
		v = p.power(v)
		p.nest--
		v = p.binaryFrom(v, 1)
		p.nest--
		v = p.conditional(v, pos)
		p.nest--
		return v
	}
	defer p.leave()
	if !p.enter() {
		return Value{Kind: Unknown, Pos: pos}
	}
	if p.is(kwLambda) {
		p.p++
		// parameters up to the colon; a default value is an expression of
		// its own, which may be another lambda with a colon of its own
		for !p.is(cColon) {
			if p.tok().Kind == Newline || p.tok().Kind == EOF {
				return Value{Kind: Unknown, Pos: pos}
			}
			if p.accept(cAssign) {
				p.expr()
				continue
			}
			p.p++
		}
		p.p++
		body := p.expr()
		return compound(Unknown, pos, []Value{body})
	}
	if p.is(kwYield) {
		p.p++
		p.accept(kwFrom)
		if p.atExprEnd() {
			return Value{Kind: Unknown, Pos: pos}
		}
		return compound(Unknown, pos, []Value{p.exprList()})
	}
	return p.conditional(p.binary(1), pos)
}

// conditional parses what may follow the operand v of an expression that
// begins at pos: "if c else e" or ":= value".
func (p *parser) conditional(v Value, pos Pos) Value {
	if p.is(kwIf) {
		p.p++
		c := p.binary(1)
		var e Value
		if p.accept(kwElse) {
			e = p.expr()
		} else {
			p.errorf(p.tok(), "expected 'else' in conditional expression")
		}
		return compound(Unknown, pos, []Value{v, c, e})
	}
	if p.is(cWalrus) {
		p.p++
		return p.expr()
	}
	return v
}

// binaryOp returns the binary operator at the current token and its
// precedence (binaryPrecs), or 0.
func (p *parser) binaryOp() (tcode, int) {
	c := p.toks[p.p].code
	prec := int(binaryPrecs[c])
	if prec == 0 {
		return cNone, 0
	}
	if c == kwNot && p.toks[p.p+1].code != kwIn {
		return cNone, 0 // only "not in" is binary
	}
	return c, prec
}

// binary parses operators of precedence at least min.
func (p *parser) binary(min int) Value {
	defer p.leave()
	if !p.enter() {
		return Value{Kind: Unknown}
	}
	var left Value
	if min <= 3 && p.is(kwNot) {
		t := p.next()
		operand := p.binary(3)
		left = compound(Unknown, t.Pos(), []Value{operand})
	} else {
		left = p.unary()
	}
	return p.binaryFrom(left, min)
}

// binaryFrom parses the operators of precedence at least min that follow
// the operand left, already parsed.
func (p *parser) binaryFrom(left Value, min int) Value {
	for {
		op, prec := p.binaryOp()
		if prec == 0 || prec < min {
			return left
		}
		p.p++
		if op == kwNot || op == kwIs {
			p.accept(kwIn)
			p.accept(kwNot)
		}
		right := p.binary(prec + 1)
		left = combine(op, left, right)
	}
}

// combine folds string concatenation; everything else is unknown. "%"
// formatting on a string gives a string whose text is not known.
func combine(op tcode, l, r Value) Value {
	if op == cPlus && l.Kind == Str && r.Kind == Str {
		out := Value{Kind: Str, Pos: l.Pos, Text: l.Text + r.Text}
		if lp, rp := l.Parts(), r.Parts(); len(lp)+len(rp) > 0 {
			parts := append(make([]StrPart, 0, len(lp)+len(rp)), lp...)
			for _, p := range rp {
				p.Offset += len(l.Text)
				parts = append(parts, p)
			}
			out.setRare(&valueRare{parts: parts})
		}
		return out
	}
	v := compound(Unknown, l.Pos, []Value{l, r})
	if (op == cPercent || op == cPlus) && (l.Kind == Str || l.FString || r.Kind == Str || r.FString) {
		v.FString = true
		switch {
		case op == cPercent && l.Kind == Str:
			v = v.withTmpl(percentTemplate(l.Text, r))
		case op == cPlus:
			lt, lok := templateOf(l)
			rt, rok := templateOf(r)
			if lok && rok && len(lt)+len(rt) <= maxTemplate {
				v = v.withTmpl(append(append(make([]Value, 0, len(lt)+len(rt)), lt...), rt...))
			}
		}
	}
	return v
}

func (p *parser) unary() Value {
	t := p.tok()
	defer p.leave()
	if !p.enter() {
		return Value{Kind: Unknown, Pos: t.Pos()}
	}
	if t.code == cMinus || t.code == cPlus || t.code == cTilde {
		p.p++
		v := p.unary()
		if v.Kind == Num && t.code != cTilde {
			if t.code == cMinus {
				v.Text = "-" + v.Text
			}
			v.Pos = t.Pos()
			return v
		}
		return compound(Unknown, t.Pos(), []Value{v})
	}
	if t.code == kwAwait {
		p.p++
		return p.unary()
	}
	return p.power(p.primary())
}

// power parses "** operand" after the operand v, if it follows.
func (p *parser) power(v Value) Value {
	if p.is(cPow) {
		p.p++
		r := p.unary()
		return compound(Unknown, v.Pos, []Value{v, r})
	}
	return v
}

// primary parses an atom followed by attribute, call and subscript trailers.
func (p *parser) primary() Value {
	v := p.atom()
	var attrs []string // attributes of a non-name value, waiting for a call
	// a dotted name being read: its span in the source while it is
	// written without spaces (sa.Column), else its components
	dotted := v.Kind == Ref && p.is(cDot)
	var start, end int32
	var parts []string
	if dotted {
		start, end = p.toks[p.p-1].Start, p.toks[p.p-1].End
	}
	for {
		c := p.toks[p.p].code
		if dotted && c != cDot {
			if parts != nil {
				v.Text = strings.Join(parts, ".")
			} else {
				v.Text = p.intern(p.src[start:end])
			}
			dotted = false
		}
		switch c {
		case cDot:
			dot := p.next()
			t := p.tok()
			if t.Kind != Name {
				p.errorf(t, "expected a name after '.'")
				return compound(Unknown, v.Pos, []Value{v})
			}
			p.p++
			switch {
			case !dotted:
				attrs = append(attrs, p.text(t))
			case parts == nil && dot.Start == end && t.Start == dot.End:
				end = t.End
			default:
				if parts == nil {
					parts = strings.Split(string(p.src[start:end]), ".")
				}
				parts = append(parts, p.text(t))
			}
		case cLParen:
			open := p.next()
			c := p.newCall()
			c.Pos = v.Pos
			if v.Kind == Ref && attrs == nil {
				c.Name = v.Text
			} else {
				recv := v
				c.Recv = &recv
				c.Name = strings.Join(attrs, ".")
				if attrs == nil {
					c.Name = ""
				}
			}
			p.arguments(c, open)
			c.EndLine = int(p.toks[p.p-1].Line)
			v = Value{Kind: CallV, Pos: v.Pos, Call: c}
			if c.Recv != nil && (c.Recv.Kind == Str || c.Recv.FString) && c.Name == "format" {
				v.FString = true
				if c.Recv.Kind == Str {
					v = v.withTmpl(formatTemplate(c.Recv.Text, c))
				}
			}
			attrs = nil
		case cLBrack:
			p.p++
			idx := p.subscript()
			v = compound(Unknown, v.Pos, []Value{v, idx})
			attrs = nil
		default:
			if attrs != nil {
				return compound(Unknown, v.Pos, []Value{v})
			}
			return v
		}
	}
}

// subscript parses the inside of [...] after the opening bracket.
func (p *parser) subscript() Value {
	pos := p.tok()
	var items []Value
	for !p.is(cRBrack) {
		if p.tok().Kind == EOF || p.tok().Kind == Newline {
			p.errorf(p.tok(), "expected ']'")
			return compound(Unknown, pos.Pos(), items)
		}
		if p.accept(cColon) || p.accept(cComma) {
			continue
		}
		before := p.p
		items = append(items, p.starExpr())
		if p.p == before {
			p.p++
		}
	}
	p.p++
	return compound(Unknown, pos.Pos(), items)
}

// arguments parses a call's arguments after the opening parenthesis.
func (p *parser) arguments(c *Call, open Token) {
	// Arguments gather on the parser's stacks (nested calls push and pop
	// above them) and are copied out at their exact size.
	args, kws := len(p.argBuf), len(p.kwBuf)
	defer func() {
		if n := len(p.argBuf) - args; n > 0 {
			c.Args = p.newValues(n)
			copy(c.Args, p.argBuf[args:])
			clear(p.argBuf[args:])
		}
		if n := len(p.kwBuf) - kws; n > 0 {
			c.Kwargs = p.newKwargs(n)
			copy(c.Kwargs, p.kwBuf[kws:])
			clear(p.kwBuf[kws:])
		}
		p.argBuf, p.kwBuf = p.argBuf[:args], p.kwBuf[:kws]
	}()
	for !p.is(cRParen) {
		t := p.tok()
		switch {
		case t.Kind == EOF || t.Kind == Newline || t.Kind == Dedent || t.Kind == Indent:
			p.errorf(open, "'(' was never closed")
			return
		case p.is(cStar):
			p.p++
			c.StarArgs = true
			p.expr()
		case p.is(cPow):
			p.p++
			c.StarKwargs = true
			p.expr()
		case t.Kind == Name && p.toks[p.p+1].code == cAssign:
			p.p += 2
			p.kwBuf = append(p.kwBuf, Kwarg{Name: p.intern(p.src[t.Start:t.End]), Value: p.expr()})
		default:
			before := p.p
			v := p.expr()
			if p.is(kwFor) || p.is(kwAsync) {
				v = p.comprehension(v)
			}
			p.argBuf = append(p.argBuf, v)
			if p.p == before {
				p.errorf(p.tok(), "invalid syntax near "+p.describe(p.tok()))
				p.skipBracket()
				return
			}
		}
		if !p.accept(cComma) && !p.is(cRParen) {
			p.errorf(p.tok(), "expected ',' or ')' in call, found "+p.describe(p.tok()))
			p.skipBracket()
			return
		}
	}
	p.p++
}

// skipBracket skips to just after the closing bracket (of any kind) that matches an opening
// bracket already consumed, or to the end of the line.
func (p *parser) skipBracket() {
	depth := 0
	for {
		t := p.tok()
		if t.Kind == EOF || t.Kind == Newline {
			return
		}
		switch bracket(t.code) {
		case 1:
			depth++
		case -1:
			if depth == 0 {
				p.p++
				return
			}
			depth--
		}
		p.p++
	}
}

// comprehension consumes "for ... in ... if ..." clauses after elt.
func (p *parser) comprehension(elt Value) Value {
	items := []Value{elt}
	for p.is(kwFor) || p.is(kwAsync) {
		p.accept(kwAsync)
		p.p++ // for
		p.exprListNoIn()
		p.expect(kwIn)
		items = append(items, p.binary(1))
		for p.accept(kwIf) {
			items = append(items, p.binary(1))
		}
	}
	return compound(Unknown, elt.Pos, items)
}

// exprListNoIn parses comprehension targets, which stop at "in".
func (p *parser) exprListNoIn() {
	for {
		p.accept(cStar) // for a, *rest in ...
		p.binary(5)
		if !p.accept(cComma) {
			return
		}
		if p.is(kwIn) {
			return
		}
	}
}

func (p *parser) atom() Value {
	t := p.tok()
	pos := t.Pos()
	switch t.Kind {
	case Name:
		p.p++
		switch t.code {
		case kwTrue, kwFalse:
			return Value{Kind: Bool, Pos: pos, Bool: t.code == kwTrue, Text: codeText[t.code]}
		case kwNone:
			return Value{Kind: NoneV, Pos: pos, Text: codeText[kwNone]}
		}
		s := p.intern(p.src[t.Start:t.End])
		// a name bound to a literal stands for it, at the name's position
		if v, ok := p.lookup(s); ok && (v.Kind == Str || !p.is(cDot) && !p.is(cLParen) && !p.is(cLBrack)) {
			v.moveTo(pos) // its Name is s: bind and forHeader name what they bind
			return v
		}
		return Value{Kind: Ref, Pos: pos, Text: s}
	case Number:
		p.p++
		return Value{Kind: Num, Pos: pos, Text: p.intern(p.src[t.Start:t.End])}
	case String:
		return p.strings()
	case Op:
		switch t.code {
		case cLParen:
			p.p++
			return p.parenthesized(pos)
		case cLBrack:
			p.p++
			return p.display(pos, cRBrack, List)
		case cLBrace:
			p.p++
			return p.dict(pos)
		case cEllipsis:
			p.p++
			return Value{Kind: Unknown, Pos: pos}
		}
	case Illegal:
		p.p++
		return Value{Kind: Unknown, Pos: pos}
	}
	p.errorf(t, "invalid syntax near "+p.describe(t))
	return Value{Kind: Unknown, Pos: pos}
}

func (p *parser) parenthesized(pos Pos) Value {
	if p.accept(cRParen) {
		return Value{Kind: Tuple, Pos: pos}
	}
	first := p.starExpr()
	if p.is(kwFor) || p.is(kwAsync) {
		v := p.comprehension(first)
		p.closeBracket(cRParen)
		return v
	}
	if !p.is(cComma) {
		p.closeBracket(cRParen)
		return first
	}
	items := []Value{first}
	for p.accept(cComma) {
		if p.is(cRParen) {
			break
		}
		items = append(items, p.starExpr())
	}
	p.closeBracket(cRParen)
	return compound(Tuple, pos, items)
}

func (p *parser) closeBracket(closer tcode) {
	if p.accept(closer) {
		return
	}
	p.errorf(p.tok(), "expected '"+codeText[closer]+"', found "+p.describe(p.tok()))
	p.skipBracket()
}

func (p *parser) display(pos Pos, closer tcode, kind VKind) Value {
	var items []Value
	for !p.is(closer) {
		if k := p.tok().Kind; k == EOF || k == Newline || k == Indent || k == Dedent {
			p.errorf(p.tok(), "expected '"+codeText[closer]+"'")
			return compound(Unknown, pos, items)
		}
		before := p.p
		v := p.starExpr()
		if p.is(kwFor) || p.is(kwAsync) {
			v = p.comprehension(v)
			p.closeBracket(closer)
			return v
		}
		items = append(items, v)
		if p.p == before || (!p.accept(cComma) && !p.is(closer)) {
			p.errorf(p.tok(), "expected ',' or '"+codeText[closer]+"', found "+p.describe(p.tok()))
			p.skipBracket()
			return compound(Unknown, pos, items)
		}
	}
	p.p++
	return compound(kind, pos, items)
}

func (p *parser) dict(pos Pos) Value {
	if p.accept(cRBrace) {
		return Value{Kind: Dict, Pos: pos}
	}
	var keys, vals []Value
	for !p.is(cRBrace) {
		if k := p.tok().Kind; k == EOF || k == Newline || k == Indent || k == Dedent {
			p.errorf(p.tok(), "expected '}'")
			return compound(Unknown, pos, vals)
		}
		before := p.p
		if p.accept(cPow) {
			vals = append(vals, p.binary(5))
			keys = append(keys, Value{Kind: Unknown})
		} else {
			k := p.starExpr()
			if p.accept(cColon) {
				v := p.expr()
				if p.is(kwFor) || p.is(kwAsync) {
					c := p.comprehension(v)
					p.closeBracket(cRBrace)
					return c
				}
				keys, vals = append(keys, k), append(vals, v)
			} else {
				// a set
				if p.is(kwFor) || p.is(kwAsync) {
					c := p.comprehension(k)
					p.closeBracket(cRBrace)
					return c
				}
				vals = append(vals, k)
				keys = append(keys, Value{Kind: Unknown})
			}
		}
		if p.p == before || (!p.accept(cComma) && !p.is(cRBrace)) {
			p.errorf(p.tok(), "expected ',' or '}', found "+p.describe(p.tok()))
			p.skipBracket()
			return compound(Unknown, pos, vals)
		}
	}
	p.p++
	v := compound(Dict, pos, vals)
	v.setRare(&valueRare{keys: keys})
	return v
}

// strings parses adjacent string literals, concatenated as Python does.
func (p *parser) strings() Value {
	first := p.tok()
	v := Value{Kind: Str, Pos: first.Pos()}
	var b strings.Builder
	if n := p.toks[p.p+1]; n.Kind != String {
		// one literal with nothing to decode, as most are: its text is its body
		raw := p.src[first.Start:first.End]
		prefix, q := literalQuotes(raw)
		pre, body := raw[:prefix], raw[prefix+q:len(raw)-q]
		if !hasF(pre) && prefix+q <= 255 && bytes.IndexByte(body, '\r') < 0 && (hasR(pre) || bytes.IndexByte(body, '\\') < 0) {
			p.p++
			v.Text = string(body)
			v.lit = strLit{off: uint8(prefix + q), triple: q == 3, raw: hasR(pre)}
			return v
		}
		b.Grow(int(first.End - first.Start))
	}
	var tmpl []Value // the parts, once an f-string is among the literals
	tmplOK := true
	for p.tok().Kind == String {
		t := p.next()
		raw := p.src[t.Start:t.End]
		prefix, q := literalQuotes(raw)
		pre := raw[:prefix]
		body := raw[prefix+q : len(raw)-q]
		if hasF(pre) {
			if !v.FString && b.Len() > 0 {
				tmpl = append(tmpl, Value{Kind: Str, Text: b.String()})
			}
			v.FString = true
			if parts := p.fstring(body, hasR(pre)); parts != nil && tmplOK {
				tmpl = append(tmpl, parts...)
			} else {
				tmplOK = false
			}
			continue
		}
		if v.FString {
			var lit strings.Builder
			if hasR(pre) {
				lit.WriteString(strings.ReplaceAll(string(body), "\r\n", "\n"))
			} else {
				decodeEscapes(&lit, body)
			}
			tmpl = append(tmpl, Value{Kind: Str, Text: lit.String()})
			continue
		}
		part := StrPart{Offset: b.Len(), Pos: Pos{int(t.Line), int(t.Col) + prefix + q}, Triple: q == 3, Raw: hasR(pre)}
		switch {
		case t == first && prefix+q <= 255:
			v.lit = strLit{off: uint8(prefix + q), triple: part.Triple, raw: part.Raw}
		case v.lit.off != 0:
			v.setRare(&valueRare{parts: []StrPart{v.litPart(), part}})
			v.lit = strLit{}
		case v.more == nil:
			v.setRare(&valueRare{parts: []StrPart{part}})
		default:
			v.more.rare.parts = append(v.more.rare.parts, part)
		}
		if hasR(pre) {
			b.WriteString(strings.ReplaceAll(string(body), "\r\n", "\n"))
		} else {
			decodeEscapes(&b, body)
		}
	}
	if v.FString {
		out := Value{Kind: Unknown, Pos: v.Pos, FString: true}
		if tmplOK && len(tmpl) <= maxTemplate {
			out = out.withTmpl(tmpl)
		}
		return out
	}
	v.Text = b.String()
	return v
}

// literalQuotes returns the length of a string literal's prefix (rb, f)
// and of its quotes (1 or 3).
func literalQuotes(raw []byte) (prefix, q int) {
	for prefix < len(raw) && raw[prefix] != '"' && raw[prefix] != '\'' {
		prefix++
	}
	q = 1
	if len(raw)-prefix >= 6 && raw[prefix+1] == raw[prefix] && raw[prefix+2] == raw[prefix] {
		q = 3
	}
	return prefix, q
}

// decodeEscapes appends the value of a non-raw string body to b.
func decodeEscapes(b *strings.Builder, s []byte) {
	if bytes.IndexByte(s, '\\') < 0 && bytes.IndexByte(s, '\r') < 0 {
		b.Write(s) // most strings: nothing to decode, found at memchr speed
		return
	}
	for i := 0; i < len(s); i++ {
		// the runs between escapes and carriage returns are copied whole
		j := i
		for j < len(s) && s[j] != '\\' && s[j] != '\r' {
			j++
		}
		if j > i {
			b.Write(s[i:j])
			if i = j; i >= len(s) {
				break
			}
		}
		c := s[i]
		if c == '\r' {
			if i+1 < len(s) && s[i+1] == '\n' {
				continue
			}
			b.WriteByte('\n')
			continue
		}
		if c != '\\' || i+1 >= len(s) {
			b.WriteByte(c)
			continue
		}
		i++
		switch e := s[i]; e {
		case '\n':
		case '\r':
			if i+1 < len(s) && s[i+1] == '\n' {
				i++
			}
		case '\\', '\'', '"':
			b.WriteByte(e)
		case 'n':
			b.WriteByte('\n')
		case 't':
			b.WriteByte('\t')
		case 'r':
			b.WriteByte('\r')
		case 'a':
			b.WriteByte('\a')
		case 'b':
			b.WriteByte('\b')
		case 'f':
			b.WriteByte('\f')
		case 'v':
			b.WriteByte('\v')
		case 'x', 'u', 'U':
			n := 2
			if e == 'u' {
				n = 4
			} else if e == 'U' {
				n = 8
			}
			if i+n < len(s) {
				if r, err := strconv.ParseUint(string(s[i+1:i+1+n]), 16, 32); err == nil {
					if utf8.ValidRune(rune(r)) {
						b.WriteRune(rune(r))
					}
					i += n
					continue
				}
			}
			b.WriteByte('\\')
			b.WriteByte(e)
		case 'N':
			// \N{NAME}: keep as written; names do not matter here
			j := i + 1
			if j < len(s) && s[j] == '{' {
				for j < len(s) && s[j] != '}' {
					j++
				}
				b.WriteString("?")
				i = j
			} else {
				b.WriteString("\\N")
			}
		default:
			if e >= '0' && e <= '7' {
				j, r := i, 0
				for j < len(s) && j < i+3 && s[j] >= '0' && s[j] <= '7' {
					r = r*8 + int(s[j]-'0')
					j++
				}
				b.WriteRune(rune(r))
				i = j - 1
				continue
			}
			b.WriteByte('\\')
			b.WriteByte(e)
		}
	}
}

// skipAnnotation steps over the annotation of an assignment when it has
// one of the usual shapes (str, Union[str, Sequence[str], None],
// Callable[[int], str]) and is followed by "=" or the end of the line:
// expr would read it without an error, and its value is dropped anyway.
// It reports false, having moved nothing, for anything else.
func (p *parser) skipAnnotation() bool {
	if p.bail {
		return false
	}
	j, ok := p.annotationEnd(p.p, 0)
	if t := p.toks[j]; ok && (t.code == cAssign || t.Kind == Newline) {
		p.p = j
		return true
	}
	return false
}

// maxAnnotationDepth bounds the nesting skipAnnotation reads itself.
const maxAnnotationDepth = 16

// annotationEnd returns the index just after the annotation that begins
// at j: a dotted name with an optional subscript, or a bracketed list of
// annotations; ok is false when there is none there.
func (p *parser) annotationEnd(j, depth int) (end int, ok bool) {
	if depth > maxAnnotationDepth {
		return j, false
	}
	t := p.toks[j]
	if t.code == cLBrack {
		if p.toks[j+1].code == cRBrack {
			return j + 2, true
		}
		return p.annotationList(j+1, depth+1)
	}
	switch t.code {
	case cNone, kwNone, kwTrue, kwFalse, kwType, kwMatch, kwCase:
	default:
		return j, false
	}
	if t.Kind != Name {
		return j, false
	}
	j++
	for p.toks[j].code == cDot {
		if n := p.toks[j+1]; n.Kind != Name || n.code != cNone {
			return j, false
		}
		j += 2
	}
	if p.toks[j].code == cLBrack {
		return p.annotationList(j+1, depth+1)
	}
	return j, true
}

// annotationList returns the index just after the "]" that closes a
// comma-separated list of annotations beginning at j.
func (p *parser) annotationList(j, depth int) (end int, ok bool) {
	for {
		if j, ok = p.annotationEnd(j, depth); !ok {
			return j, false
		}
		switch p.toks[j].code {
		case cComma:
			j++
		case cRBrack:
			return j + 1, true
		default:
			return j, false
		}
	}
}
