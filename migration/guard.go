package migration

import (
	"regexp"
	"strings"

	"github.com/retortdev/retort/revision"
)

// A dialect guard is read as a small boolean expression and evaluated
// for PostgreSQL in three-valued logic: true, false, or unknown (a test
// that is not about the database). The atoms are
//
//	X == "sqlite", X != "postgresql", X in ("mysql", "sqlite"), "pg" in url
//	url.startswith("sqlite"), isinstance(d, SQLiteDialect)
//	is_sqlite, context.is_postgresql(), using_mysql
//
// combined with not, and, or, "is True/False" and "== True/False". No
// list of spellings: any combination of these evaluates.

type tri uint8

const (
	tUnknown tri = iota
	tTrue
	tFalse
)

func (t tri) not() tri {
	switch t {
	case tTrue:
		return tFalse
	case tFalse:
		return tTrue
	}
	return tUnknown
}

func (t tri) and(u tri) tri {
	switch {
	case t == tFalse || u == tFalse:
		return tFalse
	case t == tTrue && u == tTrue:
		return tTrue
	}
	return tUnknown
}

func (t tri) or(u tri) tri { return t.not().and(u.not()).not() }

// onPG classifies a database name: true for PostgreSQL, false for another
// database, unknown for anything else.
func onPG(s string) tri {
	pg, other := pgDB.MatchString(s), otherDB.MatchString(s)
	switch {
	case pg && !other:
		return tTrue
	case other && !pg:
		return tFalse
	}
	return tUnknown
}

// negatedName matches a flag whose name denies the database: not_sqlite,
// non_mysql, no_sqlite.
var negatedName = regexp.MustCompile(`(?i)(^|[^a-z])(not|non|no)_?(postgres|pg|mysql|mariadb|sqlite|mssql|oracle)`)

// gval is an operand of a guard: a string, a list of strings, a truth
// value, or an expression (its source text) that may name a database.
type gval struct {
	strs   []string // a string literal (one) or a tuple/list of them
	isStr  bool
	truth  tri
	isBool bool // True/False literal, or a comparison's result
	text   string
}

func (v gval) bool() tri {
	switch {
	case v.isBool:
		return v.truth
	case v.isStr:
		return tUnknown
	case v.text != "":
		t := onPG(v.text)
		if negatedName.MatchString(v.text) {
			t = t.not()
		}
		return t
	}
	return tUnknown
}

// anyPG evaluates "X in strs" on PostgreSQL.
func anyPG(strs []string) tri {
	out := tFalse
	for _, s := range strs {
		switch onPG(s) {
		case tTrue:
			return tTrue
		case tUnknown:
			out = tUnknown
		}
	}
	return out
}

type guardParser struct {
	toks []string
	i    int
}

// evalOnPG evaluates a test's truth on PostgreSQL.
func evalOnPG(test string) tri {
	if !otherDB.MatchString(test) && !pgDB.MatchString(test) {
		return tUnknown
	}
	// the test is read with the tokenizer its revision was read with
	var toks []string
	all, _, _ := revision.Tokenize([]byte(test))
	for _, t := range all {
		switch t.Kind {
		case revision.Newline, revision.Indent, revision.Dedent, revision.EOF:
		default:
			toks = append(toks, test[t.Start:t.End])
		}
	}
	p := &guardParser{toks: toks}
	v := p.or()
	if p.i < len(p.toks) {
		return tUnknown // something not modelled: a walrus, a lambda
	}
	return v.bool()
}

func (p *guardParser) peek() string {
	if p.i < len(p.toks) {
		return p.toks[p.i]
	}
	return ""
}

func (p *guardParser) accept(s string) bool {
	if p.peek() == s {
		p.i++
		return true
	}
	return false
}

func boolv(t tri) gval { return gval{truth: t, isBool: true} }

func (p *guardParser) or() gval {
	v := p.and()
	for p.accept("or") {
		v = boolv(v.bool().or(p.and().bool()))
	}
	return v
}

func (p *guardParser) and() gval {
	v := p.not()
	for p.accept("and") {
		v = boolv(v.bool().and(p.not().bool()))
	}
	return v
}

func (p *guardParser) not() gval {
	if p.accept("not") {
		return boolv(p.not().bool().not())
	}
	return p.comparison()
}

