package migration

import (
	"errors"
	"strings"

	pg "github.com/pganalyze/pg_query_go/v5"
	pgparser "github.com/pganalyze/pg_query_go/v5/parser"

	"github.com/retortdev/retort/revision"
)

// This file turns literal SQL passed to op.execute(...), conn.execute(...)
// and sa.text(...) into operations. Each string is parsed once with pg_query,
// when the file's operations are read; strings known only at run time
// (f-strings, % and .format) are skipped.

// sqlArg returns the literal SQL an execute call runs.
func sqlArg(c *revision.Call) (revision.Value, bool, bool) {
	v, ok := c.Arg(0, "")
	if !ok {
		if v, ok = c.Kw("sqltext"); !ok {
			if v, ok = c.Kw("statement"); !ok {
				return revision.Value{}, false, false
			}
		}
	}
	return sqlValue(v, c.Method() == "execute")
}

// sqlValue unwraps sa.text("..."), text("...").bindparams(...),
// sa.DDL("...") down to the string.
func sqlValue(v revision.Value, binds bool) (revision.Value, bool, bool) {
	for depth := 0; depth < 4; depth++ {
		switch v.Kind {
		case revision.Str:
			return v, binds, true
		case revision.Unknown:
			if v.FString && v.Tmpl() != nil {
				return v, binds, true // evaluated by expand
			}
			return v, false, false
		case revision.CallV:
			c := v.Call
			if v.FString && v.Tmpl() != nil {
				return v, binds, true // "...".format(...)
			}
			switch c.Method() {
			case "text", "DDL":
				a, ok := c.Arg(0, "text")
				if !ok {
					a, ok = c.Kw("statement")
				}
				if !ok {
					return v, false, false
				}
				v, binds = a, c.Method() == "text"
				continue
			case "bindparams", "execution_options", "columns", "execute_if", "strip", "lstrip", "rstrip":
				// white space around SQL changes nothing
				if c.Recv != nil {
					v = *c.Recv
					continue
				}
			case "dedent", "cleandoc":
				if len(c.Args) == 1 {
					v = c.Args[0]
					continue
				}
			}
		}
		return v, false, false
	}
	return v, false, false
}

// placeholders replaces bind parameters (:name, %(name)s, %s) with
// same-length PostgreSQL parameters, so that offsets still map to the
// source and pg_query accepts the statement.
func placeholders(s string, colon bool) string {
	if !strings.ContainsAny(s, ":%") {
		return s
	}
	b := []byte(s)
	word := func(c byte) bool {
		return c == '_' || c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z'
	}
	fill := func(i, j int) { // b[i:j] becomes $1 and spaces
		b[i] = '$'
		b[i+1] = '1'
		for k := i + 2; k < j; k++ {
			b[k] = ' '
		}
	}
	for i := 0; i < len(b); i++ {
		switch b[i] {
		case '\\':
			// text() unescapes "\\:" to a colon: \\:\\:int becomes ::  int
			j := i
			for colon && j+1 < len(b) && b[j] == '\\' && b[j+1] == ':' {
				j += 2
			}
			if n := (j - i) / 2; n > 0 {
				for k := i; k < j; k++ {
					b[k] = ' '
					if k < i+n {
						b[k] = ':'
					}
				}
				i = j - 1
			}
		case ':':
			if !colon || i+1 >= len(b) || !word(b[i+1]) || (i > 0 && (b[i-1] == ':' || b[i-1] == '\\' || word(b[i-1]))) {
				continue
			}
			j := i + 1
			for j < len(b) && word(b[j]) {
				j++
			}
			if j < len(b) && b[j] == ':' {
				continue
			}
			if j-i < 2 {
				continue
			}
			fill(i, j)
			i = j - 1
		case '%':
			if i+1 < len(b) && b[i+1] == 's' {
				fill(i, i+2)
				i++
			} else if i+1 < len(b) && b[i+1] == '(' {
				j := strings.IndexByte(s[i:], ')')
				if j > 0 && i+j+1 < len(b) && b[i+j+1] == 's' {
					fill(i, i+j+2)
					i += j + 1
				}
			}
		}
	}
	return string(b)
}

// hole stands for a part of a SQL string that is only known at run time:
// an identifier, so that the skeleton parses wherever a name, a value or
// an expression goes. Names that are holes read as unknown ("").
const hole = "__retort_hole__"

