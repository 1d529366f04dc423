package migration

import (
	"regexp"

	"github.com/retortdev/retort/revision"
)

// Projects that support several databases branch on the dialect:
//
//	if conn.dialect.name == "mysql":
//	    op.alter_column(...)          # never runs on PostgreSQL
//	else:
//	    ...
//
// retort checks PostgreSQL, so operations in a branch that only another
// database takes are not reported. The branches are read from the token
// stream: the parser only marks such calls as conditional.

// branch is one block around a statement: its keyword, its test, and for
// elif/else the tests of the if/elif before it.
type branch struct {
	kw    string
	test  string
	prior []string
	// guarded: an earlier "if <test true on PostgreSQL>: return" in this
	// block, so the rest of it runs on other databases only
	guarded bool
}

var (
	otherDB = regexp.MustCompile(`(?i)mysql|mariadb|sqlite|mssql|oracle|sqlserver|firebird|sybase|\bdb2\b`)
	pgDB    = regexp.MustCompile(`(?i)postgres|(^|[^a-z])pg([^a-z]|$)|psycopg`)
)

// scanBranches returns the lines of f whose statements sit in a branch
// that PostgreSQL never takes.
func scanBranches(f *revision.File) map[int]bool {
	out := map[int]bool{}
	src := f.Src
	text := func(t revision.Token) string { return string(src[t.Start:t.End]) }
	var toks []revision.Token
	for _, t := range f.Tokens() {
		if t.Kind != revision.CommentTok && t.Kind != revision.NL {
			toks = append(toks, t)
		}
	}
	var stack []branch
	chain := map[int][]string{} // if/elif tests seen at each depth
	var pending *branch
	start := true
	foreign := false
	for i := 0; i < len(toks); i++ {
		t := toks[i]
		switch t.Kind {
		case revision.Newline:
			start = true
			continue
		case revision.Indent:
			if pending != nil {
				stack = append(stack, *pending)
			} else {
				stack = append(stack, branch{})
			}
			pending = nil
			foreign = anyForeign(stack)
			start = true
			continue
		case revision.Dedent:
			if len(stack) > 0 {
				stack = stack[:len(stack)-1]
			}
			delete(chain, len(stack)+1)
			foreign = anyForeign(stack)
			start = true
			continue
		}
		if !start {
			continue
		}
		start = false
		if foreign {
			out[int(t.Line)] = true
		}
		d := len(stack)
		kw := ""
		if t.Kind == revision.Name {
			kw = text(t)
		}
		switch kw {
		case "if", "elif", "else", "for", "while", "try", "except", "finally", "with", "def", "class", "async", "match", "case":
		default:
			delete(chain, d)
			continue
		}
		// the header runs to the colon at bracket depth zero
		j, depth := i+1, 0
		for ; j < len(toks); j++ {
			k := toks[j]
			if k.Kind == revision.Newline || k.Kind == revision.EOF {
				break
			}
			if k.Kind == revision.Op {
				switch text(k) {
				case "(", "[", "{":
					depth++
				case ")", "]", "}":
					depth--
				case ":":
					if depth <= 0 && kw != "lambda" {
						goto found
					}
				}
			}
		}
		continue
	found:
		test := ""
		if j > i+1 {
			test = string(src[toks[i+1].Start:toks[j-1].End])
		}
		b := branch{kw: kw, test: test}
		switch kw {
		case "if":
			chain[d] = []string{test}
		case "elif":
			b.prior = append([]string(nil), chain[d]...)
			chain[d] = append(chain[d], test)
		case "else":
			b.prior = append([]string(nil), chain[d]...)
			delete(chain, d)
		default:
			delete(chain, d)
		}
		if kw == "if" && len(stack) > 0 && holdsOnPG(test) && returnsOnly(toks, j, text) {
			// "if dialect != 'mysql': return": the rest of the block
			// is MySQL's
			stack[len(stack)-1].guarded = true
		}
		if j+1 < len(toks) && toks[j+1].Kind != revision.Newline {
			// a one-line body: "if x: op.execute(...)"
			if foreign || isForeign(b) {
				out[int(toks[j+1].Line)] = true
			}
			i = j
			start = false
			foreign = anyForeign(stack)
			continue
		}
		pending = &b
		i = j
	}
	return out
}

// returnsOnly reports whether the suite after the colon at toks[colon] is
// a bare return (or "return None"), on the same line or as a block.
func returnsOnly(toks []revision.Token, colon int, text func(revision.Token) string) bool {
	k := colon + 1
	if k < len(toks) && toks[k].Kind == revision.Newline {
		k++
		if k >= len(toks) || toks[k].Kind != revision.Indent {
			return false
		}
		k++
	}
	if k >= len(toks) || toks[k].Kind != revision.Name || text(toks[k]) != "return" {
		return false
	}
	k++
	if k < len(toks) && toks[k].Kind == revision.Name && text(toks[k]) == "None" {
		k++
	}
	return k < len(toks) && (toks[k].Kind == revision.Newline || toks[k].Kind == revision.EOF)
}

func anyForeign(stack []branch) bool {
	for _, b := range stack {
		if b.guarded || isForeign(b) {
			return true
		}
	}
	return false
}

// isForeign reports whether a branch runs only on another database.
func isForeign(b branch) bool {
	switch b.kw {
	case "if", "elif":
		if onlyOther(b.test) {
			return true
		}
	case "else":
	default:
		return false
	}
	// elif/else run only when every earlier test failed: after a test that
	// holds on PostgreSQL, this branch is another database's
	for _, p := range b.prior {
		if holdsOnPG(p) {
			return true
		}
	}
	return false
}

// onlyOther reports whether a test fails on PostgreSQL: dialect ==
// "mysql", is_sqlite, dialect != "postgresql", url.startswith("sqlite").
func onlyOther(test string) bool { return evalOnPG(test) == tFalse }

// holdsOnPG reports whether a test holds on PostgreSQL: dialect ==
// "postgresql", dialect != "sqlite", not is_mysql, is_sqlite is False.
func holdsOnPG(test string) bool { return evalOnPG(test) == tTrue }
