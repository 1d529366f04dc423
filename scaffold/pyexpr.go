package scaffold

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"

	"github.com/retortdev/retort/revision"
)

// scope is where names are looked up: the template's variables, then the
// names its code blocks and loops bound.
type scope struct {
	vars   map[string]any
	parent *scope
}

func (s *scope) lookup(name string) (any, bool) {
	for ; s != nil; s = s.parent {
		if v, ok := s.vars[name]; ok {
			return v, true
		}
	}
	return nil, false
}

// expr is a compiled expression of the Python subset templates use:
// names, literals, attributes, calls, subscripts, "a if c else b", not,
// and, or, comparisons, in, is, + and %.
type expr func(s *scope) (any, error)

// exprParser parses one expression from Python tokens.
type exprParser struct {
	src  []byte
	toks []revision.Token
	p    int
}

// compileExpr parses src as a single Python expression.
func compileExpr(src string) (expr, error) {
	toks, _, errs := revision.Tokenize([]byte(src))
	if len(errs) > 0 {
		return nil, fmt.Errorf("%s", errs[0].Msg)
	}
	p := &exprParser{src: []byte(src), toks: toks}
	e, err := p.cond()
	if err != nil {
		return nil, err
	}
	for p.tok().Kind == revision.Newline {
		p.p++
	}
	if t := p.tok(); t.Kind != revision.EOF {
		return nil, fmt.Errorf("unexpected %q", p.text(t))
	}
	return e, nil
}

func (p *exprParser) tok() revision.Token {
	if p.p >= len(p.toks) {
		return revision.Token{Kind: revision.EOF}
	}
	return p.toks[p.p]
}

func (p *exprParser) text(t revision.Token) string { return string(p.src[t.Start:t.End]) }

func (p *exprParser) is(s string) bool {
	t := p.tok()
	return (t.Kind == revision.Op || t.Kind == revision.Name) && p.text(t) == s
}

func (p *exprParser) accept(s string) bool {
	if p.is(s) {
		p.p++
		return true
	}
	return false
}

func (p *exprParser) expect(s string) error {
	if !p.accept(s) {
		t := p.tok()
		if t.Kind == revision.EOF || t.Kind == revision.Newline {
			return fmt.Errorf("expected %q at the end", s)
		}
		return fmt.Errorf("expected %q, found %q", s, p.text(t))
	}
	return nil
}

func (p *exprParser) cond() (expr, error) {
	body, err := p.or()
	if err != nil || !p.accept("if") {
		return body, err
	}
	test, err := p.or()
	if err != nil {
		return nil, err
	}
	if err := p.expect("else"); err != nil {
		return nil, err
	}
	orElse, err := p.cond()
	if err != nil {
		return nil, err
	}
	return func(s *scope) (any, error) {
		t, err := test(s)
		if err != nil {
			return nil, err
		}
		if truth(t) {
			return body(s)
		}
		return orElse(s)
	}, nil
}

func (p *exprParser) or() (expr, error) {
	return p.logical("or", p.and, true)
}

func (p *exprParser) and() (expr, error) {
	return p.logical("and", p.not, false)
}

// logical parses a chain of "and" or "or", evaluated lazily: the result is
// the first operand that decides, as in Python.
func (p *exprParser) logical(op string, operand func() (expr, error), stopOn bool) (expr, error) {
	l, err := operand()
	if err != nil {
		return nil, err
	}
	for p.accept(op) {
		r, err := operand()
		if err != nil {
			return nil, err
		}
		left := l
		l = func(s *scope) (any, error) {
			v, err := left(s)
			if err != nil || truth(v) == stopOn {
				return v, err
			}
			return r(s)
		}
	}
	return l, nil
}

func (p *exprParser) not() (expr, error) {
	if p.accept("not") {
		x, err := p.not()
		if err != nil {
			return nil, err
		}
		return func(s *scope) (any, error) {
			v, err := x(s)
			return !truth(v), err
		}, nil
	}
	return p.comparison()
}

