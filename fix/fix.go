// Package fix rewrites revision files mechanically for the findings that
// have one safe shape, keeping everything else of the file (formatting,
// comments, quotes) as it was:
//
//   - create-index-non-concurrently, drop-index-non-concurrently and
//     concurrently-in-transaction: postgresql_concurrently=True inside
//     "with op.get_context().autocommit_block():";
//   - constraint-without-not-valid: postgresql_not_valid=True, then the
//     VALIDATE CONSTRAINT in its own autocommit block;
//   - not-null-without-default: the column is added nullable, with a
//     "# TODO backfill" line naming the alter_column(nullable=False) that
//     is left to do.
package fix

import (
	"bytes"
	"fmt"
	"regexp"
	"sort"
	"strings"

	"github.com/retortdev/retort/lint"
	"github.com/retortdev/retort/revision"
)

// Rules are the rule ids that fix knows how to fix.
var Rules = map[string]bool{
	"create-index-non-concurrently": true,
	"drop-index-non-concurrently":   true,
	"concurrently-in-transaction":   true,
	"constraint-without-not-valid":  true,
	"not-null-without-default":      true,
}

// Change is one finding, fixed or not.
type Change struct {
	Rule string
	Line int    // of the finding, in the original file
	What string // what was done, or why nothing was
	// Todo is what the user still has to do ("" when nothing).
	Todo  string
	Fixed bool
}

// Result is a file after its fixes.
type Result struct {
	Src     []byte
	Fixed   []Change
	Skipped []Change
}

type edit struct {
	at, end int // replace src[at:end]
	text    string
}

// File fixes the findings of d that belong to f. Findings of other
// files, or of rules fix does not know, are ignored.
func File(f *revision.File, diags []lint.Diagnostic) *Result {
	r := &Result{Src: f.Src}
	if len(f.Errors) > 0 {
		return r
	}
	fx := &fixer{f: f, toks: f.Tokens(), done: map[*revision.Call]bool{}}
	var edits []edit
	for _, d := range diags {
		if d.Path != f.Path || !Rules[d.Rule] {
			continue
		}
		c := fx.callAt(d)
		if c == nil {
			r.Skipped = append(r.Skipped, Change{Rule: d.Rule, Line: d.Line, What: "not an op.* call retort can rewrite (literal SQL, or an operation nested in another expression)"})
			continue
		}
		if fx.done[c] {
			continue
		}
		es, ch, err := fx.fix(d.Rule, c)
		ch.Rule, ch.Line = d.Rule, d.Line
		if err != nil {
			ch.What = err.Error()
			r.Skipped = append(r.Skipped, ch)
			continue
		}
		fx.done[c] = true
		ch.Fixed = true
		edits = append(edits, es...)
		r.Fixed = append(r.Fixed, ch)
	}
	if bytes.Contains(f.Src, []byte("\r\n")) { // keep the file's line breaks
		for i := range edits {
			edits[i].text = strings.ReplaceAll(edits[i].text, "\n", "\r\n")
		}
	}
	r.Src = apply(f.Src, edits)
	return r
}

// Changes returns the fixed and skipped findings in line order.
func (r *Result) Changes() []Change {
	all := append(append([]Change(nil), r.Fixed...), r.Skipped...)
	sort.SliceStable(all, func(i, j int) bool { return all[i].Line < all[j].Line })
	return all
}

// apply applies non-overlapping edits; insertions at the same offset keep
// their order.
func apply(src []byte, edits []edit) []byte {
	if len(edits) == 0 {
		return src
	}
	sort.SliceStable(edits, func(i, j int) bool { return edits[i].at < edits[j].at })
	var b strings.Builder
	last := 0
	for _, e := range edits {
		if e.at < last {
			continue // overlapping: the first wins
		}
		b.Write(src[last:e.at])
		b.WriteString(e.text)
		last = e.end
	}
	b.Write(src[last:])
	return []byte(b.String())
}

type fixer struct {
	f    *revision.File
	toks []revision.Token
	done map[*revision.Call]bool
}

