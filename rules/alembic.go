package rules

import (
	"regexp"
	"strconv"
	"strings"

	"github.com/retortdev/retort/lint"
	"github.com/retortdev/retort/revision"
)

// This file is the Alembic call model: every op.* and batch_op.* call of
// a migration function, bound against Alembic's real signatures, becomes
// the acts PostgreSQL will perform. sqlcheck.go does the same for literal
// SQL, so that one rule sees an op.create_index call and a CREATE INDEX
// statement alike.

type actKind uint8

const (
	kCreateTable actKind = iota + 1
	kAddColumn
	kSetNotNull
	kAlterType
	kRenameColumn
	kRenameTable
	kCreateIndex
	kDropIndex
	kAddConstraint
	kValidateConstraint
	kDropColumn
	kDropTable
	kUpdate // UPDATE, or DELETE with what == "DELETE"; all: it matches every row
	kLock
	kVacuum
	kNoTx // a statement PostgreSQL refuses inside a transaction block
	kSyntaxError
	kDDL        // any other schema change (CREATE FUNCTION, op.drop_constraint, ...)
	kCreateView // table is the view's name
)

// act is one thing a migration does to the database.
type act struct {
	kind    actKind
	table   string // as written, without schema
	name    string // column, index or constraint
	newName string
	pos     revision.Pos
	sql     bool // from literal SQL rather than an op.* call
	inTx    bool // runs inside the migration's transaction
	multi   bool // one statement of a multi-statement SQL string
	fresh   bool // the table was created earlier in the same function
	later   bool // the table is dropped later in the same function
	cond    bool // under if/for/try
	// data: no lasting schema change (a temporary table, a trigger
	// switched off and on, TRUNCATE)
	data bool

	// add column
	notNull    bool
	hasDefault bool
	pyDefault  bool         // only a Python-side default=
	pyLiteral  string       // that default as a server_default, when a constant
	volatile   string       // why the new column's value is computed per row
	defPos     revision.Pos // where the default is given
	// column types: of a CREATE TABLE's columns (op.create_table keeps its
	// call instead, read when needed), of an added column
	cols    map[string]sqlType
	call    *revision.Call
	colType sqlType
	// alter type
	oldType, newType sqlType
	oldGiven         bool // existing_type was passed
	using            bool
	// the USING expression only casts the column (to usingType when
	// known): the data is kept when the old type converts to it as is
	usingPlain bool
	usingType  sqlType
	// the type expressions, for the configured custom types
	typeV, oldTypeV *revision.Value
	// index
	concurrently, unique bool
	// constraint
	conType    string // "foreign key", "check", "unique", "primary key", "exclusion"
	notValid   bool
	usingIndex bool
	notNullCol string // CHECK (col IS NOT NULL)
	// vacuum
	full bool
	// update and delete: the WHERE matches every row (or there is none);
	// whereAll: there is one, and it matches every row
	all, whereAll bool
	// update: run once per iteration of a loop over rows; batched: its
	// WHERE bounds the rows (a range, a LIMIT): one batch of a backfill
	loop, batched bool
	// what (kNoTx), the parser's message (kSyntaxError), or "column" for
	// a constraint that comes with an added column
	what string
}

// acts returns the acts of the pass's file that the rules should check:
// upgrade(), and downgrade() too with lint-downgrade. (The runner runs
// the per-file rules on files in scope only.)
func acts(p *lint.Pass) []*act {
	f := p.File
	out := groupActs(f, "upgrade")
	if p.Config != nil && p.Config.LintDowngrade {
		out = append(append([]*act(nil), out...), groupActs(f, "downgrade")...)
	}
	return out
}

// groupActs returns the acts of upgrade() (and upgrade_<engine>() of
// multi-database templates), or of the downgrade functions. They are
// computed once per file, SQL parsed once, and shared by every rule.
func groupActs(f *revision.File, group string) []*act {
	return f.Memo("rules.acts."+group, func() any {
		// an ancestor read by revision.ParseHeaders is parsed for its
		// functions; f keeps the acts only
		full := f.Full()
		b := &builder{f: full}
		for _, fn := range groupFuncs(full, group) {
			b.inTx, b.enumVals = true, nil
			b.calls(fn.Calls, nil, false, 0)
		}
		b.markLater()
		return b.out
	}).([]*act)
}