func (p *exprParser) comparison() (expr, error) {
	l, err := p.arith()
	if err != nil {
		return nil, err
	}
	for {
		var op string
		switch {
		case p.is("==") || p.is("!=") || p.is("in") || p.is("<") || p.is(">") || p.is("<=") || p.is(">="):
			op = p.text(p.tok())
			p.p++
		case p.is("not"):
			p.p++
			if err := p.expect("in"); err != nil {
				return nil, err
			}
			op = "not in"
		case p.is("is"):
			p.p++
			op = "is"
			if p.accept("not") {
				op = "is not"
			}
		default:
			return l, nil
		}
		r, err := p.arith()
		if err != nil {
			return nil, err
		}
		l = both(l, r, func(a, b any) (any, error) { return compare(op, a, b) })
	}
}

// both evaluates l, then r, and applies f to their values.
func both(l, r expr, f func(a, b any) (any, error)) expr {
	return func(s *scope) (any, error) {
		a, err := l(s)
		if err != nil {
			return nil, err
		}
		b, err := r(s)
		if err != nil {
			return nil, err
		}
		return f(a, b)
	}
}

func compare(op string, a, b any) (any, error) {
	switch op {
	case "==", "is":
		return equal(a, b), nil
	case "!=", "is not":
		return !equal(a, b), nil
	case "in", "not in":
		found := false
		switch c := b.(type) {
		case string:
			sub, ok := a.(string)
			if !ok {
				return nil, fmt.Errorf("'in <string>' requires string as left operand")
			}
			found = strings.Contains(c, sub)
		case tuple, list:
			for _, it := range items(c) {
				if equal(a, it) {
					found = true
				}
			}
		case dict:
			k, _ := a.(string)
			_, found = c[k]
		case nil:
			return nil, fmt.Errorf("argument of type 'NoneType' is not iterable")
		}
		return found == (op == "in"), nil
	}
	x, ok1 := a.(int)
	y, ok2 := b.(int)
	if !ok1 || !ok2 {
		return nil, fmt.Errorf("%s only compares numbers here", op)
	}
	switch op {
	case "<":
		return x < y, nil
	case ">":
		return x > y, nil
	case "<=":
		return x <= y, nil
	}
	return x >= y, nil
}

func equal(a, b any) bool {
	ra, err1 := pyRepr(a)
	rb, err2 := pyRepr(b)
	return err1 == nil && err2 == nil && ra == rb
}

func items(v any) []any {
	switch x := v.(type) {
	case tuple:
		return x
	case list:
		return x
	}
	return nil
}

func (p *exprParser) arith() (expr, error) {
	l, err := p.unary()
	if err != nil {
		return nil, err
	}
	for p.is("+") || p.is("%") {
		op := p.text(p.tok())
		p.p++
		r, err := p.unary()
		if err != nil {
			return nil, err
		}
		l = both(l, r, func(a, b any) (any, error) { return binary(op, a, b) })
	}
	return l, nil
}

func binary(op string, a, b any) (any, error) {
	if op == "%" {
		f, ok := a.(string)
		if !ok {
			return nil, fmt.Errorf("%% only formats strings here")
		}
		return percentFormat(f, b)
	}
	switch x := a.(type) {
	case string:
		if y, ok := b.(string); ok {
			return x + y, nil
		}
	case int:
		if y, ok := b.(int); ok {
			return x + y, nil
		}
	case tuple:
		if y, ok := b.(tuple); ok {
			return append(append(tuple{}, x...), y...), nil
		}
	case list:
		if y, ok := b.(list); ok {
			return append(append(list{}, x...), y...), nil
		}
	}
	return nil, fmt.Errorf("unsupported operand types for +")
}

func (p *exprParser) unary() (expr, error) {
	if p.accept("-") {
		x, err := p.unary()
		if err != nil {
			return nil, err
		}
		return func(s *scope) (any, error) {
			v, err := x(s)
			if n, ok := v.(int); ok && err == nil {
				return -n, nil
			}
			return nil, fmt.Errorf("bad operand type for unary -")
		}, nil
	}
	return p.postfix()
}