// maxExpand bounds the strings one template gives (loop variables over
// literal lists multiply).
const maxExpand = 16

// expand evaluates a string template: every combination of the values of
// its loop variables, with holes for the unknown parts. A variable used
// twice takes the same value in both places ("{t}" and "{t}_pkey" name
// one table).
func expand(tmpl []revision.Value) (texts []string, holes bool) {
	type loopVar struct {
		name string
		pos  revision.Pos
	}
	// the distinct loop variables, each with its values, as long as their
	// combinations stay within maxExpand
	index := map[loopVar]int{}
	var values [][]string
	combos := 1
	for _, part := range tmpl {
		if !part.Alts {
			continue
		}
		k := loopVar{part.Name(), part.Pos}
		if _, seen := index[k]; seen {
			continue
		}
		alts, _ := part.Strings()
		if len(alts) == 0 || combos*len(alts) > maxExpand {
			index[k] = -1
			continue
		}
		index[k] = len(values)
		values = append(values, alts)
		combos *= len(alts)
	}
	choice := make([]int, len(values))
	for {
		var t strings.Builder
		for _, part := range tmpl {
			switch {
			case part.Kind == revision.Str || part.Kind == revision.Num:
				t.WriteString(part.Text)
			case part.Alts && index[loopVar{part.Name(), part.Pos}] >= 0:
				i := index[loopVar{part.Name(), part.Pos}]
				t.WriteString(values[i][choice[i]])
			default:
				t.WriteString(hole)
				holes = true
			}
		}
		texts = append(texts, t.String())
		// the next combination, like an odometer
		i := 0
		for ; i < len(choice); i++ {
			if choice[i]++; choice[i] < len(values[i]) {
				break
			}
			choice[i] = 0
		}
		if i == len(choice) {
			return texts, holes
		}
	}
}

// sql parses one SQL string, or each string a template gives, and adds
// what its statements do.
func (b *builder) sql(v revision.Value, binds, inTx, cond bool) {
	if v.Kind != revision.Str {
		texts, holes := expand(v.Tmpl())
		if len(texts) > 1 {
			cond = true // the statements of a loop: a syntax error may be one dialect's
		}
		for _, t := range texts {
			b.sqlText(revision.Value{Kind: revision.Str, Text: t, Pos: v.Pos}, binds, inTx, cond, holes)
		}
		return
	}
	b.sqlText(v, binds, inTx, cond, false)
}

// sqlText parses one SQL string. In a skeleton (holes stand for unknown
// parts) a syntax error may be the hole's: it is not reported.
func (b *builder) sqlText(v revision.Value, binds, inTx, cond, skeleton bool) {
	b.skeleton = skeleton
	defer func() { b.skeleton = false }()
	text := placeholders(v.Text, binds)
	if strings.TrimSpace(text) == "" {
		return
	}
	res, err := parseSQL(text)
	if err != nil {
		// parse each statement alone: report the bad ones where they
		// start and still check the good ones
		for _, st := range splitSQL(text) {
			r, err := parseSQL(text[st[0]:st[1]])
			if err != nil {
				if cond || skeleton {
					continue // likely another dialect's branch, or the hole's
				}
				b.add(&SyntaxError{Base: Base{Pos: v.PosAt(skipSpace(text, st[0])), SQL: true, Cond: cond}, Message: pgMessage(err)})
				continue
			}
			b.stmts(r, text, st[0], v, inTx, cond, len(r.Stmts) > 1)
		}
		return
	}
	b.stmts(res, text, 0, v, inTx, cond, len(res.Stmts) > 1)
}

func pgMessage(err error) string {
	var pe *pgparser.Error
	if errors.As(err, &pe) {
		return pe.Message
	}
	return err.Error()
}

// skipSpace returns the offset of the first character at or after off
// that is not white space or a comment.
func skipSpace(s string, off int) int {
	for off < len(s) {
		switch {
		case s[off] == ' ' || s[off] == '\t' || s[off] == '\n' || s[off] == '\r' || s[off] == '\f':
			off++
		case strings.HasPrefix(s[off:], "--"):
			j := strings.IndexByte(s[off:], '\n')
			if j < 0 {
				return len(s)
			}
			off += j + 1
		case strings.HasPrefix(s[off:], "/*"):
			j := strings.Index(s[off+2:], "*/")
			if j < 0 {
				return len(s)
			}
			off += j + 4
		default:
			return off
		}
	}
	return off
}