// groupFuncs returns upgrade() and the upgrade_<engine>() functions of the
// multi-database template, in source order. An upgrade_x() that another
// function calls is a helper: it is inlined at its call instead.
func groupFuncs(f *revision.File, group string) []*revision.Func {
	if len(f.Funcs) <= 2 { // the usual upgrade() and downgrade()
		if fn := f.Funcs[group]; fn != nil {
			return []*revision.Func{fn}
		}
	}
	var called map[string]bool
	for name := range f.Funcs {
		if strings.HasPrefix(name, group+"_") {
			called = map[string]bool{}
			for _, fn := range f.Funcs {
				for _, c := range fn.Calls {
					if c.Recv == nil && !strings.Contains(c.Name, ".") {
						called[c.Name] = true
					}
				}
			}
			break
		}
	}
	var out []*revision.Func
	for name, fn := range f.Funcs {
		if name == group || (strings.HasPrefix(name, group+"_") && !called[name]) {
			out = append(out, fn)
		}
	}
	for i := 1; i < len(out); i++ {
		for j := i; j > 0 && out[j].Line < out[j-1].Line; j-- {
			out[j], out[j-1] = out[j-1], out[j]
		}
	}
	return out
}

type builder struct {
	f     *revision.File
	out   []*act
	fresh map[string]bool // tables created so far
	temp  map[string]bool // of those, the temporary ones
	loop  bool            // the execute call being read is in a loop
	// skeleton: the SQL being read has holes for parts known at run time
	skeleton bool
	inTx     bool // false after a literal COMMIT
	inlined  map[string]bool
	foreign  map[int]bool // lines in another database's branch; nil until needed
	budget   int          // calls walked, inlined helpers included
	// enum values added in the current transaction, not yet committed
	enumVals []string
}

// maxCalls bounds the calls walked per function group, so that helpers
// calling helpers many times cannot blow up.
const maxCalls = 20000

func (b *builder) add(a *act) {
	if b.skeleton {
		unhole(a)
	}
	if a.table != "" && len(b.fresh) > 0 && b.fresh[strings.ToLower(a.table)] {
		a.fresh = true
		if a.kind == kDropTable && b.temp[strings.ToLower(a.table)] {
			a.data = true // dropping the temporary table made before
		}
	}
	if a.kind == kCreateTable && a.data {
		if b.temp == nil {
			b.temp = map[string]bool{}
		}
		b.temp[strings.ToLower(a.table)] = true
	}
	b.out = append(b.out, a)
	if a.kind == kCreateTable {
		if b.fresh == nil {
			b.fresh = map[string]bool{}
		}
		b.fresh[strings.ToLower(a.table)] = true
	}
}

// unhole makes the names and types that a skeleton's holes stand for
// unknown.
func unhole(a *act) {
	for _, s := range []*string{&a.table, &a.name, &a.newName} {
		if strings.Contains(*s, hole) {
			*s = ""
		}
	}
	for _, t := range []*sqlType{&a.colType, &a.newType} {
		if strings.Contains(t.base, hole) {
			*t = sqlType{}
		}
	}
}

// markLater flags acts on a table that the same function drops afterwards
// (autogenerate drops a table's indexes before the table).
func (b *builder) markLater() {
	for i, a := range b.out {
		if a.table == "" {
			continue
		}
		for _, later := range b.out[i+1:] {
			if later.kind == kDropTable && strings.EqualFold(later.table, a.table) {
				a.later = true
				break
			}
		}
	}
}