func (p *exprParser) postfix() (expr, error) {
	x, err := p.atom()
	if err != nil {
		return nil, err
	}
	for {
		switch {
		case p.accept("."):
			t := p.tok()
			if t.Kind != revision.Name {
				return nil, fmt.Errorf("expected a name after '.'")
			}
			p.p++
			name := p.text(t)
			recv := x
			x = func(s *scope) (any, error) {
				v, err := recv(s)
				if err != nil {
					return nil, err
				}
				return getattr(v, name)
			}
		case p.accept("("):
			args, kws, err := p.arguments()
			if err != nil {
				return nil, err
			}
			fn := x
			x = func(s *scope) (any, error) {
				f, err := fn(s)
				if err != nil {
					return nil, err
				}
				c, ok := f.(callable)
				if !ok {
					return nil, fmt.Errorf("object is not callable")
				}
				av := make([]any, len(args))
				for i, a := range args {
					if av[i], err = a(s); err != nil {
						return nil, err
					}
				}
				kv := map[string]any{}
				for k, a := range kws {
					if kv[k], err = a(s); err != nil {
						return nil, err
					}
				}
				return c(av, kv)
			}
		case p.accept("["):
			idx, err := p.cond()
			if err != nil {
				return nil, err
			}
			if err := p.expect("]"); err != nil {
				return nil, err
			}
			recv := x
			x = func(s *scope) (any, error) {
				v, err := recv(s)
				if err != nil {
					return nil, err
				}
				i, err := idx(s)
				if err != nil {
					return nil, err
				}
				return subscript(v, i)
			}
		default:
			return x, nil
		}
	}
}

func (p *exprParser) arguments() ([]expr, map[string]expr, error) {
	var args []expr
	kws := map[string]expr{}
	for !p.accept(")") {
		if t := p.tok(); t.Kind == revision.Name && p.p+1 < len(p.toks) && p.text(p.toks[p.p+1]) == "=" {
			p.p += 2
			v, err := p.cond()
			if err != nil {
				return nil, nil, err
			}
			kws[p.text(t)] = v
		} else {
			v, err := p.cond()
			if err != nil {
				return nil, nil, err
			}
			args = append(args, v)
		}
		if !p.accept(",") {
			if err := p.expect(")"); err != nil {
				return nil, nil, err
			}
			break
		}
	}
	return args, kws, nil
}

func subscript(v, i any) (any, error) {
	switch c := v.(type) {
	case dict:
		k, _ := i.(string)
		x, ok := c[k]
		if !ok {
			return nil, fmt.Errorf("KeyError: %q", k)
		}
		return x, nil
	case tuple, list, string:
		n, ok := i.(int)
		if !ok {
			return nil, fmt.Errorf("indices must be integers")
		}
		var seq []any
		if s, isStr := c.(string); isStr {
			for _, r := range s {
				seq = append(seq, string(r))
			}
		} else {
			seq = items(c)
		}
		if n < 0 {
			n += len(seq)
		}
		if n < 0 || n >= len(seq) {
			return nil, fmt.Errorf("index out of range")
		}
		return seq[n], nil
	}
	return nil, fmt.Errorf("object is not subscriptable")
}