// splitSQL returns the [start, end) ranges of the statements of s,
// split at semicolons outside quotes, dollar quotes and comments.
func splitSQL(s string) [][2]int {
	var out [][2]int
	start := 0
	flush := func(end int) {
		if strings.TrimSpace(s[start:end]) != "" && skipSpace(s, start) < end {
			out = append(out, [2]int{start, end})
		}
		start = end + 1
	}
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c == '\'' || c == '"':
			j := i + 1
			for j < len(s) {
				if s[j] == c {
					if j+1 < len(s) && s[j+1] == c {
						j += 2
						continue
					}
					break
				}
				j++
			}
			i = j
		case c == '-' && strings.HasPrefix(s[i:], "--"):
			j := strings.IndexByte(s[i:], '\n')
			if j < 0 {
				i = len(s)
			} else {
				i += j
			}
		case c == '/' && strings.HasPrefix(s[i:], "/*"):
			j := strings.Index(s[i+2:], "*/")
			if j < 0 {
				i = len(s)
			} else {
				i += j + 3
			}
		case c == '$':
			j := i + 1
			for j < len(s) && (s[j] == '_' || s[j] >= 'a' && s[j] <= 'z' || s[j] >= 'A' && s[j] <= 'Z' || s[j] >= '0' && s[j] <= '9' && j > i+1) {
				j++
			}
			if j < len(s) && s[j] == '$' {
				tag := s[i : j+1]
				k := strings.Index(s[j+1:], tag)
				if k < 0 {
					i = len(s)
				} else {
					i = j + 1 + k + len(tag) - 1
				}
			}
		case c == ';':
			flush(i)
		}
	}
	if start < len(s) {
		flush(len(s))
	}
	return out
}

// stmts adds the operations of parsed statements; base is the offset of
// the parsed text within the Python string v.
func (b *builder) stmts(res *pg.ParseResult, text string, base int, v revision.Value, inTx, cond, multi bool) {
	for _, raw := range res.Stmts {
		start := skipSpace(text, base+int(raw.StmtLocation))
		at := Base{Pos: v.PosAt(start), SQL: true, InTx: b.inTx && inTx, Multi: multi, Cond: cond}
		posOf := func(loc int32) revision.Pos {
			if loc <= 0 {
				return at.Pos
			}
			return v.PosAt(base + int(loc))
		}
		if at.InTx && len(b.enumVals) > 0 && raw.Stmt.GetAlterEnumStmt() == nil {
			// a value added by ALTER TYPE ... ADD VALUE in this transaction
			end := len(text)
			if raw.StmtLen > 0 && base+int(raw.StmtLocation+raw.StmtLen) <= len(text) {
				end = base + int(raw.StmtLocation+raw.StmtLen)
			}
			for _, val := range b.enumVals {
				if strings.Contains(text[start:max(start, end)], "'"+strings.ReplaceAll(val, "'", "''")+"'") {
					b.add(&UseNewEnumValue{Base: at, Value: val})
				}
			}
		}
		b.stmt(raw.Stmt, at, posOf)
	}
}

func rel(r *pg.RangeVar) string {
	if r == nil {
		return ""
	}
	return r.Relname
}

