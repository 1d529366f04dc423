package migration

import (
	"strconv"
	"strings"
	"sync"

	pg "github.com/pganalyze/pg_query_go/v5"

	"github.com/retortdev/retort/revision"
)

// Column types, as far as a rewrite decision needs them: SQLAlchemy type
// expressions, custom types (a TypeDecorator defined in the revision, or
// named in the configuration's types table), SQL type names, and
// PostgreSQL's rules for which changes keep the data as it is.

// Type is a column type as far as a rewrite decision needs it.
type Type struct {
	base string // "varchar", "text", "numeric", "int4", "timestamptz", ... "" when unknown
	n, s int    // length or precision, scale; -1 when not given
}

// Known reports whether the type is known.
func (t Type) Known() bool { return t.base != "" }

var unknownType = Type{n: -1, s: -1}

// TypeEnv resolves type expressions of one file: its classes, and the
// configured types (dotted or bare class name -> PostgreSQL type).
type TypeEnv struct {
	File  *revision.File
	Types map[string]string
}

// Of reads a type expression: a configured custom type, a TypeDecorator
// of the file whose impl is known, or a SQLAlchemy type.
func (e TypeEnv) Of(v revision.Value) Type { return e.resolve(v, 0) }

func (e TypeEnv) resolve(v revision.Value, depth int) Type {
	nm := typeRefName(v)
	if nm == "" {
		return saType(v)
	}
	if len(e.Types) > 0 {
		if t, ok := e.configured(nm); ok {
			return t
		}
	}
	if e.File != nil && e.File.Classes != nil && depth < 4 {
		short := nm
		if i := strings.LastIndexByte(nm, '.'); i >= 0 {
			short = nm[i+1:]
		}
		if cls := e.File.Classes[short]; cls != nil && short == nm {
			if impl, ok := cls.Attrs["impl"]; ok {
				return e.resolve(impl, depth+1)
			}
			return Type{} // a class of the file whose type is not known
		}
	}
	if e.File != nil {
		root := nm
		if i := strings.IndexByte(nm, '.'); i >= 0 {
			root = nm[:i]
		}
		if full, ok := e.File.Imports[root]; ok && !strings.HasPrefix(full, "sqlalchemy") {
			return Type{} // a custom type from another module
		}
	}
	return saType(v)
}

// configured looks a type name up in the types table: by the dotted name
// the import resolves to, as written, or by its last component.
func (e TypeEnv) configured(nm string) (Type, bool) {
	cands := []string{nm}
	root, rest := nm, ""
	if i := strings.IndexByte(nm, '.'); i >= 0 {
		root, rest = nm[:i], nm[i:]
	}
	if e.File != nil {
		if full, ok := e.File.Imports[root]; ok {
			cands = append(cands, full+rest)
		}
	}
	if i := strings.LastIndexByte(nm, '.'); i >= 0 {
		cands = append(cands, nm[i+1:])
	}
	for _, c := range cands {
		if s, ok := e.Types[c]; ok {
			return sqlTypeOf(s), true
		}
	}
	return Type{}, false
}

// typeRefName is the dotted name of a type expression: "GUID" for GUID()
// or GUID, "types.GUID" for types.GUID(length=16).
func typeRefName(v revision.Value) string {
	switch v.Kind {
	case revision.CallV:
		if v.Call.Recv != nil {
			return ""
		}
		return v.Call.Name
	case revision.Ref:
		return v.Text
	}
	return ""
}

var sqlTypeCache sync.Map // string -> Type

// sqlTypeOf reads a PostgreSQL type name ("uuid", "varchar(20)",
// "timestamp with time zone") with PostgreSQL's parser.
func sqlTypeOf(s string) Type {
	if t, ok := sqlTypeCache.Load(s); ok {
		return t.(Type)
	}
	t := Type{}
	if res, err := pg.Parse("SELECT NULL::" + s); err == nil && len(res.Stmts) == 1 {
		if sel := res.Stmts[0].Stmt.GetSelectStmt(); sel != nil && len(sel.TargetList) == 1 {
			if rt := sel.TargetList[0].GetResTarget(); rt != nil && rt.Val != nil {
				if tc := rt.Val.GetTypeCast(); tc != nil {
					t = pgType(tc.TypeName)
				}
			}
		}
	}
	sqlTypeCache.Store(s, t)
	return t
}

