package migration

import (
	"regexp"
	"strconv"
	"strings"

	pg "github.com/pganalyze/pg_query_go/v5"

	"github.com/retortdev/retort/revision"
)

// SQLAlchemy Core statements passed to op.execute, op.get_bind().execute
// or connection.execute: table.update().values(...), sa.update(table),
// table.delete(), sa.delete(table).where(...). And WHERE clauses that
// match every row, in SQL and in Core.

// core adds the Update of a Core UPDATE or DELETE statement; loop: the
// execute call is in a loop.
func (b *builder) core(c *revision.Call, base Base, loop bool) {
	hasWhere, all := false, true
	whereArg := func(v revision.Value) {
		hasWhere = true
		all = all && b.coreAll(v, base.Table)
	}
	var wheres []revision.Value
	for depth := 0; c != nil && depth < 16; depth++ {
		switch m := c.Method(); m {
		case "where", "filter":
			wheres = append(wheres, c.Args...)
		case "filter_by":
			if len(c.Kwargs) > 0 {
				wheres = append(wheres, revision.Value{Kind: revision.Unknown})
			}
		case "values", "returning", "execution_options", "ordered_values", "inline", "prefix_with",
			"with_hint", "params", "return_defaults", "with_dialect_options":
		case "update", "delete":
			a := &Update{Base: base, Delete: m == "delete", Loop: loop}
			recv := c.Receiver()
			clause := 0
			if recv == "" || b.isSQLAlchemy(recv) {
				// sa.update(table, whereclause)
				t, ok := c.Arg(0, "table")
				if !ok || t.Kind != revision.Ref {
					return
				}
				a.Table, clause = b.tableOf(t.Text), 1
			} else {
				// table.update(whereclause)
				a.Table = b.tableOf(recv)
			}
			if v, ok := c.Arg(clause, "whereclause"); ok && !v.IsNone() {
				wheres = append(wheres, v)
			}
			base.Table = a.Table
			for _, w := range wheres {
				whereArg(w)
			}
			a.All = !hasWhere || all
			a.WhereAll = hasWhere && all
			b.add(a)
			return
		default:
			return // not a statement built this way
		}
		if c.Recv == nil || c.Recv.Kind != revision.CallV {
			return
		}
		c = c.Recv.Call
	}
}

// isSQLAlchemy reports whether a receiver names SQLAlchemy itself (sa,
// sqlalchemy, sqlalchemy.sql), so that recv.update(t) is sa.update(t).
func (b *builder) isSQLAlchemy(recv string) bool {
	root := recv
	if i := strings.IndexByte(recv, '.'); i >= 0 {
		root = recv[:i]
	}
	if root == "sa" || root == "sqlalchemy" {
		return true
	}
	return strings.HasPrefix(b.f.Imports[root], "sqlalchemy")
}

// tableOf returns the table a name is bound to (t = sa.table("users")),
// or "" when it is not known.
func (b *builder) tableOf(ref string) string {
	if t, ok := b.f.Tables[ref]; ok {
		return t
	}
	for _, fn := range b.f.Funcs {
		if t, ok := fn.Tables[ref]; ok {
			return t
		}
	}
	return ""
}

// coreAll reports whether a Core where-clause matches every row:
// sa.true(), sa.text("1=1"), t.c.col.is_(None) on a column added earlier
// in the same revision without a default.
func (b *builder) coreAll(v revision.Value, table string) bool {
	if v.Kind != revision.CallV {
		return false
	}
	c := v.Call
	switch c.Method() {
	case "true":
		return len(c.Args) == 0
	case "text", "literal_column":
		if s, ok := sqlString(v); ok {
			if res, err := parseSQL("SELECT 1 WHERE " + s); err == nil && len(res.Stmts) == 1 {
				if sel := res.Stmts[0].Stmt.GetSelectStmt(); sel != nil {
					return b.matchesAll(sel.WhereClause, table)
				}
			}
		}
	case "is_":
		if len(c.Args) == 1 && c.Args[0].IsNone() {
			parts := strings.Split(c.Name, ".")
			if len(parts) >= 2 {
				return b.addedEmpty(table, parts[len(parts)-2])
			}
		}
	}
	return false
}