// calls walks statement-level calls. outer holds the with-items of the
// call that led into an inlined helper function.
func (b *builder) calls(calls []*revision.Call, outer []*revision.WithItem, cond bool, depth int) {
	for _, c := range calls {
		if b.budget++; b.budget > maxCalls {
			return
		}
		with := c.With
		if len(outer) > 0 {
			with = append(append([]*revision.WithItem(nil), outer...), c.With...)
		}
		cnd := cond || c.Cond
		if c.Cond {
			if b.foreign == nil {
				b.foreign = scanBranches(b.f)
			}
			if b.foreign[c.Line] {
				continue
			}
		}
		// a module-level helper called from upgrade(): inline its calls
		if !strings.Contains(c.Name, ".") && c.Recv == nil && depth < 4 {
			if fn := b.f.Funcs[c.Name]; fn != nil && !b.inlined[c.Name] &&
				c.Name != "upgrade" && c.Name != "downgrade" {
				if b.inlined == nil {
					b.inlined = map[string]bool{}
				}
				b.inlined[c.Name] = true
				b.calls(fn.Calls, with, cnd, depth+1)
				delete(b.inlined, c.Name)
				continue
			}
		}
		b.call(c, with, cnd)
	}
}

// autocommit reports whether a with-block runs outside the transaction.
func autocommit(with []*revision.WithItem) bool {
	for _, w := range with {
		if w.Expr.Kind == revision.CallV && w.Expr.Call.Method() == "autocommit_block" {
			return true
		}
	}
	return false
}

// batchTable returns the table of the batch_alter_table block whose
// "as" name is recv.
func batchTable(with []*revision.WithItem, recv string) (string, bool) {
	for i := len(with) - 1; i >= 0; i-- {
		w := with[i]
		if w.As == recv && w.Expr.Kind == revision.CallV && w.Expr.Call.Method() == "batch_alter_table" {
			t, _ := w.Expr.Call.Arg(0, "table_name")
			return name(t), true
		}
	}
	return "", false
}

// isOp reports whether recv is Alembic's op module.
func (b *builder) isOp(recv string) bool {
	switch recv {
	case "op", "alembic.op":
		return true
	}
	return b.f.Imports[recv] == "alembic.op"
}

func (b *builder) call(c *revision.Call, with []*revision.WithItem, cond bool) {
	method := c.Method()
	recv := c.Receiver()
	inTx := b.inTx && !autocommit(with)
	if method == "execute" || method == "exec_driver_sql" {
		b.loop = c.Loop
		if sql, binds, ok := sqlArg(c); ok {
			b.sql(sql, binds, inTx, cond)
		} else if v, ok := c.Arg(0, "statement"); ok && v.Kind == revision.CallV {
			b.core(v.Call, act{pos: c.Pos, inTx: inTx, cond: cond, loop: c.Loop})
		}
		return
	}
	var table string
	batch := false
	switch {
	case c.Recv != nil:
		return
	case b.isOp(recv):
	default:
		t, ok := batchTable(with, recv)
		if !ok {
			return
		}
		table, batch = t, true
	}
	base := act{pos: c.Pos, inTx: inTx, cond: cond}
	// arg binds a parameter that op.* takes after table_name and the
	// batch form takes without it: at is its position in the op.* form.
	arg := func(at int, kw string) (revision.Value, bool) {
		if batch {
			at--
		}
		return c.Arg(at, kw)
	}
	tableArg := func(at int, kw string) string {
		if batch {
			return table
		}
		v, _ := c.Arg(at, kw)
		return name(v)
	}
	switch method {
	case "create_table":
		a := base
		a.kind, a.table, a.call = kCreateTable, tableArg(0, "table_name"), c
		if v, ok := c.Kw("prefixes"); ok {
			ps, _ := v.Strings()
			for _, pf := range ps {
				if strings.EqualFold(pf, "temporary") || strings.EqualFold(pf, "temp") {
					a.data = true
				}
			}
		}
		b.add(&a)
	case "add_column":
		col, ok := arg(1, "column")
		if !ok || col.Kind != revision.CallV {
			return
		}
		b.addColumn(base, tableArg(0, "table_name"), col.Call)
	case "alter_column":
		b.alterColumn(base, c, tableArg(0, "table_name"), arg)
	case "create_index":
		a := base
		a.kind = kCreateIndex
		v, _ := c.Arg(0, "index_name")
		a.name = name(v)
		a.table = tableArg(1, "table_name")
		a.unique = truthy(c, "unique")
		a.concurrently = truthy(c, "postgresql_concurrently")
		b.add(&a)
	case "drop_index":
		a := base
		a.kind = kDropIndex
		v, _ := c.Arg(0, "index_name")
		a.name = name(v)
		a.table = tableArg(1, "table_name")
		a.concurrently = truthy(c, "postgresql_concurrently")
		b.add(&a)
	case "create_foreign_key":
		a := base
		a.kind, a.conType = kAddConstraint, "foreign key"
		v, _ := c.Arg(0, "constraint_name")
		a.name = name(v)
		a.table = tableArg(1, "source_table")
		a.notValid = truthy(c, "postgresql_not_valid")
		b.add(&a)
	case "create_check_constraint":
		a := base
		a.kind, a.conType = kAddConstraint, "check"
		v, _ := c.Arg(0, "constraint_name")
		a.name = name(v)
		a.table = tableArg(1, "table_name")
		a.notValid = truthy(c, "postgresql_not_valid")
		if cv, ok := arg(2, "condition"); ok {
			if s, ok := sqlString(cv); ok {
				a.notNullCol = isNotNullCheck(s)
			}
		}
		b.add(&a)
	case "create_unique_constraint", "create_primary_key", "create_exclude_constraint":
		a := base
		a.kind = kAddConstraint
		a.conType = map[string]string{"create_unique_constraint": "unique", "create_primary_key": "primary key",
			"create_exclude_constraint": "exclusion"}[method]
		v, _ := c.Arg(0, "constraint_name")
		a.name = name(v)
		a.table = tableArg(1, "table_name")
		b.add(&a)
	case "rename_table":
		if batch {
			return
		}
		a := base
		a.kind = kRenameTable
		a.table = tableArg(0, "old_table_name")
		v, _ := c.Arg(1, "new_table_name")
		a.newName = name(v)
		b.add(&a)
	case "drop_column":
		a := base
		a.kind = kDropColumn
		a.table = tableArg(0, "table_name")
		v, _ := arg(1, "column_name")
		a.name = name(v)
		b.add(&a)
	case "drop_table":
		if batch {
			return
		}
		a := base
		a.kind = kDropTable
		a.table = tableArg(0, "table_name")
		b.add(&a)
	default:
		if !notSchema[method] {
			a := base
			a.kind, a.table = kDDL, table
			b.add(&a)
		}
	}
}