func (b *builder) stmt(n *pg.Node, at Base, posOf func(int32) revision.Pos) {
	on := func(table string) Base {
		a := at
		a.Table = table
		return a
	}
	switch s := n.Node.(type) {
	case *pg.Node_TransactionStmt:
		switch s.TransactionStmt.Kind {
		case pg.TransactionStmtKind_TRANS_STMT_COMMIT, pg.TransactionStmtKind_TRANS_STMT_ROLLBACK:
			// the old "COMMIT first" idiom: what follows runs outside
			// Alembic's transaction
			b.inTx = false
			b.enumVals = nil
		case pg.TransactionStmtKind_TRANS_STMT_BEGIN, pg.TransactionStmtKind_TRANS_STMT_START:
			b.inTx = true
		}
	case *pg.Node_ViewStmt:
		b.add(&CreateView{Base: on(rel(s.ViewStmt.View))})
	case *pg.Node_CreateStmt:
		a := &CreateTable{Base: on(rel(s.CreateStmt.Relation))}
		a.Data = temporary(s.CreateStmt.Relation)
		for _, e := range s.CreateStmt.TableElts {
			if cd := e.GetColumnDef(); cd != nil {
				if a.cols == nil {
					a.cols = map[string]Type{}
				}
				a.cols[strings.ToLower(cd.Colname)] = pgType(cd.TypeName)
			}
		}
		b.add(a)
	case *pg.Node_CreateTableAsStmt:
		if into := s.CreateTableAsStmt.Into; into != nil {
			b.createAs(on(rel(into.Rel)), into.Rel)
		}
	case *pg.Node_SelectStmt:
		if into := s.SelectStmt.IntoClause; into != nil {
			b.createAs(on(rel(into.Rel)), into.Rel)
		}
	case *pg.Node_TruncateStmt:
		for _, r := range s.TruncateStmt.Relations {
			if rv := r.GetRangeVar(); rv != nil {
				a := &OtherDDL{Base: on(rv.Relname), Truncate: true}
				a.Data = true
				b.add(a)
			}
		}
	case *pg.Node_IndexStmt:
		ix := s.IndexStmt
		b.add(&CreateIndex{Base: on(rel(ix.Relation)), Name: ix.Idxname, Unique: ix.Unique, Concurrently: ix.Concurrent})
	case *pg.Node_DropStmt:
		d := s.DropStmt
		switch d.RemoveType {
		case pg.ObjectType_OBJECT_TABLE:
			for _, o := range d.Objects {
				b.add(&DropTable{Base: on(lastName(o))})
			}
		case pg.ObjectType_OBJECT_INDEX:
			for _, o := range d.Objects {
				b.add(&DropIndex{Base: at, Name: lastName(o), Concurrently: d.Concurrent})
			}
		}
	case *pg.Node_RenameStmt:
		r := s.RenameStmt
		switch r.RenameType {
		case pg.ObjectType_OBJECT_COLUMN:
			if r.RelationType == pg.ObjectType_OBJECT_TABLE {
				b.add(&RenameColumn{Base: on(rel(r.Relation)), Column: r.Subname, NewName: r.Newname})
			}
		case pg.ObjectType_OBJECT_TABLE:
			b.add(&RenameTable{Base: on(rel(r.Relation)), NewName: r.Newname})
		}
	case *pg.Node_UpdateStmt:
		u := s.UpdateStmt
		b.update(on(rel(u.Relation)), u.WhereClause, false)
	case *pg.Node_DeleteStmt:
		d := s.DeleteStmt
		b.update(on(rel(d.Relation)), d.WhereClause, true)
	case *pg.Node_LockStmt:
		for _, r := range s.LockStmt.Relations {
			if rv, ok := r.Node.(*pg.Node_RangeVar); ok {
				b.add(&Lock{Base: on(rv.RangeVar.Relname)})
			}
		}
	case *pg.Node_VacuumStmt:
		v := s.VacuumStmt
		full := false
		for _, o := range v.Options {
			if d, ok := o.Node.(*pg.Node_DefElem); ok && d.DefElem.Defname == "full" {
				full = defTrue(d.DefElem)
			}
		}
		table := ""
		if len(v.Rels) > 0 {
			if vr, ok := v.Rels[0].Node.(*pg.Node_VacuumRelation); ok {
				table = rel(vr.VacuumRelation.Relation)
			}
		}
		if full {
			b.add(&VacuumFull{Base: on(table)})
		}
		if v.IsVacuumcmd {
			b.add(&NoTransaction{Base: on(table), Statement: "VACUUM"})
		}
	case *pg.Node_ReindexStmt:
		for _, p := range s.ReindexStmt.Params {
			if d, ok := p.Node.(*pg.Node_DefElem); ok && d.DefElem.Defname == "concurrently" && defTrue(d.DefElem) {
				b.add(&NoTransaction{Base: on(rel(s.ReindexStmt.Relation)), Statement: "REINDEX CONCURRENTLY"})
			}
		}
	case *pg.Node_AlterEnumStmt:
		if s.AlterEnumStmt.OldVal == "" {
			b.add(&AddEnumValue{Base: at})
			if at.InTx {
				b.enumVals = append(b.enumVals, s.AlterEnumStmt.NewVal)
			}
		}
	case *pg.Node_CreatedbStmt:
		b.add(&NoTransaction{Base: at, Statement: "CREATE DATABASE"})
	case *pg.Node_DropdbStmt:
		b.add(&NoTransaction{Base: at, Statement: "DROP DATABASE"})
	case *pg.Node_AlterSystemStmt:
		b.add(&NoTransaction{Base: at, Statement: "ALTER SYSTEM"})
	case *pg.Node_AlterTableStmt:
		n := len(b.out)
		b.alterTable(s.AlterTableStmt, at, posOf)
		if len(b.out) == n && !onlyValidate(s.AlterTableStmt) {
			a := &OtherDDL{Base: on(rel(s.AlterTableStmt.Relation))}
			a.Data = onlyTriggers(s.AlterTableStmt)
			b.add(a)
		}
	case *pg.Node_InsertStmt, *pg.Node_VariableSetStmt,
		*pg.Node_NotifyStmt, *pg.Node_RefreshMatViewStmt, *pg.Node_ExplainStmt, *pg.Node_CopyStmt,
		*pg.Node_CallStmt, *pg.Node_CheckPointStmt, *pg.Node_DiscardStmt, *pg.Node_ClusterStmt:
		// data and session statements: no schema change
	default:
		b.add(&OtherDDL{Base: at})
	}
}