func (p *guardParser) comparison() gval {
	v := p.operand()
	for {
		op := p.peek()
		switch op {
		case "==", "!=", "in", "is", "not", "<", ">", "<=", ">=":
		default:
			return v
		}
		p.i++
		neg := op == "!="
		if op == "not" {
			if !p.accept("in") {
				return gval{}
			}
			op, neg = "in", true
		}
		if op == "is" && p.accept("not") {
			neg = true
		}
		w := p.operand()
		var t tri
		switch op {
		case "==", "!=", "is":
			t = equal(v, w)
		case "in":
			switch {
			case v.isStr && len(v.strs) == 1: // "sqlite" in url
				t = onPG(v.strs[0])
			case w.isStr:
				t = anyPG(w.strs)
			}
		}
		if neg {
			t = t.not()
		}
		v = boolv(t)
	}
}

// equal evaluates v == w on PostgreSQL.
func equal(v, w gval) tri {
	if v.isStr && len(v.strs) == 1 {
		v, w = w, v
	}
	switch {
	case w.isStr && len(w.strs) == 1:
		return onPG(w.strs[0])
	case w.isBool && w.truth != tUnknown:
		t := v.bool()
		if w.truth == tFalse {
			t = t.not()
		}
		return t
	case v.isBool && v.truth != tUnknown:
		return equal(w, v)
	}
	return tUnknown
}

// operand reads a literal, a parenthesized test, a tuple or list, or a
// dotted name with calls and subscripts.
func (p *guardParser) operand() gval {
	t := p.peek()
	switch {
	case t == "":
		return gval{}
	case t == "(" || t == "[":
		p.i++
		closer := map[string]string{"(": ")", "[": "]"}[t]
		var items []gval
		for p.peek() != closer && p.peek() != "" {
			items = append(items, p.or())
			if !p.accept(",") {
				break
			}
		}
		p.accept(closer)
		if len(items) == 1 && t == "(" {
			return items[0]
		}
		out := gval{isStr: true}
		for _, it := range items {
			if !it.isStr {
				return gval{}
			}
			out.strs = append(out.strs, it.strs...)
		}
		return out
	case t == "True" || t == "False":
		p.i++
		return boolv(map[bool]tri{true: tTrue, false: tFalse}[t == "True"])
	case t[0] == '"' || t[0] == '\'' || len(t) > 1 && (t[1] == '"' || t[1] == '\'' || len(t) > 2 && (t[2] == '"' || t[2] == '\'')):
		p.i++
		s := strings.TrimLeft(t, "rRbBuU")
		for p.peek() != "" && (p.peek()[0] == '"' || p.peek()[0] == '\'') { // "a" "b"
			s = s[:len(s)-1] + p.peek()[1:]
			p.i++
		}
		return gval{isStr: true, strs: []string{s[1 : len(s)-1]}}
	}
	if !isIdent(t) {
		p.i++
		return gval{}
	}
	p.i++
	v := gval{text: t}
	for {
		switch {
		case p.accept("("):
			var args []gval
			for p.peek() != ")" && p.peek() != "" {
				args = append(args, p.or())
				if !p.accept(",") {
					break
				}
			}
			p.accept(")")
			v = call(v.text, args)
		case p.peek() == "." && p.i+1 < len(p.toks) && isIdent(p.toks[p.i+1]):
			// an attribute of a call's result: op.get_bind().dialect.name
			v = gval{text: v.text + "." + p.toks[p.i+1]}
			p.i += 2
		case p.accept("["):
			for p.peek() != "]" && p.peek() != "" {
				p.i++
			}
			p.accept("]")
			v = gval{text: v.text}
		default:
			return v
		}
	}
}

func isIdent(s string) bool {
	c := s[0]
	return c == '_' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z'
}

// call evaluates a call in a guard: url.startswith("sqlite"),
// isinstance(d, SQLiteDialect), is_sqlite(bind). Other calls keep their
// name, which may name a database.
func call(name string, args []gval) gval {
	method := name
	if i := strings.LastIndexByte(name, '.'); i >= 0 {
		method = strings.TrimSpace(name[i+1:])
	}
	switch method {
	case "startswith", "endswith", "__contains__":
		if len(args) > 0 && args[0].isStr {
			return boolv(anyPG(args[0].strs))
		}
		return gval{}
	case "isinstance", "issubclass":
		if len(args) == 2 {
			if args[1].isStr {
				return gval{}
			}
			return boolv(onPG(args[1].text))
		}
		return gval{}
	case "lower", "upper", "strip", "str", "get_backend_name", "get_driver_name":
		if len(args) == 1 {
			return gval{text: args[0].text, strs: args[0].strs, isStr: args[0].isStr}
		}
	}
	return gval{text: name}
}
