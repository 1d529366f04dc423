package scaffold

import (
	"fmt"
	"html"
	"net/url"
	"regexp"
	"strings"
)

// Template is a parsed Mako template, of the subset that script.py.mako
// files use: ${expression} with filters (${x | comma,n}), control lines
// (% if / elif / else / endif, % for / endfor), ## comments, <%! %> and
// <% %> blocks of imports and assignments, <%doc> and <%text>, and
// backslash line continuations. Anything else is an error naming the line,
// never a silently different file.
type Template struct {
	name  string
	nodes []node
}

type node interface{}

type (
	textNode string
	exprNode struct {
		e       expr
		filters []string
		line    int
	}
	codeNode struct {
		assign []assignment
		line   int
	}
	ifNode struct {
		conds  []expr
		bodies [][]node // len(conds), plus one for else
		line   int
	}
	forNode struct {
		names []string
		iter  expr
		body  []node
		line  int
	}
)

type assignment struct {
	name string
	e    expr // nil for an import: the name is bound to the module
}

// TemplateError is a template that retort cannot render, at its line.
type TemplateError struct {
	Name string
	Line int
	Msg  string
}

func (e *TemplateError) Error() string { return fmt.Sprintf("%s:%d: %s", e.Name, e.Line, e.Msg) }

type block struct {
	kind  string // "if", "for", "" for the top level
	nodes *[]node
	ifN   *ifNode
	forN  *forNode
}

// ParseTemplate parses a Mako template.
func ParseTemplate(name string, src []byte) (*Template, error) {
	s := strings.ReplaceAll(string(src), "\r\n", "\n")
	t := &Template{name: name}
	stack := []*block{{nodes: &t.nodes}}
	line := 1
	fail := func(l int, format string, args ...any) error {
		return &TemplateError{Name: name, Line: l, Msg: fmt.Sprintf(format, args...)}
	}
	var text strings.Builder
	emit := func(n node) {
		top := stack[len(stack)-1]
		if text.Len() > 0 {
			*top.nodes = append(*top.nodes, textNode(text.String()))
			text.Reset()
		}
		if n != nil {
			*top.nodes = append(*top.nodes, n)
		}
	}
	atLineStart := true
	for i := 0; i < len(s); {
		if atLineStart {
			atLineStart = false
			end := strings.IndexByte(s[i:], '\n')
			lineEnd, next := len(s), len(s)
			if end >= 0 {
				lineEnd, next = i+end, i+end+1
			}
			trimmed := strings.TrimLeft(s[i:lineEnd], " \t")
			switch {
			case strings.HasPrefix(trimmed, "##"):
				i, line, atLineStart = next, line+1, true
				continue
			case strings.HasPrefix(trimmed, "%%"):
				text.WriteString(s[i:lineEnd-len(trimmed)] + "%")
				i = lineEnd - len(trimmed) + 2
				continue
			case strings.HasPrefix(trimmed, "%"):
				emit(nil)
				var err error
				if stack, err = control(stack, strings.TrimSpace(trimmed[1:]), line); err != nil {
					return nil, fail(line, "%v", err)
				}
				i, line, atLineStart = next, line+1, true
				continue
			}
		}
		c := s[i]
		switch {
		case c == '\n':
			text.WriteByte(c)
			i, line, atLineStart = i+1, line+1, true
		case c == '\\' && strings.HasPrefix(s[i:], "\\\n"):
			i, line = i+2, line+1
		case strings.HasPrefix(s[i:], "${"):
			end, err := exprEnd(s, i+2)
			if err != nil {
				return nil, fail(line, "%v", err)
			}
			n, err := parseExprNode(s[i+2:end], line)
			if err != nil {
				return nil, fail(line, "${%s}: %v", strings.TrimSpace(s[i+2:end]), err)
			}
			emit(n)
			line += strings.Count(s[i:end], "\n")
			i = end + 1
		case strings.HasPrefix(s[i:], "<%doc>"):
			end := strings.Index(s[i:], "</%doc>")
			if end < 0 {
				return nil, fail(line, "<%%doc> without </%%doc>")
			}
			line += strings.Count(s[i:i+end], "\n")
			i += end + len("</%doc>")
		case strings.HasPrefix(s[i:], "<%text>"):
			end := strings.Index(s[i:], "</%text>")
			if end < 0 {
				return nil, fail(line, "<%%text> without </%%text>")
			}
			text.WriteString(s[i+len("<%text>") : i+end])
			line += strings.Count(s[i:i+end], "\n")
			i += end + len("</%text>")
		case strings.HasPrefix(s[i:], "<%!") || strings.HasPrefix(s[i:], "<%") && i+2 < len(s) && strings.ContainsRune(" \t\n", rune(s[i+2])):
			start := i + 2
			if s[start] == '!' {
				start++
			}
			end := strings.Index(s[start:], "%>")
			if end < 0 {
				return nil, fail(line, "<%% without %%>")
			}
			code := s[start : start+end]
			n, err := parseCode(code, line)
			if err != nil {
				return nil, fail(line, "%v", err)
			}
			emit(n)
			line += strings.Count(code, "\n")
			i = start + end + 2
		case strings.HasPrefix(s[i:], "<%") || strings.HasPrefix(s[i:], "</%"):
			tag := s[i:]
			if j := strings.IndexAny(tag, " \t\n>"); j > 0 {
				tag = tag[:j]
			}
			return nil, fail(line, "the Mako tag %s is not supported by retort; run \"alembic merge\" instead", tag)
		default:
			text.WriteByte(c)
			i++
		}
	}
	emit(nil)
	if len(stack) > 1 {
		top := stack[len(stack)-1]
		l := 0
		if top.ifN != nil {
			l = top.ifN.line
		} else if top.forN != nil {
			l = top.forN.line
		}
		return nil, fail(l, "%% %s without %% end%s", top.kind, top.kind)
	}
	return t, nil
}