// notSchema lists op.* functions that do not change the schema.
var notSchema = map[string]bool{
	"get_bind": true, "get_context": true, "f": true, "inline_literal": true, "bulk_insert": true,
	"run_async": true, "invoke": true, "implementation_for": true, "register_operation": true,
	"batch_alter_table": true, "autocommit_block": true,
}

// truthy reports whether keyword kw is passed a true literal.
func truthy(c *revision.Call, kw string) bool {
	v, ok := c.Kw(kw)
	if !ok {
		return false
	}
	t, known := v.Truthy()
	return t && known
}

// name returns a table, column or index name: a string, op.f("..."),
// sa.sql.quoted_name("...", quote), conv("...").
func name(v revision.Value) string {
	switch v.Kind {
	case revision.Str:
		return v.Text
	case revision.CallV:
		switch v.Call.Method() {
		case "f", "quoted_name", "conv":
			if len(v.Call.Args) > 0 {
				return name(v.Call.Args[0])
			}
		}
	}
	return ""
}

// column is sa.Column(name, type, *args, **kwargs).
type column struct {
	call *revision.Call
	name string
	typ  revision.Value
	args []revision.Value // positional arguments after the type
}

func parseColumn(c *revision.Call) (column, bool) {
	m := c.Method()
	if m != "Column" && m != "mapped_column" {
		return column{}, false
	}
	col := column{call: c}
	args := c.Args
	if len(args) > 0 && args[0].Kind == revision.Str {
		col.name = args[0].Text
		args = args[1:]
	} else if v, ok := c.Kw("name"); ok {
		col.name = v.Text
	}
	if v, ok := c.Kw("type_"); ok {
		col.typ = v
	} else if len(args) > 0 && !isSchemaItem(args[0]) {
		col.typ = args[0]
		args = args[1:]
	}
	col.args = args
	return col, true
}

// isSchemaItem reports whether a positional Column argument is a
// ForeignKey, Identity, Sequence, Computed or constraint, not a type.
func isSchemaItem(v revision.Value) bool {
	if v.Kind != revision.CallV {
		return false
	}
	switch v.Call.Method() {
	case "ForeignKey", "Identity", "Sequence", "Computed", "CheckConstraint", "FetchedValue", "DefaultClause":
		return true
	}
	return false
}