// createAs adds CREATE TABLE AS and SELECT INTO.
func (b *builder) createAs(base Base, into *pg.RangeVar) {
	a := &CreateTable{Base: base}
	a.Data = temporary(into)
	b.add(a)
}

// update adds an UPDATE or a DELETE with its WHERE clause.
func (b *builder) update(base Base, where *pg.Node, del bool) {
	a := &Update{Base: base, Delete: del, Loop: b.loop}
	a.All = b.matchesAll(where, a.Table)
	a.WhereAll = a.All && where != nil
	a.Batched = bounded(where)
	b.add(a)
}

// onlyValidate reports whether an ALTER TABLE only validates constraints.
func onlyValidate(s *pg.AlterTableStmt) bool {
	for _, cn := range s.Cmds {
		if c := cn.GetAlterTableCmd(); c == nil || c.Subtype != pg.AlterTableType_AT_ValidateConstraint {
			return false
		}
	}
	return true
}

// onlyTriggers reports whether an ALTER TABLE only switches triggers off
// or on, as data migrations do around a backfill.
func onlyTriggers(s *pg.AlterTableStmt) bool {
	for _, cn := range s.Cmds {
		c := cn.GetAlterTableCmd()
		if c == nil {
			return false
		}
		switch c.Subtype {
		case pg.AlterTableType_AT_EnableTrig, pg.AlterTableType_AT_EnableAlwaysTrig, pg.AlterTableType_AT_EnableReplicaTrig,
			pg.AlterTableType_AT_DisableTrig, pg.AlterTableType_AT_EnableTrigAll, pg.AlterTableType_AT_DisableTrigAll,
			pg.AlterTableType_AT_EnableTrigUser, pg.AlterTableType_AT_DisableTrigUser:
		default:
			return false
		}
	}
	return true
}

// temporary reports whether a created relation is a temporary table.
func temporary(r *pg.RangeVar) bool { return r != nil && r.Relpersistence == "t" }

func defTrue(d *pg.DefElem) bool {
	if d.Arg == nil {
		return true
	}
	switch a := d.Arg.Node.(type) {
	case *pg.Node_Integer:
		return a.Integer.Ival != 0
	case *pg.Node_Boolean:
		return a.Boolean.Boolval
	case *pg.Node_String_:
		v := strings.ToLower(a.String_.Sval)
		return v != "false" && v != "off" && v != "0"
	}
	return true
}

// lastName returns the last component of a qualified name list.
func lastName(n *pg.Node) string {
	if l, ok := n.Node.(*pg.Node_List); ok && len(l.List.Items) > 0 {
		if s, ok := l.List.Items[len(l.List.Items)-1].Node.(*pg.Node_String_); ok {
			return s.String_.Sval
		}
	}
	return ""
}

