package revision

import (
	"strings"
)

// Strings built at run time (f-strings, "..." % args, "...".format(...))
// keep their template: the literal parts as Str values and each
// replacement field as the Value of its expression, evaluated as far as
// the parser can (a name bound to a literal is that literal; a loop
// variable over a literal list is a List with Alts set). The Value itself
// stays Unknown with FString set: its text is not known as a whole.

// maxTemplate bounds the parts of one template.
const maxTemplate = 64

// fstring returns the template of the f-string whose body (between the
// quotes) is body; raw tells whether backslashes are literal.
func (p *parser) fstring(body []byte, raw bool) []Value {
	var out []Value
	var lit strings.Builder
	flush := func() {
		if lit.Len() > 0 {
			out = append(out, Value{Kind: Str, Text: lit.String()})
			lit.Reset()
		}
	}
	seg := 0 // start of the pending literal bytes
	addLit := func(b []byte) {
		if raw {
			lit.Write(b)
		} else {
			decodeEscapes(&lit, b)
		}
	}
	for i := 0; i < len(body); i++ {
		c := body[i]
		if c != '{' && c != '}' {
			continue
		}
		if i+1 < len(body) && body[i+1] == c { // {{ or }}
			addLit(body[seg:i])
			lit.WriteByte(c)
			i++
			seg = i + 1
			continue
		}
		if c == '}' {
			continue // a lone }: Python refuses it; keep it as text
		}
		addLit(body[seg:i])
		end := fieldEnd(body, i+1)
		if end < 0 {
			return nil
		}
		flush()
		out = append(out, p.field(body[i+1:end]))
		if len(out) > maxTemplate {
			return nil
		}
		i = end
		seg = end + 1
	}
	addLit(body[seg:])
	flush()
	return out
}

// fieldEnd returns the index of the } closing a replacement field that
// starts at i, skipping nested brackets and strings, or -1.
func fieldEnd(b []byte, i int) int {
	depth := 0
	for ; i < len(b); i++ {
		switch c := b[i]; c {
		case '(', '[', '{':
			depth++
		case ')', ']':
			depth--
		case '}':
			if depth == 0 {
				return i
			}
			depth--
		case '\'', '"':
			j := i + 1
			for j < len(b) && b[j] != c {
				if b[j] == '\\' {
					j++
				}
				j++
			}
			i = j
		}
	}
	return -1
}

// field evaluates the expression of a replacement field. A conversion
// (!r) or a format spec (:>10) makes the text unknown, except !s.
func (p *parser) field(src []byte) Value {
	expr, rest := splitField(src)
	v := p.subExpr(expr)
	switch {
	case rest == "" || rest == "!s":
		return v
	case rest == "!r" && v.Kind == Str && !strings.ContainsAny(v.Text, "'\\\n"):
		return Value{Kind: Str, Text: "'" + v.Text + "'"}
	}
	return Value{Kind: Unknown}
}

// splitField splits "expr!r:spec" at the first ! or : at depth zero
// (not part of != or :=), and drops a self-documenting "=".
func splitField(src []byte) (expr []byte, rest string) {
	depth := 0
	for i := 0; i < len(src); i++ {
		switch c := src[i]; c {
		case '(', '[', '{':
			depth++
		case ')', ']', '}':
			depth--
		case '\'', '"':
			j := i + 1
			for j < len(src) && src[j] != c {
				j++
			}
			i = j
		case '!', ':':
			if depth == 0 && (i+1 >= len(src) || src[i+1] != '=') {
				return src[:i], string(src[i:])
			}
			if depth == 0 {
				i++
			}
		case '=':
			if depth == 0 && i == len(src)-1 {
				return src[:i], "=" // f"{x=}" prints x=value
			}
		}
	}
	return src, ""
}

// subExpr parses the expression of a replacement field in the current
// scope, so that names bound to literals are resolved.
func (p *parser) subExpr(src []byte) Value {
	toks, _, errs := Tokenize(src)
	if len(errs) > 0 {
		return Value{Kind: Unknown}
	}
	// the nesting carries over, so that f-strings in f-strings stay bounded
	sub := &parser{f: p.f, src: src, toks: toks, consts: p.consts, locals: p.locals, quiet: true, nest: p.nest + 1}
	for sub.tok().Kind == Newline || sub.tok().Kind == Indent {
		sub.p++
	}
	v := sub.expr()
	if sub.tok().Kind != Newline && sub.tok().Kind != EOF {
		return Value{Kind: Unknown}
	}
	v.Pos = Pos{}
	return v
}