// matchesAll reports whether a WHERE clause holds for every row: none,
// TRUE, 1=1, or col IS NULL on a column added earlier in the same
// revision without a default (every existing row holds NULL there).
func (b *builder) matchesAll(n *pg.Node, table string) bool {
	if n == nil {
		return true
	}
	switch x := n.Node.(type) {
	case *pg.Node_AConst:
		if bv := x.AConst.GetBoolval(); bv != nil {
			return bv.Boolval
		}
	case *pg.Node_AExpr:
		e := x.AExpr
		if e.Kind != pg.A_Expr_Kind_AEXPR_OP || len(e.Name) != 1 || e.Name[0].GetString_().GetSval() != "=" {
			return false
		}
		l, r := e.Lexpr.GetAConst(), e.Rexpr.GetAConst()
		return l != nil && r != nil && !l.Isnull && constText(l) != "" && constText(l) == constText(r)
	case *pg.Node_BoolExpr:
		e := x.BoolExpr
		switch e.Boolop {
		case pg.BoolExprType_OR_EXPR:
			for _, a := range e.Args {
				if b.matchesAll(a, table) {
					return true
				}
			}
		case pg.BoolExprType_AND_EXPR:
			for _, a := range e.Args {
				if !b.matchesAll(a, table) {
					return false
				}
			}
			return true
		}
	case *pg.Node_NullTest:
		t := x.NullTest
		if t.Nulltesttype == pg.NullTestType_IS_NULL && t.Arg != nil {
			if cr := t.Arg.GetColumnRef(); cr != nil && len(cr.Fields) > 0 {
				return b.addedEmpty(table, cr.Fields[len(cr.Fields)-1].GetString_().GetSval())
			}
		}
	}
	return false
}

func constText(c *pg.A_Const) string {
	switch v := c.Val.(type) {
	case *pg.A_Const_Ival:
		return "i" + strconv.Itoa(int(v.Ival.Ival))
	case *pg.A_Const_Sval:
		return "s" + v.Sval.Sval
	case *pg.A_Const_Boolval:
		if v.Boolval.Boolval {
			return "t"
		}
		return "f"
	case *pg.A_Const_Fval:
		return "n" + v.Fval.Fval
	}
	return ""
}

// addedEmpty reports whether table.col was added earlier in the function
// without a default and not updated since: every row holds NULL there.
func (b *builder) addedEmpty(table, col string) bool {
	if table == "" || col == "" {
		return false
	}
	for i := len(b.out) - 1; i >= 0; i-- {
		if !strings.EqualFold(b.out[i].Common().Table, table) {
			continue
		}
		switch x := b.out[i].(type) {
		case *Update:
			return false
		case *AddColumn:
			if strings.EqualFold(x.Column, col) {
				return !x.HasDefault && !x.Fresh
			}
		}
	}
	return false
}

// keyRE matches column names that usually identify a row or a few.
var keyRE = regexp.MustCompile(`(?i)^(id|.*_id|uuid|.*_uuid|code|.*_code|key|slug|name|email)$`)

// isKey reports whether an expression is a column whose name says it
// identifies rows (id, user_id, code, slug, name).
func isKey(n *pg.Node) bool {
	cr := n.GetColumnRef()
	if cr == nil || len(cr.Fields) == 0 {
		return false
	}
	return keyRE.MatchString(cr.Fields[len(cr.Fields)-1].GetString_().GetSval())
}

// isConst reports whether an expression is a constant or a parameter.
func isConst(n *pg.Node) bool {
	if n == nil {
		return false
	}
	if tc := n.GetTypeCast(); tc != nil {
		return isConst(tc.Arg)
	}
	return n.GetAConst() != nil || n.GetParamRef() != nil
}

// bounded reports whether a WHERE clause limits the rows to a batch: a
// range (id < 10000, BETWEEN), a list of values, a key column equal to
// a constant, or a sub-select with LIMIT, under AND.
func bounded(n *pg.Node) bool {
	if n == nil {
		return false
	}
	switch x := n.Node.(type) {
	case *pg.Node_AExpr:
		e := x.AExpr
		switch e.Kind {
		case pg.A_Expr_Kind_AEXPR_BETWEEN, pg.A_Expr_Kind_AEXPR_BETWEEN_SYM:
			return true
		case pg.A_Expr_Kind_AEXPR_OP:
			if len(e.Name) == 1 {
				switch e.Name[0].GetString_().GetSval() {
				case "<", "<=", ">", ">=":
					return true
				case "=":
					// a key looked up by a constant: a few rows
					return isKey(e.Lexpr) && isConst(e.Rexpr) || isKey(e.Rexpr) && isConst(e.Lexpr)
				}
			}
		case pg.A_Expr_Kind_AEXPR_IN:
			return true // a list of ids
		}
	case *pg.Node_SubLink:
		if sel := x.SubLink.Subselect.GetSelectStmt(); sel != nil {
			return sel.LimitCount != nil
		}
	case *pg.Node_BoolExpr:
		if x.BoolExpr.Boolop == pg.BoolExprType_AND_EXPR {
			for _, a := range x.BoolExpr.Args {
				if bounded(a) {
					return true
				}
			}
		}
	}
	return false
}