func (b *builder) alterTable(s *pg.AlterTableStmt, at Base, posOf func(int32) revision.Pos) {
	if s.Objtype != pg.ObjectType_OBJECT_TABLE {
		return
	}
	table := rel(s.Relation)
	at.Table = table
	for _, cn := range s.Cmds {
		c := cn.GetAlterTableCmd()
		if c == nil {
			continue
		}
		switch c.Subtype {
		case pg.AlterTableType_AT_AddColumn:
			cd := c.Def.GetColumnDef()
			if cd == nil {
				continue
			}
			b.sqlAddColumn(at, cd, posOf)
		case pg.AlterTableType_AT_SetNotNull:
			b.add(&SetNotNull{Base: at, Column: c.Name})
		case pg.AlterTableType_AT_AlterColumnType:
			a := &AlterColumnType{Base: at, Column: c.Name}
			if cd := c.Def.GetColumnDef(); cd != nil {
				a.New = pgType(cd.TypeName)
				a.Using = cd.RawDefault != nil
				a.UsingType, a.UsingPlain = usingCast(cd.RawDefault, c.Name)
			}
			b.add(a)
		case pg.AlterTableType_AT_AddConstraint:
			con := c.Def.GetConstraint()
			if con == nil {
				continue
			}
			a := &AddConstraint{Base: at, Name: con.Conname}
			if con.Contype == pg.ConstrType_CONSTR_PRIMARY {
				a.Name = constraintName(con, table, "")
			}
			a.NotValid = con.SkipValidation
			a.UsingIndex = con.Indexname != ""
			if con.Location > 0 {
				a.Pos = posOf(con.Location)
			}
			switch con.Contype {
			case pg.ConstrType_CONSTR_FOREIGN:
				a.Kind = ForeignKey
			case pg.ConstrType_CONSTR_CHECK:
				a.Kind = Check
				a.NotNullCol = notNullExpr(con.RawExpr)
			case pg.ConstrType_CONSTR_UNIQUE:
				a.Kind = Unique
			case pg.ConstrType_CONSTR_PRIMARY:
				a.Kind = PrimaryKey
			case pg.ConstrType_CONSTR_EXCLUSION:
				a.Kind = Exclusion
			default:
				continue
			}
			b.add(a)
		case pg.AlterTableType_AT_ValidateConstraint:
			b.add(&ValidateConstraint{Base: at, Name: c.Name})
		case pg.AlterTableType_AT_DropColumn:
			b.add(&DropColumn{Base: at, Column: c.Name})
		case pg.AlterTableType_AT_DetachPartition:
			if pc := c.Def.GetPartitionCmd(); pc != nil && pc.Concurrent {
				b.add(&NoTransaction{Base: at, Statement: "DETACH PARTITION CONCURRENTLY"})
			}
		}
	}
}

// sqlAddColumn adds ALTER TABLE ... ADD COLUMN and the constraints that
// come with the column.
func (b *builder) sqlAddColumn(at Base, cd *pg.ColumnDef, posOf func(int32) revision.Pos) {
	table := at.Table
	a := &AddColumn{Base: at, Column: cd.Colname}
	a.Pos = posOf(cd.Location)
	a.Type = pgType(cd.TypeName)
	a.NotNull = cd.IsNotNull
	if cd.RawDefault != nil {
		a.HasDefault = true
		a.Volatile = volatileExpr(cd.RawDefault)
	}
	if tn := cd.TypeName; tn != nil && len(tn.Names) > 0 {
		switch t := strings.ToLower(lastName(&pg.Node{Node: &pg.Node_List{List: &pg.List{Items: tn.Names}}})); t {
		case "serial", "bigserial", "smallserial", "serial2", "serial4", "serial8":
			a.HasDefault, a.Volatile = true, "a "+t+" column"
		}
	}
	// the constraints share the column's position, but for a foreign key
	// or check, which has its own
	con := func(kind ConstraintKind, name string) *AddConstraint {
		return &AddConstraint{Base: a.Base, Kind: kind, Name: name}
	}
	var extra []Op
	for _, k := range cd.Constraints {
		switch c := k.GetConstraint(); c.GetContype() { // none for a nil c
		case pg.ConstrType_CONSTR_NOTNULL:
			a.NotNull = true
		case pg.ConstrType_CONSTR_PRIMARY:
			a.NotNull = true
			extra = append(extra, con(PrimaryKey, constraintName(c, table, "")))
		case pg.ConstrType_CONSTR_DEFAULT:
			if c.RawExpr != nil && !isNullConst(c.RawExpr) {
				a.HasDefault = true
				if vol := volatileExpr(c.RawExpr); vol != "" {
					a.Volatile = vol
				}
			}
		case pg.ConstrType_CONSTR_IDENTITY:
			a.HasDefault, a.Volatile = true, "an identity column"
		case pg.ConstrType_CONSTR_GENERATED:
			a.HasDefault, a.Volatile = true, "a stored generated column"
		case pg.ConstrType_CONSTR_UNIQUE:
			extra = append(extra, con(Unique, constraintName(c, table, cd.Colname)))
		case pg.ConstrType_CONSTR_FOREIGN, pg.ConstrType_CONSTR_CHECK:
			kind := ForeignKey
			if c.Contype == pg.ConstrType_CONSTR_CHECK {
				kind = Check
			}
			x := con(kind, cd.Colname)
			x.NotValid = c.SkipValidation
			x.Pos = posOf(c.Location)
			extra = append(extra, x)
		}
	}
	b.add(a)
	for _, x := range extra {
		b.add(x)
	}
}