// exprEnd returns the index of the brace closing ${ at start, skipping
// strings and nested brackets.
func exprEnd(s string, start int) (int, error) {
	depth := 0
	for i := start; i < len(s); i++ {
		switch c := s[i]; c {
		case '\'', '"':
			q := string(c)
			if strings.HasPrefix(s[i:], strings.Repeat(q, 3)) {
				q = strings.Repeat(q, 3)
			}
			j := i + len(q)
			for j < len(s) && !strings.HasPrefix(s[j:], q) {
				if s[j] == '\\' {
					j++
				}
				j++
			}
			if j >= len(s) {
				return 0, fmt.Errorf("unterminated string in ${...}")
			}
			i = j + len(q) - 1
		case '{', '(', '[':
			depth++
		case ')', ']':
			depth--
		case '}':
			if depth == 0 {
				return i, nil
			}
			depth--
		}
	}
	return 0, fmt.Errorf("${ without a closing }")
}

var filtersRE = regexp.MustCompile(`^\s*[A-Za-z_][\w.]*(\s*,\s*[A-Za-z_][\w.]*)*\s*$`)

// parseExprNode splits "expr | f1, f2" and compiles the expression.
func parseExprNode(src string, line int) (*exprNode, error) {
	n := &exprNode{line: line}
	if i := strings.LastIndexByte(src, '|'); i >= 0 && filtersRE.MatchString(src[i+1:]) {
		for _, f := range strings.Split(src[i+1:], ",") {
			n.filters = append(n.filters, strings.TrimSpace(f))
		}
		src = src[:i]
	}
	e, err := compileExpr(strings.TrimSpace(src))
	if err != nil {
		return nil, err
	}
	n.e = e
	return n, nil
}

var (
	importRE = regexp.MustCompile(`^import\s+([\w.]+)(?:\s+as\s+(\w+))?$`)
	fromRE   = regexp.MustCompile(`^from\s+[\w.]+\s+import\s+(.+)$`)
	assignRE = regexp.MustCompile(`^([A-Za-z_]\w*)\s*=([^=].*)$`)
)