func (b *builder) addColumn(base act, table string, c *revision.Call) {
	col, ok := parseColumn(c)
	if !ok {
		return
	}
	a := base
	a.kind, a.table, a.name, a.pos = kAddColumn, table, col.name, c.Pos
	a.colType = typeEnv{f: b.f}.of(col.typ)
	if col.typ.Kind != revision.Unknown {
		tv := col.typ
		a.typeV = &tv
	}
	pk := truthy(c, "primary_key")
	if v, ok := c.Kw("nullable"); ok {
		t, known := v.Truthy()
		a.notNull = known && !t
	} else {
		a.notNull = pk
	}
	if v, ok := c.Kw("server_default"); ok && !v.IsNone() {
		a.hasDefault = true
		a.volatile = volatileDefault(v)
		a.defPos = v.Pos
	}
	if v, ok := c.Kw("default"); ok && !v.IsNone() {
		a.pyDefault = true
		switch v.Kind {
		case revision.Str, revision.Num:
			a.pyLiteral = strconv.Quote(v.Text)
		case revision.Bool:
			a.pyLiteral = "sa.false()"
			if v.Bool {
				a.pyLiteral = "sa.true()"
			}
		}
	}
	if pk && !a.hasDefault && isSerial(c, col.typ) {
		// SQLAlchemy renders an integer primary key as SERIAL
		a.hasDefault, a.volatile, a.defPos = true, "a serial column", c.Pos
	}
	var fks []revision.Value
	for _, x := range col.args {
		if x.Kind != revision.CallV {
			continue
		}
		switch x.Call.Method() {
		case "Identity":
			a.hasDefault, a.volatile, a.defPos = true, "an identity column", x.Pos
		case "Sequence":
			a.hasDefault, a.volatile, a.defPos = true, "a sequence default", x.Pos
		case "Computed":
			if v, ok := x.Call.Kw("persisted"); ok {
				if t, known := v.Truthy(); known && !t {
					continue
				}
			}
			a.hasDefault, a.volatile, a.defPos = true, "a stored generated column", x.Pos
		case "ForeignKey":
			fks = append(fks, x)
		}
	}
	b.add(&a)
	if truthy(c, "unique") {
		u := base
		u.kind, u.table, u.conType, u.pos = kAddConstraint, table, "unique", kwPos(c, "unique")
		u.name, u.what = col.name, "column"
		b.add(&u)
	}
	if truthy(c, "index") {
		ix := base
		ix.kind, ix.table, ix.pos = kCreateIndex, table, kwPos(c, "index")
		ix.name = "ix_" + table + "_" + col.name
		b.add(&ix)
	}
	for _, fk := range fks {
		x := base
		x.kind, x.table, x.conType, x.pos = kAddConstraint, table, "foreign key", fk.Pos
		x.name, x.what = col.name, "column"
		b.add(&x)
	}
}

// isSerial reports whether an integer primary key column would be
// rendered as SERIAL (autoincrement not switched off).
func isSerial(c *revision.Call, typ revision.Value) bool {
	switch saType(typ).base {
	case "int2", "int4", "int8":
	default:
		return false
	}
	if v, ok := c.Kw("autoincrement"); ok {
		if t, known := v.Truthy(); known && !t {
			return false
		}
	}
	return true
}

// kwPos is the position of a keyword argument's value, or the call's.
func kwPos(c *revision.Call, kw string) revision.Pos {
	if v, ok := c.Kw(kw); ok && v.Line > 0 {
		return v.Pos
	}
	return c.Pos
}