// constraintName is the name PostgreSQL gives a constraint: its own, or
// for an unnamed primary key <table>_pkey and for an unnamed unique
// column <table>_<column>_key.
func constraintName(con *pg.Constraint, table, col string) string {
	switch {
	case con.Conname != "":
		return con.Conname
	case table == "":
		return ""
	case con.Contype == pg.ConstrType_CONSTR_PRIMARY:
		return table + "_pkey"
	case col != "":
		return table + "_" + col + "_key"
	}
	return ""
}

func isNullConst(n *pg.Node) bool {
	if c := n.GetAConst(); c != nil {
		return c.Isnull
	}
	return false
}

// notNullExpr returns the column of a "col IS NOT NULL" check.
func notNullExpr(n *pg.Node) string {
	if n == nil {
		return ""
	}
	t := n.GetNullTest()
	if t == nil || t.Nulltesttype != pg.NullTestType_IS_NOT_NULL || t.Arg == nil {
		return ""
	}
	if cr := t.Arg.GetColumnRef(); cr != nil && len(cr.Fields) > 0 {
		if s := cr.Fields[len(cr.Fields)-1].GetString_(); s != nil {
			return s.Sval
		}
	}
	return ""
}

// volatileExpr returns the volatile function a default expression calls.
func volatileExpr(n *pg.Node) string {
	found := ""
	var walk func(n *pg.Node)
	walk = func(n *pg.Node) {
		if n == nil || found != "" {
			return
		}
		switch x := n.Node.(type) {
		case *pg.Node_FuncCall:
			fn := lastName(&pg.Node{Node: &pg.Node_List{List: &pg.List{Items: x.FuncCall.Funcname}}})
			if volatileRE.MatchString(fn + "(") {
				found = strings.ToLower(fn) + "()"
				return
			}
			for _, a := range x.FuncCall.Args {
				walk(a)
			}
		case *pg.Node_TypeCast:
			walk(x.TypeCast.Arg)
		case *pg.Node_AExpr:
			walk(x.AExpr.Lexpr)
			walk(x.AExpr.Rexpr)
		case *pg.Node_CoalesceExpr:
			for _, a := range x.CoalesceExpr.Args {
				walk(a)
			}
		}
	}
	walk(n)
	return found
}

// pgType reads a SQL type name.
func pgType(tn *pg.TypeName) Type {
	if tn == nil || len(tn.Names) == 0 {
		return Type{}
	}
	t := Type{n: -1, s: -1}
	nm := strings.ToLower(lastName(&pg.Node{Node: &pg.Node_List{List: &pg.List{Items: tn.Names}}}))
	mods := []int{}
	for _, m := range tn.Typmods {
		if c := m.GetAConst(); c != nil {
			if i := c.GetIval(); i != nil {
				mods = append(mods, int(i.Ival))
			}
		}
	}
	if len(mods) > 0 {
		t.n = mods[0]
	}
	if len(mods) > 1 {
		t.s = mods[1]
	}
	t.base = nm
	return t
}