// percentTemplate is the template of format % args.
func percentTemplate(format string, args Value) []Value {
	var items []Value
	var named map[string]Value
	switch args.Kind {
	case Tuple:
		items = args.Items
	case Dict:
		named = map[string]Value{}
		for i, k := range args.Keys {
			if k.Kind == Str {
				named[k.Text] = args.Items[i]
			}
		}
	default:
		items = []Value{args}
	}
	var out []Value
	var lit strings.Builder
	next := 0
	for i := 0; i < len(format); i++ {
		if format[i] != '%' || i+1 >= len(format) {
			lit.WriteByte(format[i])
			continue
		}
		if format[i+1] == '%' {
			lit.WriteByte('%')
			i++
			continue
		}
		j := i + 1
		var v Value
		if format[j] == '(' {
			k := strings.IndexByte(format[j:], ')')
			if k < 0 || named == nil {
				return nil
			}
			v = named[format[j+1:j+k]]
			j += k + 1
		} else if next < len(items) {
			v = items[next]
			next++
		} else {
			return nil
		}
		// flags, width, precision, then the conversion
		for j < len(format) && strings.IndexByte("#0- +.0123456789", format[j]) >= 0 {
			j++
		}
		if j >= len(format) {
			return nil
		}
		switch format[j] {
		case 's', 'd', 'i':
		case 'r':
			if v.Kind == Str {
				v = Value{Kind: Str, Text: "'" + v.Text + "'"}
			} else {
				v = Value{Kind: Unknown}
			}
		default:
			v = Value{Kind: Unknown}
		}
		if lit.Len() > 0 {
			out = append(out, Value{Kind: Str, Text: lit.String()})
			lit.Reset()
		}
		out = append(out, v)
		i = j
	}
	if lit.Len() > 0 {
		out = append(out, Value{Kind: Str, Text: lit.String()})
	}
	if len(out) > maxTemplate {
		return nil
	}
	return out
}

// formatTemplate is the template of format.format(*args, **kwargs).
func formatTemplate(format string, c *Call) []Value {
	if c.StarArgs || c.StarKwargs {
		return nil
	}
	var out []Value
	var lit strings.Builder
	auto := 0
	for i := 0; i < len(format); i++ {
		ch := format[i]
		if (ch == '{' || ch == '}') && i+1 < len(format) && format[i+1] == ch {
			lit.WriteByte(ch)
			i++
			continue
		}
		if ch != '{' {
			lit.WriteByte(ch)
			continue
		}
		end := strings.IndexByte(format[i:], '}')
		if end < 0 {
			return nil
		}
		field := format[i+1 : i+end]
		spec := ""
		if k := strings.IndexAny(field, "!:"); k >= 0 {
			field, spec = field[:k], field[k:]
		}
		var v Value
		switch {
		case field == "":
			if auto >= len(c.Args) {
				return nil
			}
			v = c.Args[auto]
			auto++
		case field[0] >= '0' && field[0] <= '9':
			n := 0
			for _, d := range field {
				if d < '0' || d > '9' {
					return nil
				}
				n = n*10 + int(d-'0')
			}
			if n >= len(c.Args) {
				return nil
			}
			v = c.Args[n]
		default:
			var ok bool
			if v, ok = c.Kw(field); !ok {
				v = Value{Kind: Unknown} // an attribute or index: unknown
			}
		}
		if spec != "" && spec != "!s" {
			v = Value{Kind: Unknown}
		}
		if lit.Len() > 0 {
			out = append(out, Value{Kind: Str, Text: lit.String()})
			lit.Reset()
		}
		out = append(out, v)
		i += end
	}
	if lit.Len() > 0 {
		out = append(out, Value{Kind: Str, Text: lit.String()})
	}
	if len(out) > maxTemplate {
		return nil
	}
	return out
}

// templateOf returns the template of an operand of + on strings: its
// own when built at run time, the string as one literal part, or anything
// else as one hole. ok is false for a run-time string without a template.
func templateOf(v Value) ([]Value, bool) {
	switch {
	case v.Kind == Str:
		return []Value{{Kind: Str, Text: v.Text}}, true
	case v.FString:
		return v.Tmpl, v.Tmpl != nil
	}
	return []Value{v}, true
}