// callAt finds the statement-level op call a finding is about: the
// outermost call of a function whose lines hold the finding.
func (x *fixer) callAt(d lint.Diagnostic) *revision.Call {
	var best *revision.Call
	for _, fn := range x.f.Funcs {
		for _, c := range fn.Calls {
			if d.Line < c.Line || d.Line > c.EndLine || d.Line == c.Line && d.Column < c.Col {
				continue
			}
			if best == nil || c.Line > best.Line || c.Line == best.Line && c.Col > best.Col {
				best = c
			}
		}
	}
	if best != nil {
		return best
	}
	// literal SQL written elsewhere (a module-level constant): the call
	// that executes it
	for _, fn := range x.f.Funcs {
		for _, c := range fn.Calls {
			if c.Name != "op.execute" {
				continue
			}
			v, _ := c.Arg(0, "sqltext")
			if v.Kind == revision.CallV && len(v.Call.Args) == 1 {
				v = v.Call.Args[0]
			}
			if parts := v.Parts(); v.IsStr() && len(parts) > 0 && d.Line >= parts[0].Line && d.Line <= parts[0].Line+strings.Count(v.Text, "\n") {
				return c
			}
		}
	}
	return nil
}

// span is where a statement-level call lies in the source.
type span struct {
	start, end        int // offsets of the call's first token and after its ")"
	lineStart         int // offset of the first line's start
	lineEnd           int // offset after the last line's line break
	indent            string
	openIdx, closeIdx int // token indexes of "(" and ")"
}

func (x *fixer) span(c *revision.Call) (*span, error) {
	first := -1
	for i, t := range x.toks {
		if int(t.Line) == c.Line && int(t.Col) == c.Col {
			first = i
			break
		}
	}
	if first < 0 {
		return nil, fmt.Errorf("cannot find the call in the source")
	}
	src := x.f.Src
	s := &span{start: int(x.toks[first].Start), openIdx: -1}
	depth := 0
	for i := first; i < len(x.toks); i++ {
		t := x.toks[i]
		if t.Kind != revision.Op {
			continue
		}
		switch string(src[t.Start:t.End]) {
		case "(", "[", "{":
			if depth == 0 && s.openIdx < 0 {
				s.openIdx = i
			}
			depth++
		case ")", "]", "}":
			depth--
			if depth == 0 && s.openIdx >= 0 {
				s.closeIdx, s.end = i, int(t.End)
				i = len(x.toks)
			}
		}
	}
	if s.openIdx < 0 || s.end == 0 {
		return nil, fmt.Errorf("cannot find the end of the call")
	}
	s.lineStart = lineStart(src, s.start)
	s.indent = string(src[s.lineStart:s.start])
	if strings.Trim(s.indent, " \t") != "" {
		return nil, fmt.Errorf("the call is part of a larger statement; rewrite it by hand")
	}
	rest := s.end
	for rest < len(src) && (src[rest] == ' ' || src[rest] == '\t') {
		rest++
	}
	if rest < len(src) && src[rest] != '#' && src[rest] != '\n' && src[rest] != '\r' {
		return nil, fmt.Errorf("the call is part of a larger statement; rewrite it by hand")
	}
	s.lineEnd = len(src)
	if i := strings.IndexByte(string(src[s.end:]), '\n'); i >= 0 {
		s.lineEnd = s.end + i + 1
	}
	return s, nil
}

func lineStart(src []byte, off int) int {
	for off > 0 && src[off-1] != '\n' {
		off--
	}
	return off
}

// unit is the file's indentation step: a tab when the statement is
// indented with tabs, else four spaces.
func unit(indent string) string {
	if strings.Contains(indent, "\t") {
		return "\t"
	}
	return "    "
}

// addKwarg returns the edit adding "name=value" as the call's last
// argument, on a line of its own when the arguments are one per line.
func (x *fixer) addKwarg(s *span, kw string, extraIndent string) edit {
	src := x.f.Src
	closeTok := x.toks[s.closeIdx]
	prev := x.toks[s.closeIdx-1]
	prevText := string(src[prev.Start:prev.End])
	switch {
	case s.closeIdx-1 == s.openIdx:
		return edit{at: int(closeTok.Start), end: int(closeTok.Start), text: kw}
	case prev.Line != closeTok.Line:
		// exploded call: one argument per line, indented like the first
		// (the line of the last may start inside a multi-line string)
		open, arg := x.toks[s.openIdx], x.toks[s.openIdx+1]
		ind := strings.Repeat(" ", int(arg.Col)-1)
		if arg.Line != open.Line {
			ind = leadingSpace(src[lineStart(src, int(arg.Start)):])
		}
		if prevText == "," {
			return edit{at: int(prev.End), end: int(prev.End), text: "\n" + extraIndent + ind + kw + ","}
		}
		return edit{at: int(prev.End), end: int(prev.End), text: ",\n" + extraIndent + ind + kw}
	case prevText == ",":
		return edit{at: int(prev.End), end: int(prev.End), text: " " + kw}
	}
	return edit{at: int(prev.End), end: int(prev.End), text: ", " + kw}
}