func (b *builder) alterColumn(base act, c *revision.Call, table string, arg func(int, string) (revision.Value, bool)) {
	v, _ := arg(1, "column_name")
	col := name(v)
	n := len(b.out)
	defer func() {
		if len(b.out) == n { // a default, comment or nullability change
			a := base
			a.kind, a.table, a.name = kDDL, table, col
			b.add(&a)
		}
	}()
	if nv, ok := c.Kw("nullable"); ok {
		t, known := nv.Truthy()
		ev, hasExisting := c.Kw("existing_nullable")
		et, eknown := ev.Truthy()
		if known && !t && !(hasExisting && eknown && !et) {
			a := base
			a.kind, a.table, a.name, a.pos = kSetNotNull, table, col, nv.Pos
			b.add(&a)
		}
	}
	if tv, ok := c.Kw("type_"); ok && !tv.IsNone() {
		a := base
		a.kind, a.table, a.name, a.pos = kAlterType, table, col, tv.Pos
		env := typeEnv{f: b.f}
		a.newType, a.typeV = env.of(tv), &tv
		if ev, ok := c.Kw("existing_type"); ok && !ev.IsNone() {
			a.oldType, a.oldGiven, a.oldTypeV = env.of(ev), true, &ev
		}
		if uv, ok := c.Kw("postgresql_using"); ok && !uv.IsNone() {
			a.using = true
			if s, ok := sqlString(uv); ok {
				a.usingType, a.usingPlain = usingString(s, col)
			}
		}
		b.add(&a)
	}
	if nv, ok := c.Kw("new_column_name"); ok && !nv.IsNone() {
		a := base
		a.kind, a.table, a.name, a.newName, a.pos = kRenameColumn, table, col, name(nv), nv.Pos
		b.add(&a)
	}
}

// volatileRE finds calls of functions whose result differs per row, so a
// column default that uses one makes ADD COLUMN rewrite the table.
var volatileRE = regexp.MustCompile(`(?i)\b(gen_random_uuid|uuid_generate_v1mc|uuid_generate_v1|uuid_generate_v4|uuidv4|uuidv7|random|random_normal|clock_timestamp|timeofday|nextval|gen_random_bytes|txid_current|pg_current_xact_id)\s*\(`)

// volatileDefault returns the volatile function a server_default calls,
// or "" when it is a constant, a stable function such as now(), or not
// known statically.
func volatileDefault(v revision.Value) string {
	switch v.Kind {
	case revision.CallV:
		c := v.Call
		if strings.Contains(c.Name, "func.") || strings.HasPrefix(c.Name, "func") && c.Receiver() == "func" {
			fn := strings.ToLower(c.Method())
			if volatileRE.MatchString(fn + "(") {
				return fn + "()"
			}
			return ""
		}
		switch c.Method() {
		case "text", "literal_column", "DefaultClause":
			if len(c.Args) > 0 {
				if s, ok := sqlString(c.Args[0]); ok {
					if m := volatileRE.FindStringSubmatch(s); m != nil {
						return strings.ToLower(m[1]) + "()"
					}
				}
			}
		}
	}
	return ""
}

// sqlString returns the text of a literal string or sa.text("...").
func sqlString(v revision.Value) (string, bool) {
	if v.Kind == revision.Str {
		return v.Text, true
	}
	if v.Kind == revision.CallV && (v.Call.Method() == "text" || v.Call.Method() == "literal_column") && len(v.Call.Args) > 0 {
		return sqlString(v.Call.Args[0])
	}
	return "", false
}

var notNullCheckRE = regexp.MustCompile(`(?i)^\s*\(?\s*"?([A-Za-z_][A-Za-z_0-9$]*)"?\s+IS\s+NOT\s+NULL\s*\)?\s*$`)

// isNotNullCheck returns the column of a "col IS NOT NULL" condition.
func isNotNullCheck(cond string) string {
	if m := notNullCheckRE.FindStringSubmatch(cond); m != nil {
		return m[1]
	}
	return ""
}

func (t sqlType) String() string {
	base := t.base
	if n, ok := typeNames[base]; ok {
		base = n
	}
	switch {
	case t.base == "":
		return "unknown"
	case t.n >= 0 && t.s >= 0:
		return base + "(" + strconv.Itoa(t.n) + ", " + strconv.Itoa(t.s) + ")"
	case t.n >= 0:
		return base + "(" + strconv.Itoa(t.n) + ")"
	}
	return base
}

// typeNames are the names PostgreSQL users know for internal type names.
var typeNames = map[string]string{"int2": "smallint", "int4": "integer", "int8": "bigint", "bool": "boolean", "float8": "double precision", "float4": "real"}