// parseCode reads the statements of a <% %> or <%! %> block: imports and
// assignments to a name.
func parseCode(code string, line int) (*codeNode, error) {
	n := &codeNode{line: line}
	for _, l := range strings.Split(code, "\n") {
		l = strings.TrimSpace(l)
		if l == "" || strings.HasPrefix(l, "#") {
			continue
		}
		if m := importRE.FindStringSubmatch(l); m != nil {
			name := m[2]
			if name == "" {
				name = strings.Split(m[1], ".")[0]
			}
			n.assign = append(n.assign, assignment{name: name})
			continue
		}
		if m := fromRE.FindStringSubmatch(l); m != nil {
			for _, imp := range strings.Split(strings.Trim(m[1], "()"), ",") {
				f := strings.Fields(imp)
				if len(f) > 0 {
					n.assign = append(n.assign, assignment{name: f[len(f)-1]})
				}
			}
			continue
		}
		if m := assignRE.FindStringSubmatch(l); m != nil {
			e, err := compileExpr(strings.TrimSpace(m[2]))
			if err != nil {
				return nil, fmt.Errorf("%s: %v", l, err)
			}
			n.assign = append(n.assign, assignment{name: m[1], e: e})
			continue
		}
		return nil, fmt.Errorf("the statement %q is not supported by retort; run \"alembic merge\" instead", l)
	}
	return n, nil
}

var forRE = regexp.MustCompile(`^for\s+(.+?)\s+in\s+(.+):$`)

// control applies one control line to the block stack.
func control(stack []*block, c string, line int) ([]*block, error) {
	kw := c
	if i := strings.IndexAny(c, " \t:("); i >= 0 {
		kw = c[:i]
	}
	top := stack[len(stack)-1]
	condOf := func() (expr, error) {
		rest := strings.TrimSpace(strings.TrimPrefix(c, kw))
		if !strings.HasSuffix(rest, ":") {
			return nil, fmt.Errorf("%% %s needs a colon at the end", kw)
		}
		return compileExpr(strings.TrimSpace(strings.TrimSuffix(rest, ":")))
	}
	switch kw {
	case "if":
		e, err := condOf()
		if err != nil {
			return nil, err
		}
		n := &ifNode{conds: []expr{e}, bodies: [][]node{nil}, line: line}
		*top.nodes = append(*top.nodes, n)
		return append(stack, &block{kind: "if", nodes: &n.bodies[0], ifN: n}), nil
	case "elif", "else":
		if top.kind != "if" || len(top.ifN.bodies) > len(top.ifN.conds) {
			return nil, fmt.Errorf("%% %s without %% if", kw)
		}
		n := top.ifN
		if kw == "elif" {
			e, err := condOf()
			if err != nil {
				return nil, err
			}
			n.conds = append(n.conds, e)
		}
		n.bodies = append(n.bodies, nil)
		top.nodes = &n.bodies[len(n.bodies)-1]
		return stack, nil
	case "endif", "endfor":
		if top.kind != strings.TrimPrefix(kw, "end") {
			return nil, fmt.Errorf("%% %s without %% %s", kw, strings.TrimPrefix(kw, "end"))
		}
		return stack[:len(stack)-1], nil
	case "for":
		m := forRE.FindStringSubmatch(c)
		if m == nil {
			return nil, fmt.Errorf("cannot read %% %s", c)
		}
		e, err := compileExpr(m[2])
		if err != nil {
			return nil, err
		}
		n := &forNode{iter: e, line: line}
		for _, name := range strings.Split(strings.Trim(m[1], "()"), ",") {
			n.names = append(n.names, strings.TrimSpace(name))
		}
		*top.nodes = append(*top.nodes, n)
		return append(stack, &block{kind: "for", nodes: &n.body, forN: n}), nil
	}
	return nil, fmt.Errorf("the control line %% %s is not supported by retort; run \"alembic merge\" instead", kw)
}