func leadingSpace(b []byte) string {
	n := 0
	for n < len(b) && (b[n] == ' ' || b[n] == '\t') {
		n++
	}
	return string(b[:n])
}

// indentLines returns insertions that indent every line of the span by
// u, except lines that begin inside a multi-line string (their text is
// the string's value).
func (x *fixer) indentLines(s *span, u string) []edit {
	src := x.f.Src
	var out []edit
	for off := s.lineStart; off < s.lineEnd; {
		if !x.inString(off) {
			out = append(out, edit{at: off, end: off, text: u})
		}
		i := strings.IndexByte(string(src[off:s.lineEnd]), '\n')
		if i < 0 {
			break
		}
		off += i + 1
	}
	return out
}

func (x *fixer) inString(off int) bool {
	for _, t := range x.toks {
		if t.Kind == revision.String && int(t.Start) < off && off < int(t.End) {
			return true
		}
	}
	return false
}

func inAutocommit(c *revision.Call) bool {
	for _, w := range c.With {
		if w.Expr.Kind == revision.CallV && w.Expr.Call.Method() == "autocommit_block" {
			return true
		}
	}
	return false
}

func (x *fixer) fix(rule string, c *revision.Call) ([]edit, Change, error) {
	var ch Change
	if c.Cond {
		return nil, ch, fmt.Errorf("the call sits under if/for/try; rewrite it by hand")
	}
	s, err := x.span(c)
	if err != nil {
		return nil, ch, err
	}
	switch rule {
	case "create-index-non-concurrently", "drop-index-non-concurrently", "concurrently-in-transaction":
		return x.concurrently(c, s)
	case "constraint-without-not-valid":
		return x.notValid(c, s)
	}
	return x.nullable(c, s)
}

// concurrently: postgresql_concurrently=True inside an autocommit block.
func (x *fixer) concurrently(c *revision.Call, s *span) ([]edit, Change, error) {
	ch := Change{}
	wrap := !inAutocommit(c)
	u := unit(s.indent)
	var edits []edit
	if c.Name == "op.execute" {
		e, err := x.sqlConcurrently(c)
		if err != nil {
			return nil, ch, err
		}
		edits = append(edits, e)
		ch.What = "CONCURRENTLY in the SQL"
		if wrap {
			edits = append(edits, edit{at: s.lineStart, end: s.lineStart, text: s.indent + "with op.get_context().autocommit_block():\n"})
			edits = append(edits, x.indentLines(s, u)...)
			ch.What += ", inside op.get_context().autocommit_block()"
		}
		return edits, ch, nil
	}
	if c.Receiver() != "op" || (c.Method() != "create_index" && c.Method() != "drop_index") {
		return nil, ch, fmt.Errorf("%s is not op.create_index or op.drop_index", c.Name)
	}
	if v, ok := c.Kw("postgresql_concurrently"); !ok {
		extra := ""
		if wrap {
			extra = u
		}
		edits = append(edits, x.addKwarg(s, "postgresql_concurrently=True", extra))
	} else if v.Kind != revision.Bool || !v.Bool {
		return nil, ch, fmt.Errorf("postgresql_concurrently is given but not True; rewrite it by hand")
	}
	if wrap {
		edits = append(edits, edit{at: s.lineStart, end: s.lineStart, text: s.indent + "with op.get_context().autocommit_block():\n"})
		edits = append(edits, x.indentLines(s, u)...)
	}
	ch.What = fmt.Sprintf("%s(..., postgresql_concurrently=True) inside op.get_context().autocommit_block()", c.Name)
	return edits, ch, nil
}

var sqlIndexRE = regexp.MustCompile(`(?i)\b(CREATE\s+(UNIQUE\s+)?INDEX|DROP\s+INDEX)\b`)