func (p *exprParser) atom() (expr, error) {
	t := p.tok()
	switch t.Kind {
	case revision.Name:
		p.p++
		name := p.text(t)
		switch name {
		case "None":
			return constant(nil), nil
		case "True":
			return constant(true), nil
		case "False":
			return constant(false), nil
		}
		return func(s *scope) (any, error) {
			if v, ok := s.lookup(name); ok {
				return v, nil
			}
			if v, ok := builtins[name]; ok {
				return v, nil
			}
			return undefinedT{name}, nil
		}, nil
	case revision.Number:
		p.p++
		n, err := strconv.Atoi(strings.ReplaceAll(p.text(t), "_", ""))
		if err != nil {
			return nil, fmt.Errorf("unsupported number %s", p.text(t))
		}
		return constant(n), nil
	case revision.String:
		var b strings.Builder
		for p.tok().Kind == revision.String {
			s, ok := revision.StringValue(p.text(p.tok()))
			if !ok {
				return nil, fmt.Errorf("unsupported string %s", p.text(p.tok()))
			}
			b.WriteString(s)
			p.p++
		}
		return constant(b.String()), nil
	case revision.Op:
		switch p.text(t) {
		case "(":
			p.p++
			if p.accept(")") {
				return constant(tuple{}), nil
			}
			first, err := p.cond()
			if err != nil {
				return nil, err
			}
			if p.accept(")") {
				return first, nil
			}
			return p.sequence(first, ")", func(v []any) any { return tuple(v) })
		case "[":
			p.p++
			if p.accept("]") {
				return func(*scope) (any, error) { return list{}, nil }, nil
			}
			first, err := p.cond()
			if err != nil {
				return nil, err
			}
			if p.accept("]") {
				return func(s *scope) (any, error) {
					v, err := first(s)
					return list{v}, err
				}, nil
			}
			return p.sequence(first, "]", func(v []any) any { return list(v) })
		}
	}
	if t.Kind == revision.EOF || t.Kind == revision.Newline {
		return nil, fmt.Errorf("expression expected")
	}
	return nil, fmt.Errorf("unsupported syntax %q", p.text(t))
}

// sequence parses the rest of a tuple or list display after its first item.
func (p *exprParser) sequence(first expr, closer string, mk func([]any) any) (expr, error) {
	elts := []expr{first}
	for p.accept(",") {
		if p.accept(closer) {
			return seqExpr(elts, mk), nil
		}
		e, err := p.cond()
		if err != nil {
			return nil, err
		}
		elts = append(elts, e)
	}
	if err := p.expect(closer); err != nil {
		return nil, err
	}
	return seqExpr(elts, mk), nil
}

func seqExpr(elts []expr, mk func([]any) any) expr {
	return func(s *scope) (any, error) {
		out := make([]any, len(elts))
		for i, e := range elts {
			v, err := e(s)
			if err != nil {
				return nil, err
			}
			out[i] = v
		}
		return mk(out), nil
	}
}

func constant(v any) expr { return func(*scope) (any, error) { return v, nil } }

// builtins are the Python built-ins templates call.
var builtins = map[string]any{
	"repr": fn1(func(v any) (any, error) { return pyRepr(v) }),
	"str":  fn1(func(v any) (any, error) { return pyStr(v) }),
	"bool": fn1(func(v any) (any, error) { return truth(v), nil }),
	"len": fn1(func(v any) (any, error) {
		switch x := v.(type) {
		case string:
			return len([]rune(x)), nil
		case tuple, list:
			return len(items(x)), nil
		case dict:
			return len(x), nil
		}
		return nil, fmt.Errorf("object has no len()")
	}),
	"tuple": fn1(func(v any) (any, error) { return tuple(iterate(v)), nil }),
	"list":  fn1(func(v any) (any, error) { return list(iterate(v)), nil }),
}

func iterate(v any) []any {
	switch x := v.(type) {
	case tuple, list:
		return append([]any(nil), items(x)...)
	case string:
		var out []any
		for _, r := range x {
			out = append(out, string(r))
		}
		return out
	}
	return nil
}

func fn1(f func(any) (any, error)) callable {
	return func(args []any, _ map[string]any) (any, error) {
		if len(args) != 1 {
			return nil, fmt.Errorf("takes exactly one argument (%d given)", len(args))
		}
		return f(args[0])
	}
}

