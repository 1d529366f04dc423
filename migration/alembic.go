package migration

import (
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/retortdev/retort/revision"
)

// This file is the Alembic call model: every op.* and batch_op.* call of
// a migration function, bound against Alembic's real signatures, becomes
// the operations PostgreSQL will perform. sql.go does the same for
// literal SQL, so that one rule sees an op.create_index call and a CREATE
// INDEX statement alike.

// Upgrade returns the operations of upgrade() (and of the
// upgrade_<engine>() functions of multi-database templates), in order. A
// file read by revision.ParseHeaders is parsed in full for them.
func Upgrade(f *revision.File) []Op { return read(f, "upgrade") }

// Downgrade returns the operations of downgrade() and the
// downgrade_<engine>() functions.
func Downgrade(f *revision.File) []Op { return read(f, "downgrade") }

func read(f *revision.File, group string) []Op {
	full := f.Full()
	b := &builder{f: full}
	fns := groupFuncs(full, group)
	n := 0
	for _, fn := range fns {
		n += len(fn.Calls)
	}
	b.out = make([]Op, 0, n+1) // about one operation per call
	for _, fn := range fns {
		b.inTx, b.enumVals = true, nil
		b.calls(fn.Calls, nil, false, 0)
	}
	b.markLater()
	return b.out
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
	f   *revision.File
	out []Op
	// the tables created so far, and of those the temporary ones, in
	// lower case: a function creates a few
	fresh, temp []string
	loop        bool // the execute call being read is in a loop
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

func (b *builder) add(op Op) {
	if b.skeleton {
		unhole(op)
	}
	a := op.Common()
	_, create := op.(*CreateTable)
	if a.Table != "" && len(b.fresh) > 0 && slices.Contains(b.fresh, strings.ToLower(a.Table)) {
		a.Fresh = true
		if _, drop := op.(*DropTable); drop && slices.Contains(b.temp, strings.ToLower(a.Table)) {
			a.Data = true // dropping the temporary table made before
		}
	}
	if create && a.Data {
		b.temp = append(b.temp, strings.ToLower(a.Table))
	}
	b.out = append(b.out, op)
	if create {
		b.fresh = append(b.fresh, strings.ToLower(a.Table))
	}
}

// unhole makes the names and types that a skeleton's holes stand for
// unknown: the table, the names (column, index, constraint, new name, enum
// value) and the types (of an added column, the new type of a change) of
// whichever operation has them.
func unhole(op Op) {
	names, types := holeFields(op)
	for _, s := range names {
		if strings.Contains(*s, hole) {
			*s = ""
		}
	}
	for _, t := range types {
		if strings.Contains(t.base, hole) {
			*t = Type{}
		}
	}
}

// holeFields returns the fields of op that a template's hole can stand
// for.
func holeFields(op Op) (names []*string, types []*Type) {
	names = []*string{&op.Common().Table}
	switch o := op.(type) {
	case *AddColumn:
		names, types = append(names, &o.Column), []*Type{&o.Type}
	case *AlterColumnType:
		names, types = append(names, &o.Column), []*Type{&o.New}
	case *SetNotNull:
		names = append(names, &o.Column)
	case *DropColumn:
		names = append(names, &o.Column)
	case *OtherDDL:
		names = append(names, &o.Column)
	case *RenameColumn:
		names = append(names, &o.Column, &o.NewName)
	case *RenameTable:
		names = append(names, &o.NewName)
	case *CreateIndex:
		names = append(names, &o.Name)
	case *DropIndex:
		names = append(names, &o.Name)
	case *AddConstraint:
		names = append(names, &o.Name)
	case *ValidateConstraint:
		names = append(names, &o.Name)
	case *UseNewEnumValue:
		names = append(names, &o.Value)
	}
	return names, types
}

// markLater flags operations on a table that the same function drops
// afterwards (autogenerate drops a table's indexes before the table).
func (b *builder) markLater() {
	for i, op := range b.out {
		a := op.Common()
		if a.Table == "" {
			continue
		}
		for _, later := range b.out[i+1:] {
			if _, ok := later.(*DropTable); ok && strings.EqualFold(later.Common().Table, a.Table) {
				a.Later = true
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
			b.core(v.Call, Base{Pos: c.Pos, InTx: inTx, Cond: cond}, c.Loop)
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
	base := Base{Pos: c.Pos, InTx: inTx, Cond: cond}
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
	on := func(table string) Base {
		a := base
		a.Table = table
		return a
	}
	// constraint binds the name and table of op.create_*_constraint and
	// op.create_foreign_key
	constraint := func(kind ConstraintKind, tableKw string) *AddConstraint {
		v, _ := c.Arg(0, "constraint_name")
		return &AddConstraint{Base: on(tableArg(1, tableKw)), Kind: kind, Name: name(v)}
	}
	switch method {
	case "create_table":
		a := &CreateTable{Base: on(tableArg(0, "table_name")), call: c}
		if v, ok := c.Kw("prefixes"); ok {
			ps, _ := v.Strings()
			for _, pf := range ps {
				if strings.EqualFold(pf, "temporary") || strings.EqualFold(pf, "temp") {
					a.Data = true
				}
			}
		}
		b.add(a)
	case "add_column":
		col, ok := arg(1, "column")
		if !ok || col.Kind != revision.CallV {
			return
		}
		b.addColumn(base, tableArg(0, "table_name"), col.Call)
	case "alter_column":
		b.alterColumn(base, c, tableArg(0, "table_name"), arg)
	case "create_index":
		v, _ := c.Arg(0, "index_name")
		b.add(&CreateIndex{Base: on(tableArg(1, "table_name")), Name: name(v),
			Unique: truthy(c, "unique"), Concurrently: truthy(c, "postgresql_concurrently")})
	case "drop_index":
		v, _ := c.Arg(0, "index_name")
		b.add(&DropIndex{Base: on(tableArg(1, "table_name")), Name: name(v), Concurrently: truthy(c, "postgresql_concurrently")})
	case "create_foreign_key":
		a := constraint(ForeignKey, "source_table")
		a.NotValid = truthy(c, "postgresql_not_valid")
		b.add(a)
	case "create_check_constraint":
		a := constraint(Check, "table_name")
		a.NotValid = truthy(c, "postgresql_not_valid")
		if cv, ok := arg(2, "condition"); ok {
			if s, ok := sqlString(cv); ok {
				a.NotNullCol = isNotNullCheck(s)
			}
		}
		b.add(a)
	case "create_unique_constraint":
		b.add(constraint(Unique, "table_name"))
	case "create_primary_key":
		b.add(constraint(PrimaryKey, "table_name"))
	case "create_exclude_constraint":
		b.add(constraint(Exclusion, "table_name"))
	case "rename_table":
		if batch {
			return
		}
		v, _ := c.Arg(1, "new_table_name")
		b.add(&RenameTable{Base: on(tableArg(0, "old_table_name")), NewName: name(v)})
	case "drop_column":
		v, _ := arg(1, "column_name")
		b.add(&DropColumn{Base: on(tableArg(0, "table_name")), Column: name(v)})
	case "drop_table":
		if batch {
			return
		}
		b.add(&DropTable{Base: on(tableArg(0, "table_name"))})
	default:
		if !notSchema[method] {
			b.add(&OtherDDL{Base: on(table)})
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

// ColumnNotNull reports whether the table was created with col NOT NULL
// by op.create_table: nullable=False, primary_key=True, or named by a
// PrimaryKeyConstraint. (What CREATE TABLE in SQL does is not read.)
func (x *CreateTable) ColumnNotNull(col string) bool {
	if x.call == nil {
		return false
	}
	for _, v := range x.call.Args {
		if v.Kind == revision.CallV && v.Call.Method() == "PrimaryKeyConstraint" {
			for _, a := range v.Call.Args {
				if a.Kind == revision.Str && strings.EqualFold(a.Text, col) {
					return true
				}
			}
		}
	}
	for _, v := range x.call.Args {
		if v.Kind != revision.CallV {
			continue
		}
		c, ok := parseColumn(v.Call)
		if !ok || !strings.EqualFold(c.name, col) {
			continue
		}
		if nv, ok := v.Call.Kw("nullable"); ok {
			t, known := nv.Truthy()
			return known && !t
		}
		return truthy(v.Call, "primary_key")
	}
	return false
}

// ColumnType returns the type the table was created with for col, read
// with env; ok is false when the table has no such column.
func (x *CreateTable) ColumnType(env TypeEnv, col string) (t Type, ok bool) {
	if x.call == nil {
		t, ok := x.cols[strings.ToLower(col)]
		return t, ok
	}
	for _, v := range x.call.Args {
		if v.Kind != revision.CallV {
			continue
		}
		if c, ok := parseColumn(v.Call); ok && strings.EqualFold(c.name, col) {
			return env.Of(c.typ), true
		}
	}
	return Type{}, false
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

func (b *builder) addColumn(base Base, table string, c *revision.Call) {
	col, ok := parseColumn(c)
	if !ok {
		return
	}
	base.Table = table
	a := &AddColumn{Base: base, Column: col.name}
	a.Pos = c.Pos
	a.Type = TypeEnv{File: b.f}.Of(col.typ)
	if col.typ.Kind != revision.Unknown {
		tv := col.typ
		a.TypeExpr = &tv
	}
	pk := truthy(c, "primary_key")
	if v, ok := c.Kw("nullable"); ok {
		t, known := v.Truthy()
		a.NotNull = known && !t
	} else {
		a.NotNull = pk
	}
	if v, ok := c.Kw("server_default"); ok && !v.IsNone() {
		a.HasDefault = true
		a.Volatile = volatileDefault(v)
		a.DefaultPos = v.Pos
	}
	if v, ok := c.Kw("default"); ok && !v.IsNone() {
		a.PyDefault = true
		switch v.Kind {
		case revision.Str, revision.Num:
			a.PyLiteral = strconv.Quote(v.Text)
		case revision.Bool:
			a.PyLiteral = "sa.false()"
			if v.Bool {
				a.PyLiteral = "sa.true()"
			}
		}
	}
	if pk && !a.HasDefault && isSerial(c, col.typ) {
		// SQLAlchemy renders an integer primary key as SERIAL
		a.HasDefault, a.Volatile, a.DefaultPos = true, "a serial column", c.Pos
	}
	var fks []revision.Value
	for _, x := range col.args {
		if x.Kind != revision.CallV {
			continue
		}
		switch x.Call.Method() {
		case "Identity":
			a.HasDefault, a.Volatile, a.DefaultPos = true, "an identity column", x.Pos
		case "Sequence":
			a.HasDefault, a.Volatile, a.DefaultPos = true, "a sequence default", x.Pos
		case "Computed":
			if v, ok := x.Call.Kw("persisted"); ok {
				if t, known := v.Truthy(); known && !t {
					continue
				}
			}
			a.HasDefault, a.Volatile, a.DefaultPos = true, "a stored generated column", x.Pos
		case "ForeignKey":
			fks = append(fks, x)
		}
	}
	b.add(a)
	at := func(pos revision.Pos) Base {
		x := base
		x.Pos = pos
		return x
	}
	if truthy(c, "unique") {
		b.add(&AddConstraint{Base: at(kwPos(c, "unique")), Kind: Unique, Name: col.name, WithColumn: true})
	}
	if truthy(c, "index") {
		b.add(&CreateIndex{Base: at(kwPos(c, "index")), Name: "ix_" + table + "_" + col.name})
	}
	for _, fk := range fks {
		b.add(&AddConstraint{Base: at(fk.Pos), Kind: ForeignKey, Name: col.name, WithColumn: true})
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

func (b *builder) alterColumn(base Base, c *revision.Call, table string, arg func(int, string) (revision.Value, bool)) {
	v, _ := arg(1, "column_name")
	col := name(v)
	base.Table = table
	at := func(pos revision.Pos) Base {
		x := base
		x.Pos = pos
		return x
	}
	n := len(b.out)
	defer func() {
		if len(b.out) == n { // a default, comment or nullability change
			b.add(&OtherDDL{Base: base, Column: col})
		}
	}()
	if nv, ok := c.Kw("nullable"); ok {
		t, known := nv.Truthy()
		ev, hasExisting := c.Kw("existing_nullable")
		et, eknown := ev.Truthy()
		if known && !t && !(hasExisting && eknown && !et) {
			b.add(&SetNotNull{Base: at(nv.Pos), Column: col})
		}
	}
	if tv, ok := c.Kw("type_"); ok && !tv.IsNone() {
		a := &AlterColumnType{Base: at(tv.Pos), Column: col}
		env := TypeEnv{File: b.f}
		a.New, a.NewExpr = env.Of(tv), &tv
		if ev, ok := c.Kw("existing_type"); ok && !ev.IsNone() {
			a.Old, a.OldGiven, a.OldExpr = env.Of(ev), true, &ev
		}
		if uv, ok := c.Kw("postgresql_using"); ok && !uv.IsNone() {
			a.Using = true
			if s, ok := sqlString(uv); ok {
				a.UsingType, a.UsingPlain = usingString(s, col)
			}
		}
		b.add(a)
	}
	if nv, ok := c.Kw("new_column_name"); ok && !nv.IsNone() {
		b.add(&RenameColumn{Base: at(nv.Pos), Column: col, NewName: name(nv)})
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

func (t Type) String() string {
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