// sqlConcurrently inserts CONCURRENTLY after CREATE INDEX or DROP INDEX
// in the literal SQL of an op.execute, where the string is written (a
// module-level constant included).
func (x *fixer) sqlConcurrently(c *revision.Call) (edit, error) {
	v, _ := c.Arg(0, "sqltext")
	if v.Kind == revision.CallV && v.Call.Method() == "text" && len(v.Call.Args) == 1 {
		v = v.Call.Args[0]
	}
	if !v.IsStr() || v.FString {
		return edit{}, fmt.Errorf("the SQL is not a string literal")
	}
	if strings.Contains(strings.Trim(strings.TrimSpace(v.Text), ";"), ";") {
		return edit{}, fmt.Errorf("the SQL holds several statements; CONCURRENTLY needs one of its own")
	}
	m := sqlIndexRE.FindStringIndex(v.Text)
	if m == nil || strings.Contains(strings.ToUpper(v.Text), "CONCURRENTLY") {
		return edit{}, fmt.Errorf("cannot find CREATE INDEX or DROP INDEX in the SQL")
	}
	pos := v.Pos
	for _, p := range v.Parts() {
		if p.Offset <= m[0] {
			pos = p.Pos
		}
	}
	from := offsetOf(x.f.Src, pos)
	var loc []int
	if from >= 0 { // a value without a position (line 0) has no offset
		loc = sqlIndexRE.FindIndex(x.f.Src[from:])
	}
	if loc == nil {
		return edit{}, fmt.Errorf("cannot find the SQL in the source")
	}
	at := from + loc[1]
	return edit{at: at, end: at, text: " CONCURRENTLY"}, nil
}

// offsetOf turns a 1-based line and byte column into an offset.
func offsetOf(src []byte, p revision.Pos) int {
	line, off := 1, 0
	for off < len(src) && line < p.Line {
		if src[off] == '\n' {
			line++
		}
		off++
	}
	return min(off+p.Col-1, len(src))
}

// notValid: postgresql_not_valid=True, then VALIDATE CONSTRAINT in its own
// autocommit block right after.
func (x *fixer) notValid(c *revision.Call, s *span) ([]edit, Change, error) {
	ch := Change{}
	var table, schema revision.Value
	var hasSchema bool
	switch c.Name {
	case "op.create_foreign_key":
		table, _ = c.Arg(1, "source_table")
		schema, hasSchema = c.Kw("source_schema")
	case "op.create_check_constraint":
		table, _ = c.Arg(1, "table_name")
		schema, hasSchema = c.Kw("schema")
	default:
		return nil, ch, fmt.Errorf("%s is not op.create_foreign_key or op.create_check_constraint", c.Name)
	}
	name, _ := c.Arg(0, "constraint_name")
	if name.Kind == revision.CallV && name.Call.Method() == "f" && len(name.Call.Args) == 1 {
		name = name.Call.Args[0] // op.f("fk_...")
	}
	if !name.IsStr() || name.FString || !table.IsStr() || table.FString {
		return nil, ch, fmt.Errorf("the constraint or table name is not a string literal, so the VALIDATE cannot be written")
	}
	if _, ok := c.Kw("postgresql_not_valid"); ok {
		return nil, ch, fmt.Errorf("postgresql_not_valid is given but not True; rewrite it by hand")
	}
	target := quoteIdent(table.Text)
	if hasSchema {
		if !schema.IsStr() {
			return nil, ch, fmt.Errorf("the schema is not a string literal, so the VALIDATE cannot be written")
		}
		target = quoteIdent(schema.Text) + "." + target
	}
	sql := fmt.Sprintf("ALTER TABLE %s VALIDATE CONSTRAINT %s", target, quoteIdent(name.Text))
	u := unit(s.indent)
	edits := []edit{x.addKwarg(s, "postgresql_not_valid=True", "")}
	block := s.indent + "with op.get_context().autocommit_block():\n" + s.indent + u + "op.execute(" + pyQuote(sql) + ")\n"
	if !strings.HasSuffix(string(x.f.Src[:s.lineEnd]), "\n") {
		block = "\n" + block
	}
	edits = append(edits, edit{at: s.lineEnd, end: s.lineEnd, text: block})
	ch.What = fmt.Sprintf("%s(..., postgresql_not_valid=True), then %s in its own autocommit block", c.Name, sql)
	return edits, ch, nil
}