// getattr returns an attribute: an object's, a string method, a dict's get.
func getattr(v any, name string) (any, error) {
	switch x := v.(type) {
	case object:
		if a, ok := x[name]; ok {
			return a, nil
		}
	case *datetime:
		if a, ok := x.attr(name); ok {
			return a, nil
		}
	case string:
		if m, ok := strMethod(x, name); ok {
			return m, nil
		}
	case dict:
		if name == "get" {
			return callable(func(args []any, _ map[string]any) (any, error) {
				if len(args) < 1 {
					return nil, fmt.Errorf("get expected at least 1 argument")
				}
				k, _ := args[0].(string)
				if val, ok := x[k]; ok {
					return val, nil
				}
				if len(args) > 1 {
					return args[1], nil
				}
				return nil, nil
			}), nil
		}
	case undefinedT:
		return nil, fmt.Errorf("name %q is not defined", x.name)
	}
	return nil, fmt.Errorf("no attribute %q", name)
}

func strMethod(s, name string) (callable, bool) {
	str := func(args []any, i int) string {
		if i < len(args) {
			if v, ok := args[i].(string); ok {
				return v
			}
		}
		return ""
	}
	switch name {
	case "join":
		return func(args []any, _ map[string]any) (any, error) {
			if len(args) != 1 {
				return nil, fmt.Errorf("join() takes one argument")
			}
			parts := []string{}
			for _, it := range iterate(args[0]) {
				p, ok := it.(string)
				if !ok {
					return nil, fmt.Errorf("join(): expected str items")
				}
				parts = append(parts, p)
			}
			return strings.Join(parts, s), nil
		}, true
	case "lower":
		return func([]any, map[string]any) (any, error) { return strings.ToLower(s), nil }, true
	case "upper":
		return func([]any, map[string]any) (any, error) { return strings.ToUpper(s), nil }, true
	case "strip", "rstrip", "lstrip":
		return func(args []any, _ map[string]any) (any, error) {
			cut := str(args, 0)
			if len(args) == 0 || args[0] == nil {
				cut = " \t\n\r\v\f"
			}
			switch name {
			case "rstrip":
				return strings.TrimRight(s, cut), nil
			case "lstrip":
				return strings.TrimLeft(s, cut), nil
			}
			return strings.Trim(s, cut), nil
		}, true
	case "replace":
		return func(args []any, _ map[string]any) (any, error) {
			return strings.ReplaceAll(s, str(args, 0), str(args, 1)), nil
		}, true
	case "startswith":
		return func(args []any, _ map[string]any) (any, error) { return strings.HasPrefix(s, str(args, 0)), nil }, true
	case "endswith":
		return func(args []any, _ map[string]any) (any, error) { return strings.HasSuffix(s, str(args, 0)), nil }, true
	case "split":
		return func(args []any, _ map[string]any) (any, error) {
			var parts []string
			if sep := str(args, 0); sep != "" {
				parts = strings.Split(s, sep)
			} else {
				parts = strings.Fields(s)
			}
			out := list{}
			for _, p := range parts {
				out = append(out, p)
			}
			return out, nil
		}, true
	}
	return nil, false
}

// reModule is the part of Python's re that templates use (the multidb
// template splits the database names with re.split).
var reModule = object{
	"split": callable(func(args []any, _ map[string]any) (any, error) {
		re, s, err := reArgs(args)
		if err != nil {
			return nil, err
		}
		out := list{}
		for _, p := range re.Split(s, -1) {
			out = append(out, p)
		}
		return out, nil
	}),
	"sub": callable(func(args []any, _ map[string]any) (any, error) {
		if len(args) != 3 {
			return nil, fmt.Errorf("re.sub takes a pattern, a replacement and a string")
		}
		re, s, err := reArgs([]any{args[0], args[2]})
		if err != nil {
			return nil, err
		}
		repl, _ := args[1].(string)
		return re.ReplaceAllLiteralString(s, repl), nil
	}),
}

func reArgs(args []any) (*regexp.Regexp, string, error) {
	if len(args) != 2 {
		return nil, "", fmt.Errorf("expected a pattern and a string")
	}
	pat, ok1 := args[0].(string)
	s, ok2 := args[1].(string)
	if !ok1 || !ok2 {
		return nil, "", fmt.Errorf("expected a pattern and a string")
	}
	re, err := regexp.Compile(pat)
	return re, s, err
}