// saType reads a SQLAlchemy type expression: sa.String(50), sa.Text(),
// postgresql.VARCHAR(length=10), sa.Numeric(10, 2), sa.String.
func saType(v revision.Value) Type {
	var c *revision.Call
	var nm string
	switch v.Kind {
	case revision.CallV:
		c = v.Call
		nm = c.Method()
	case revision.Ref:
		nm = v.Text
		if i := strings.LastIndexByte(nm, '.'); i >= 0 {
			nm = nm[i+1:]
		}
	default:
		return Type{}
	}
	num := func(i int, kw string) int {
		if c == nil {
			return -1
		}
		a, ok := c.Arg(i, kw)
		if !ok || a.Kind != revision.Num {
			return -1
		}
		n, err := strconv.Atoi(a.Text)
		if err != nil {
			return -1
		}
		return n
	}
	t := unknownType
	switch strings.ToLower(nm) {
	case "string", "varchar", "unicode", "nvarchar":
		t.base, t.n = "varchar", num(0, "length")
	case "text", "unicodetext", "clob":
		t.base = "text"
	case "char", "nchar":
		t.base, t.n = "bpchar", num(0, "length")
	case "numeric", "decimal":
		t.base, t.n, t.s = "numeric", num(0, "precision"), num(1, "scale")
	case "integer", "int":
		t.base = "int4"
	case "biginteger", "bigint":
		t.base = "int8"
	case "smallinteger", "smallint":
		t.base = "int2"
	case "float", "double", "double_precision":
		t.base = "float8"
		if strings.ToLower(nm) == "float" && num(0, "precision") >= 0 && num(0, "precision") <= 24 {
			t.base = "float4"
		}
	case "real":
		t.base = "float4"
	case "boolean":
		t.base = "bool"
	case "largebinary", "binary", "bytea", "varbinary":
		t.base = "bytea"
	case "datetime", "timestamp":
		t.base = zoned(c, "timestamp", "timestamptz")
		t.n = num(-1, "precision")
	case "time":
		t.base = zoned(c, "time", "timetz")
		t.n = num(-1, "precision")
	case "interval":
		t.base = "interval"
		t.n = num(-1, "precision")
	case "cidr", "inet", "uuid", "date", "jsonb", "json", "xml", "citext", "money", "macaddr", "tsvector":
		t.base = strings.ToLower(nm)
	case "bit":
		t.base, t.n = "bit", num(0, "length")
		if c != nil {
			if v, ok := c.Kw("varying"); ok {
				if b, known := v.Truthy(); known && b {
					t.base = "varbit"
				}
			}
		}
	default:
		if c != nil && len(c.Args) > 0 {
			return Type{} // an unknown type with arguments
		}
		t.base = strings.ToLower(nm)
	}
	return t
}

// zoned returns tz when a DateTime or Time call passes timezone=True
// (or True first), else plain.
func zoned(c *revision.Call, plain, tz string) string {
	if c != nil {
		if v, ok := c.Arg(0, "timezone"); ok {
			if b, known := v.Truthy(); known && b {
				return tz
			}
		}
	}
	return plain
}

// NoRewrite reports whether PostgreSQL changes a column from old to new
// without rewriting the table: the cast between them is binary coercible
// (varchar to text, cidr to inet, xml to text) or only relaxes the type
// modifier (varchar and varbit widened or unbounded, numeric precision
// raised at the same scale, the fractional seconds of timestamp, time and
// interval raised), as ATColumnChangeRequiresRewrite decides.
func NoRewrite(old, new Type) bool {
	if !old.Known() || !new.Known() {
		return false
	}
	if old == new {
		return true
	}
	text := func(t Type) bool { return t.base == "text" || (t.base == "varchar" && t.n < 0) }
	widened := func() bool { return new.n < 0 || (old.n >= 0 && new.n >= old.n) }
	switch {
	case old.base == "varchar" && new.base == "varchar", old.base == "varbit" && new.base == "varbit":
		return widened()
	case (old.base == "varchar" || old.base == "text" || old.base == "xml") && text(new):
		return true
	case old.base == "numeric" && new.base == "numeric":
		return new.n < 0 || (old.n >= 0 && new.n >= old.n && new.s == old.s)
	case old.base == new.base && (old.base == "timestamp" || old.base == "timestamptz" || old.base == "time" || old.base == "timetz" || old.base == "interval"):
		// no precision means 6, the most there is
		return new.n < 0 || new.n >= 6 || (old.n >= 0 && new.n >= old.n)
	case old.base == "cidr" && new.base == "inet":
		return true
	}
	return false
}

// usingCast reads a USING expression that only casts the column to a
// type: "col", "col::text", CAST(col AS text). plain is false for any
// other expression; cast is unknown for the bare column.
func usingCast(n *pg.Node, col string) (cast Type, plain bool) {
	isCol := func(n *pg.Node) bool {
		cr := n.GetColumnRef()
		if cr == nil || len(cr.Fields) == 0 {
			return false
		}
		s := cr.Fields[len(cr.Fields)-1].GetString_()
		return s != nil && (col == "" || strings.EqualFold(s.Sval, col))
	}
	switch {
	case n == nil:
		return Type{}, false
	case isCol(n):
		return Type{}, true
	case n.GetTypeCast() != nil && n.GetTypeCast().Arg != nil && isCol(n.GetTypeCast().Arg):
		return pgType(n.GetTypeCast().TypeName), true
	}
	return Type{}, false
}

// usingString parses a postgresql_using= expression.
func usingString(s, col string) (Type, bool) {
	res, err := parseSQL("SELECT " + s)
	if err != nil || len(res.Stmts) != 1 {
		return Type{}, false
	}
	sel := res.Stmts[0].Stmt.GetSelectStmt()
	if sel == nil || len(sel.TargetList) != 1 || sel.FromClause != nil {
		return Type{}, false
	}
	rt := sel.TargetList[0].GetResTarget()
	if rt == nil {
		return Type{}, false
	}
	return usingCast(rt.Val, col)
}

// KeepsData reports whether a USING cast changes nothing a plain type
// change would not: the column itself, or cast to a type the old one
// converts to without a rewrite.
func KeepsData(old, cast Type) bool { return !cast.Known() || NoRewrite(old, cast) }