// nullable: nullable=False becomes nullable=True, and a TODO line says
// what is left: backfill, then set NOT NULL.
func (x *fixer) nullable(c *revision.Call, s *span) ([]edit, Change, error) {
	ch := Change{}
	if c.Method() != "add_column" {
		return nil, ch, fmt.Errorf("%s is not add_column", c.Name)
	}
	var col *revision.Call
	for _, a := range c.Args {
		if a.Kind == revision.CallV && a.Call.Method() == "Column" {
			col = a.Call
		}
	}
	if col == nil {
		return nil, ch, fmt.Errorf("the column is not an sa.Column(...) written in the call")
	}
	nv, ok := col.Kw("nullable")
	if !ok || nv.Kind != revision.Bool || nv.Bool {
		return nil, ch, fmt.Errorf("the column is NOT NULL without nullable=False (a primary key?); rewrite it by hand")
	}
	colName, _ := col.Arg(0, "name")
	table := x.tableOf(c)
	if !colName.IsStr() || table == "" {
		return nil, ch, fmt.Errorf("the table or column name is not a string literal")
	}
	var at revision.Token
	found := false
	for _, t := range x.toks {
		if int(t.Line) == nv.Line && int(t.Col) == nv.Col {
			at, found = t, true
			break
		}
	}
	if !found || string(x.f.Src[at.Start:at.End]) != "False" {
		return nil, ch, fmt.Errorf("cannot find nullable=False in the source")
	}
	todo := fmt.Sprintf("backfill %s.%s, then set it NOT NULL in a later revision: op.alter_column(%s, %s, nullable=False)",
		table, colName.Text, pyQuote(table), pyQuote(colName.Text))
	line := s.indent + "# TODO " + todo + "\n"
	if !strings.HasSuffix(string(x.f.Src[:s.lineEnd]), "\n") {
		line = "\n" + line
	}
	edits := []edit{
		{at: int(at.Start), end: int(at.End), text: "True"},
		{at: s.lineEnd, end: s.lineEnd, text: line},
	}
	ch.What = fmt.Sprintf("column %q of %q added nullable", colName.Text, table)
	ch.Todo = todo
	return edits, ch, nil
}

// tableOf returns the table an add_column call adds to: its first
// argument, or the table of the batch_alter_table block it runs in.
func (x *fixer) tableOf(c *revision.Call) string {
	if c.Receiver() == "op" {
		if t, ok := c.Arg(0, "table_name"); ok && t.IsStr() && !t.FString {
			return t.Text
		}
		return ""
	}
	for _, w := range c.With {
		if w.As == c.Receiver() && w.Expr.Kind == revision.CallV && w.Expr.Call.Method() == "batch_alter_table" {
			if t, ok := w.Expr.Call.Arg(0, "table_name"); ok && t.IsStr() && !t.FString {
				return t.Text
			}
		}
	}
	return ""
}

var plainIdent = regexp.MustCompile(`^[a-z_][a-z0-9_]*$`)

// quoteIdent quotes a name for PostgreSQL as SQLAlchemy would write it:
// bare when lowercase and plain, in double quotes otherwise.
func quoteIdent(s string) string {
	if plainIdent.MatchString(s) && !reserved[s] {
		return s
	}
	return `"` + strings.ReplaceAll(s, `"`, `""`) + `"`
}

var reserved = map[string]bool{"all": true, "analyse": true, "analyze": true, "and": true, "any": true, "array": true, "as": true, "asc": true,
	"check": true, "column": true, "constraint": true, "create": true, "default": true, "desc": true, "distinct": true, "do": true,
	"else": true, "end": true, "foreign": true, "from": true, "grant": true, "group": true, "having": true, "in": true, "index": true,
	"key": true, "limit": true, "not": true, "null": true, "offset": true, "on": true, "or": true, "order": true, "primary": true,
	"references": true, "select": true, "table": true, "then": true, "to": true, "union": true, "unique": true, "user": true,
	"using": true, "when": true, "where": true, "with": true}

// pyQuote writes s as a Python string literal, double-quoted unless s
// holds double quotes.
func pyQuote(s string) string {
	q := `"`
	if strings.Contains(s, `"`) {
		q = `'`
	}
	r := strings.NewReplacer(`\`, `\\`, q, `\`+q, "\n", `\n`)
	return q + r.Replace(s) + q
}