// Render renders the template with vars, as Mako's render_unicode would.
func (t *Template) Render(vars map[string]any) (string, error) {
	var b strings.Builder
	s := &scope{vars: map[string]any{}, parent: &scope{vars: vars}}
	ctx := object{"get": callable(func(args []any, _ map[string]any) (any, error) {
		if len(args) < 1 {
			return nil, fmt.Errorf("context.get expected at least 1 argument")
		}
		k, _ := args[0].(string)
		if v, ok := s.lookup(k); ok {
			return v, nil
		}
		if len(args) > 1 {
			return args[1], nil
		}
		return nil, nil
	})}
	s.vars["context"] = ctx
	if err := t.render(&b, t.nodes, s); err != nil {
		return "", err
	}
	return b.String(), nil
}

func (t *Template) render(b *strings.Builder, nodes []node, s *scope) error {
	for _, n := range nodes {
		switch n := n.(type) {
		case textNode:
			b.WriteString(string(n))
		case *exprNode:
			out, err := applyFilters(n, s)
			if err != nil {
				return &TemplateError{Name: t.name, Line: n.line, Msg: err.Error()}
			}
			b.WriteString(out)
		case *codeNode:
			for _, a := range n.assign {
				if a.e == nil {
					if a.name == "re" {
						s.vars[a.name] = reModule
					} else {
						s.vars[a.name] = undefinedT{a.name}
					}
					continue
				}
				v, err := a.e(s)
				if err != nil {
					return &TemplateError{Name: t.name, Line: n.line, Msg: err.Error()}
				}
				s.vars[a.name] = v
			}
		case *ifNode:
			chosen := -1
			for i, c := range n.conds {
				v, err := c(s)
				if err != nil {
					return &TemplateError{Name: t.name, Line: n.line, Msg: err.Error()}
				}
				if truth(v) {
					chosen = i
					break
				}
			}
			if chosen < 0 && len(n.bodies) > len(n.conds) {
				chosen = len(n.conds)
			}
			if chosen >= 0 {
				if err := t.render(b, n.bodies[chosen], s); err != nil {
					return err
				}
			}
		case *forNode:
			v, err := n.iter(s)
			if err != nil {
				return &TemplateError{Name: t.name, Line: n.line, Msg: err.Error()}
			}
			if _, ok := v.(undefinedT); ok || v == nil {
				return &TemplateError{Name: t.name, Line: n.line, Msg: "% for over a value that is not iterable"}
			}
			for _, it := range iterate(v) {
				if len(n.names) == 1 {
					s.vars[n.names[0]] = it
				} else {
					parts := iterate(it)
					if len(parts) != len(n.names) {
						return &TemplateError{Name: t.name, Line: n.line, Msg: "cannot unpack the loop value"}
					}
					for i, name := range n.names {
						s.vars[name] = parts[i]
					}
				}
				if err := t.render(b, n.body, s); err != nil {
					return err
				}
			}
		}
	}
	return nil
}

// applyFilters evaluates an expression and applies Mako's default filter
// (str) unless "n" is given, then the named filters in order.
func applyFilters(n *exprNode, s *scope) (string, error) {
	v, err := n.e(s)
	if err != nil {
		return "", err
	}
	useDefault := true
	for _, f := range n.filters {
		if f == "n" {
			useDefault = false
		}
	}
	if useDefault {
		if v, err = pyStr(v); err != nil {
			return "", err
		}
	}
	for _, f := range n.filters {
		switch f {
		case "n":
		case "str", "unicode":
			v, err = pyStr(v)
		case "trim":
			var str string
			str, err = pyStr(v)
			v = strings.TrimSpace(str)
		case "h", "x":
			var str string
			str, err = pyStr(v)
			v = html.EscapeString(str)
		case "u":
			var str string
			str, err = pyStr(v)
			v = url.QueryEscape(str)
		default:
			fv, ok := s.lookup(f)
			c, isFn := fv.(callable)
			if !ok || !isFn {
				return "", fmt.Errorf("unknown filter %q", f)
			}
			v, err = c([]any{v}, nil)
		}
		if err != nil {
			return "", err
		}
	}
	return pyStr(v)
}
