package revision

import (
	"errors"
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
	sub := &parser{f: p.f, src: src, toks: toks, consts: p.consts, locals: p.locals, bound: p.bound, quiet: true, nest: p.nest + 1}
	for sub.tok().Kind == Newline || sub.tok().Kind == Indent {
		sub.p++
	}
	v := sub.expr()
	if sub.tok().Kind != Newline && sub.tok().Kind != EOF {
		return Value{Kind: Unknown}
	}
	v.moveTo(Pos{})
	return v
}

// PercentConv is one conversion of a printf-style "%" format:
// %(Key)Spec Conv, or %Spec Conv for the next positional argument.
type PercentConv struct {
	Key   string
	Keyed bool   // %(key)...: a mapping's value
	Spec  string // flags, width and precision
	Conv  byte   // the conversion character: s, r, d, ...
}

// ErrPercentFormat is a malformed "%" format: an unclosed "%(", or one
// that ends inside a conversion.
var ErrPercentFormat = errors.New("incomplete format")

// ScanPercent reads a "%" format as Python does, in order: lit gets each
// run of literal text ("%%" read as "%"), conv each conversion, and an
// error from conv stops the scan and is returned.
func ScanPercent(format string, lit func(string), conv func(PercentConv) error) error {
	var b strings.Builder
	flush := func() {
		if b.Len() > 0 {
			lit(b.String())
			b.Reset()
		}
	}
	for i := 0; i < len(format); i++ {
		if format[i] != '%' {
			b.WriteByte(format[i])
			continue
		}
		if i++; i >= len(format) {
			return ErrPercentFormat
		}
		if format[i] == '%' {
			b.WriteByte('%')
			continue
		}
		var c PercentConv
		if format[i] == '(' {
			k := strings.IndexByte(format[i:], ')')
			if k < 0 {
				return ErrPercentFormat
			}
			c.Key, c.Keyed = format[i+1:i+k], true
			i += k + 1
		}
		start := i
		for i < len(format) && strings.IndexByte("#0- +.123456789", format[i]) >= 0 {
			i++
		}
		if i >= len(format) {
			return ErrPercentFormat
		}
		c.Spec, c.Conv = format[start:i], format[i]
		flush()
		if err := conv(c); err != nil {
			return err
		}
	}
	flush()
	return nil
}

// percentTemplate is the template of format % args: nil when it cannot
// be read.
func percentTemplate(format string, args Value) []Value {
	var items []Value
	var named map[string]Value
	switch args.Kind {
	case Tuple:
		items = args.Items()
	case Dict:
		named = map[string]Value{}
		for i, k := range args.Keys() {
			if k.Kind == Str {
				named[k.Text] = args.Items()[i]
			}
		}
	default:
		items = []Value{args}
	}
	var out []Value
	next := 0
	err := ScanPercent(format, func(s string) {
		out = append(out, Value{Kind: Str, Text: s})
	}, func(c PercentConv) error {
		var v Value
		switch {
		case c.Keyed && named == nil:
			return ErrPercentFormat
		case c.Keyed:
			v = named[c.Key]
		case next < len(items):
			v = items[next]
			next++
		default:
			return ErrPercentFormat
		}
		switch c.Conv {
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
		out = append(out, v)
		return nil
	})
	if err != nil || len(out) > maxTemplate {
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
		return v.Tmpl(), v.Tmpl() != nil
	}
	return []Value{v}, true
}
