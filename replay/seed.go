package replay

import (
	"context"
	"encoding/hex"
	"fmt"
	"math"
	"os"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"

	"github.com/retortdev/retort/lint"
)

// Seed says how the replay fills empty tables before each revision under
// test: Rows rows per table (0: no seeding), Skip tables left empty (name
// or schema.name), SQL a file run after each seeding.
type Seed struct {
	Rows int
	Skip []string
	SQL  string
}

// SeedSummary is what seeding did in one replay.
type SeedSummary struct {
	Rows    int     `json:"rows"`    // rows inserted in all
	Tables  int     `json:"tables"`  // tables seeded (a table seeded again after a retry counts again)
	Seconds float64 `json:"seconds"` // time spent reading the catalog, inserting and clearing rows
}

// seedCol is one column of a table to seed, as the catalog describes it.
type seedCol struct {
	Name      string
	Type      string // format_type of the column: the cast of its literals
	Base      string // typname of the base type (a domain's base)
	Category  string // typcategory of the base type
	Mod       int32  // typmod (of the domain when the column has none)
	NotNull   bool
	Identity  string // attidentity
	Generated bool
	Default   string
	Labels    []string // enum labels (of the element for arrays)
	Elem      string   // typname of an array's element
	ElemCat   string
	ElemType  string // format_type of the element
	Unique    bool
	PK        bool
	FK        *seedFK // the foreign key the column belongs to, if any
}

type seedFK struct {
	Parent uint32
	Cols   []string // child columns
	PCols  []string // parent columns
}

type seedTable struct {
	OID    uint32
	Schema string
	Name   string
	Cols   []*seedCol
	FKs    []*seedFK
}

func (t *seedTable) qual() string {
	return pgx.Identifier{t.Schema, t.Name}.Sanitize()
}

// display is the table's name in messages: schema-qualified outside public.
func (t *seedTable) display() string {
	if t.Schema == "public" || t.Schema == "" {
		return t.Name
	}
	return t.Schema + "." + t.Name
}

// seeded is one table retort filled, with the rows it kept.
type seeded struct {
	table *seedTable
	key   []string   // the columns that name a row: its primary key, else all
	rows  [][]string // literal text per column of key, NULL as ""
	vals  []string   // every value inserted, to find the one an error quotes
}

// seeder fills empty tables and clears them again.
type seeder struct {
	opt    Seed
	sum    *SeedSummary
	done   []*seeded       // in insertion order
	full   map[uint32]bool // tables known to have rows
	byOID  map[uint32]*seeded
	names  map[uint32]string // quoted names of the tables listed last
	sqlErr string            // the last error of the seed-sql file
}

func newSeeder(opt Seed, sum *SeedSummary) *seeder {
	return &seeder{opt: opt, sum: sum, full: map[uint32]bool{}, byOID: map[uint32]*seeded{}}
}

// any says whether seeded rows may be in the database.
func (s *seeder) any() bool { return len(s.done) > 0 }

// forget drops what the seeder knows: the database is a fresh one.
func (s *seeder) forget() {
	s.done = nil
	s.full = map[uint32]bool{}
	s.byOID = map[uint32]*seeded{}
}

// seedTablesSQL lists the tables a snapshot sees (snapshot.go's filters):
// plain, not partitions, not an extension's, not the version table.
const seedTablesSQL = `
with ns as (` + userSchemasSQL + `), vt as (` + versionTableSQL + `)
select c.oid, ns.nspname, c.relname
from pg_class c join ns on ns.oid = c.relnamespace
where c.relkind = 'r' and not c.relispartition
  and not exists (select 1 from pg_depend d where d.classid = 'pg_class'::regclass and d.objid = c.oid and d.deptype = 'e')
  and c.oid not in (select oid from vt)
order by ns.nspname, c.relname`

const seedColumnsSQL = `
select a.attrelid, a.attname, format_type(a.atttypid, a.atttypmod), bt.typname, bt.typcategory,
       case when a.atttypmod >= 0 then a.atttypmod else t.typtypmod end,
       a.attnotnull or (t.typtype = 'd' and t.typnotnull), a.attidentity::text, a.attgenerated <> '',
       coalesce(pg_get_expr(d.adbin, d.adrelid), case when t.typtype = 'd' then t.typdefault end, ''),
       coalesce(et.typname, ''), coalesce(et.typcategory::text, ''),
       coalesce(format_type(et.oid, null), ''),
       coalesce((select array_agg(e.enumlabel::text order by e.enumsortorder) from pg_enum e
                 where e.enumtypid = case when bt.typcategory = 'A' then et.oid else bt.oid end), '{}')
from pg_attribute a
join pg_type t on t.oid = a.atttypid
join pg_type bt on bt.oid = case when t.typtype = 'd' then t.typbasetype else t.oid end
left join pg_type et on bt.typcategory = 'A' and et.oid = bt.typelem
left join pg_attrdef d on d.adrelid = a.attrelid and d.adnum = a.attnum
where a.attrelid = any($1) and a.attnum > 0 and not a.attisdropped
order by a.attrelid, a.attnum`

// keys: primary keys, unique constraints and unique indexes (their plain
// columns), and foreign keys with the parent's columns.
const seedKeysSQL = `
select i.indrelid, case when i.indisprimary then 'p' else 'u' end, 0::oid,
       array(select a.attname::text from unnest(i.indkey) k join pg_attribute a on a.attrelid = i.indrelid and a.attnum = k where k > 0),
       '{}'::text[]
from pg_index i where i.indisunique and i.indrelid = any($1)
union all
select c.conrelid, 'f', c.confrelid,
       array(select a.attname::text from unnest(c.conkey) with ordinality k(n, o) join pg_attribute a on a.attrelid = c.conrelid and a.attnum = k.n order by k.o),
       array(select a.attname::text from unnest(c.confkey) with ordinality k(n, o) join pg_attribute a on a.attrelid = c.confrelid and a.attnum = k.n order by k.o)
from pg_constraint c where c.contype = 'f' and c.conrelid = any($1)`

// seed fills every table without rows (but those skipped) with the
// configured number of rows, in one transaction.
func (r *runner) seed() error {
	if r.seeder == nil || r.seeder.opt.Rows <= 0 {
		return nil
	}
	vt, vs := r.d.VersionTable()
	return r.db.seed(r.ctx, r.seeder, vt, vs)
}

// seed fills the empty tables of the database conn is connected to; vt and
// vs name the version table (left out).
func (s *seeder) seed(ctx context.Context, conn *pgx.Conn, vt, vs string) error {
	t0 := time.Now()
	defer func() { s.sum.Seconds += time.Since(t0).Seconds() }()
	tables, err := s.emptyTables(ctx, conn, vt, vs)
	if err != nil || len(tables) == 0 {
		return err
	}
	if err := s.describe(ctx, conn, tables); err != nil {
		return err
	}
	tx, err := conn.Begin(ctx)
	if err != nil {
		return err
	}
	defer tx.Rollback(ctx)
	var filled []*seeded
	for _, t := range seedOrder(tables) {
		sd, err := s.fill(ctx, tx, t)
		if err != nil {
			return fmt.Errorf("seed %s: %w", t.display(), err)
		}
		if sd != nil {
			filled = append(filled, sd)
		}
	}
	if s.opt.SQL != "" && len(filled) > 0 {
		if err := s.runSQL(ctx, tx); err != nil {
			return err
		}
	}
	if err := tx.Commit(ctx); err != nil {
		return err
	}
	for _, sd := range filled {
		s.done = append(s.done, sd)
		s.byOID[sd.table.OID] = sd
		s.full[sd.table.OID] = true
		s.sum.Tables++
		s.sum.Rows += len(sd.rows)
	}
	return nil
}

// emptyTables lists the tables to seed: not skipped, not known to have
// rows, and without rows now.
func (s *seeder) emptyTables(ctx context.Context, conn *pgx.Conn, vt, vs string) ([]*seedTable, error) {
	rows, err := conn.Query(ctx, seedTablesSQL, vt, vs)
	if err != nil {
		return nil, fmt.Errorf("seed: list tables: %w", err)
	}
	var cands []*seedTable
	s.names = map[uint32]string{}
	for rows.Next() {
		t := &seedTable{}
		if err := rows.Scan(&t.OID, &t.Schema, &t.Name); err != nil {
			rows.Close()
			return nil, err
		}
		s.names[t.OID] = t.qual()
		if !s.full[t.OID] && !s.skipped(t) {
			cands = append(cands, t)
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("seed: list tables: %w", err)
	}
	if len(cands) == 0 {
		return nil, nil
	}
	// one round trip: which of them have a row
	parts := make([]string, len(cands))
	for i, t := range cands {
		parts[i] = fmt.Sprintf("select %d where exists (select 1 from only %s)", i, t.qual())
	}
	rows, err = conn.Query(ctx, strings.Join(parts, " union all "), pgx.QueryExecModeSimpleProtocol)
	if err != nil {
		return nil, fmt.Errorf("seed: count rows: %w", err)
	}
	has := map[int]bool{}
	for rows.Next() {
		var i int
		if err := rows.Scan(&i); err != nil {
			rows.Close()
			return nil, err
		}
		has[i] = true
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("seed: count rows: %w", err)
	}
	var out []*seedTable
	for i, t := range cands {
		if has[i] {
			s.full[t.OID] = true
		} else {
			out = append(out, t)
		}
	}
	return out, nil
}

func (s *seeder) skipped(t *seedTable) bool {
	for _, k := range s.opt.Skip {
		if k == t.Name || k == t.Schema+"."+t.Name {
			return true
		}
	}
	return false
}

// describe reads the columns and keys of the tables.
func (s *seeder) describe(ctx context.Context, conn *pgx.Conn, tables []*seedTable) error {
	byOID := map[uint32]*seedTable{}
	oids := make([]uint32, len(tables))
	for i, t := range tables {
		byOID[t.OID] = t
		oids[i] = t.OID
	}
	rows, err := conn.Query(ctx, seedColumnsSQL, oids)
	if err != nil {
		return fmt.Errorf("seed: read columns: %w", err)
	}
	for rows.Next() {
		var oid uint32
		c := &seedCol{}
		if err := rows.Scan(&oid, &c.Name, &c.Type, &c.Base, &c.Category, &c.Mod, &c.NotNull, &c.Identity, &c.Generated,
			&c.Default, &c.Elem, &c.ElemCat, &c.ElemType, &c.Labels); err != nil {
			rows.Close()
			return fmt.Errorf("seed: read columns: %w", err)
		}
		byOID[oid].Cols = append(byOID[oid].Cols, c)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return fmt.Errorf("seed: read columns: %w", err)
	}
	rows, err = conn.Query(ctx, seedKeysSQL, oids)
	if err != nil {
		return fmt.Errorf("seed: read keys: %w", err)
	}
	for rows.Next() {
		var oid, parent uint32
		var kind string
		var cols, pcols []string
		if err := rows.Scan(&oid, &kind, &parent, &cols, &pcols); err != nil {
			rows.Close()
			return fmt.Errorf("seed: read keys: %w", err)
		}
		t := byOID[oid]
		switch kind {
		case "p", "u":
			for _, n := range cols {
				if c := t.col(n); c != nil {
					c.Unique = true
					c.PK = c.PK || kind == "p"
				}
			}
		case "f":
			fk := &seedFK{Parent: parent, Cols: cols, PCols: pcols}
			t.FKs = append(t.FKs, fk)
			for _, n := range cols {
				if c := t.col(n); c != nil && c.FK == nil {
					c.FK = fk
				}
			}
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return fmt.Errorf("seed: read keys: %w", err)
	}
	return nil
}

func (t *seedTable) col(name string) *seedCol {
	for _, c := range t.Cols {
		if c.Name == name {
			return c
		}
	}
	return nil
}

// seedOrder puts parents before children. A cycle is broken at a table
// whose references into the cycle are all nullable (they get NULL), else
// at the first table left.
func seedOrder(tables []*seedTable) []*seedTable {
	in := map[uint32]*seedTable{}
	for _, t := range tables {
		in[t.OID] = t
	}
	placed := map[uint32]bool{}
	var out []*seedTable
	waits := func(t *seedTable, nullableOK bool) bool {
		for _, fk := range t.FKs {
			if fk.Parent == t.OID || in[fk.Parent] == nil || placed[fk.Parent] {
				continue
			}
			if nullableOK && fk.nullable(t) {
				continue
			}
			return true
		}
		return false
	}
	for len(out) < len(tables) {
		progress := false
		for _, t := range tables {
			if !placed[t.OID] && !waits(t, false) {
				placed[t.OID] = true
				out = append(out, t)
				progress = true
			}
		}
		if progress {
			continue
		}
		var pick *seedTable
		for _, t := range tables {
			if !placed[t.OID] && !waits(t, true) {
				pick = t
				break
			}
		}
		if pick == nil {
			for _, t := range tables {
				if !placed[t.OID] {
					pick = t
					break
				}
			}
		}
		placed[pick.OID] = true
		out = append(out, pick)
	}
	return out
}

func (fk *seedFK) nullable(t *seedTable) bool {
	for _, n := range fk.Cols {
		if c := t.col(n); c == nil || c.NotNull {
			return false
		}
	}
	return true
}

// fill inserts the rows of one table: all at once, else one by one,
// dropping the rows the database rejects (a check constraint, a domain).
// nil when no row went in.
func (s *seeder) fill(ctx context.Context, tx pgx.Tx, t *seedTable) (*seeded, error) {
	parents := map[*seedFK][][]string{}
	for _, fk := range t.FKs {
		if fk.Parent == t.OID {
			continue // a self reference gets NULL, or the row is dropped
		}
		keys, err := parentKeys(ctx, tx, s.names[fk.Parent], fk, s.opt.Rows)
		if err != nil {
			return nil, err
		}
		parents[fk] = keys
	}
	n := s.opt.Rows
	var cols []*seedCol
	for _, c := range t.Cols {
		if !c.Generated {
			cols = append(cols, c)
		}
	}
	if len(cols) == 0 {
		return nil, nil
	}
	lits := make([][]string, n)
	for i := range n {
		lits[i] = make([]string, len(cols))
		for j, c := range cols {
			lits[i][j] = seedValue(c, i, n, parents[c.FK], t)
		}
	}
	names := make([]string, len(cols))
	for j, c := range cols {
		names[j] = pgx.Identifier{c.Name}.Sanitize()
	}
	head := "insert into " + t.qual() + " (" + strings.Join(names, ", ") + ")"
	for _, c := range cols {
		if c.Identity == "a" {
			head += " overriding system value"
			break
		}
	}
	head += " values "
	tuple := func(row []string) string {
		q := make([]string, len(row))
		for j, v := range row {
			q[j] = sqlLiteral(v, cols[j])
		}
		return "(" + strings.Join(q, ", ") + ")"
	}
	// sequences go past the values given, as they would in production
	var setval strings.Builder
	for _, c := range cols {
		if c.Identity != "" || strings.HasPrefix(c.Default, "nextval(") {
			seq := fmt.Sprintf("pg_get_serial_sequence(%s, %s)", quoteText(t.qual()), quoteText(c.Name))
			fmt.Fprintf(&setval, "; select setval(%s, (select max(%s) from %s)) where %s is not null",
				seq, pgx.Identifier{c.Name}.Sanitize(), t.qual(), seq)
		}
	}
	// one round trip: savepoint, insert, sequences, release
	try := func(rs [][]string) error {
		tuples := make([]string, len(rs))
		for i, row := range rs {
			tuples[i] = tuple(row)
		}
		_, err := tx.Exec(ctx, "savepoint retort_seed; "+head+strings.Join(tuples, ", ")+setval.String()+"; release savepoint retort_seed")
		if err != nil {
			if _, rerr := tx.Exec(ctx, "rollback to savepoint retort_seed"); rerr != nil {
				return rerr
			}
		}
		return err
	}
	kept := lits
	if err := try(lits); err != nil {
		if !isPgError(err) {
			return nil, err
		}
		kept = nil
		for _, row := range lits {
			if err := try([][]string{row}); err == nil {
				kept = append(kept, row)
			} else if !isPgError(err) {
				return nil, err
			}
		}
	}
	if len(kept) == 0 {
		return nil, nil
	}
	sd := &seeded{table: t}
	// rows are named by their primary key, else a unique column, else
	// the first column
	var key []int
	for j, c := range cols {
		if c.PK {
			key = append(key, j)
		}
	}
	for j, c := range cols {
		if len(key) == 0 && c.Unique && c.NotNull {
			key = append(key, j)
		}
	}
	if len(key) == 0 {
		key = []int{0}
	}
	for _, j := range key {
		sd.key = append(sd.key, cols[j].Name)
	}
	for _, row := range kept {
		var k []string
		for _, j := range key {
			k = append(k, row[j])
		}
		sd.rows = append(sd.rows, k)
		for _, v := range row {
			if v != seedNull && v != seedDefault {
				sd.vals = append(sd.vals, v)
			}
		}
	}
	return sd, nil
}

func isPgError(err error) bool {
	_, ok := err.(*pgconn.PgError)
	return ok
}

// parentKeys are up to n rows of the parent's referenced columns, as text.
func parentKeys(ctx context.Context, tx pgx.Tx, name string, fk *seedFK, n int) ([][]string, error) {
	if name == "" { // a table seeding does not list (a partitioned one)
		if err := tx.QueryRow(ctx, "select $1::oid::regclass::text", fk.Parent).Scan(&name); err != nil {
			return nil, err
		}
	}
	sel := make([]string, len(fk.PCols))
	for i, c := range fk.PCols {
		sel[i] = pgx.Identifier{c}.Sanitize() + "::text"
	}
	q := fmt.Sprintf("select %s from %s where %s limit %d", strings.Join(sel, ", "), name,
		strings.Join(notNull(fk.PCols), " and "), n)
	rows, err := tx.Query(ctx, q, pgx.QueryExecModeSimpleProtocol)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out [][]string
	for rows.Next() {
		vals := make([]string, len(fk.PCols))
		ptrs := make([]any, len(vals))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		if err := rows.Scan(ptrs...); err != nil {
			return nil, err
		}
		out = append(out, vals)
	}
	return out, rows.Err()
}

func notNull(cols []string) []string {
	out := make([]string, len(cols))
	for i, c := range cols {
		out[i] = pgx.Identifier{c}.Sanitize() + " is not null"
	}
	return out
}

// Markers of the values that are not literals.
const (
	seedNull    = "\x00null"
	seedDefault = "\x00default"
)

// seedValue is the text of the value of column c in row i of n: the last
// row (of two or more) is NULL wherever the column allows it; unique
// columns get distinct values, others repeat one; text does not cast to a
// number and fills its maximum length. parents are the parent's rows of
// the column's foreign key.
func seedValue(c *seedCol, i, n int, parents [][]string, t *seedTable) string {
	if c.FK != nil {
		if !c.NotNull && (i == n-1 && n > 1 || len(parents) == 0) {
			return seedNull
		}
		if len(parents) == 0 {
			return seedNull // the row will be rejected, and dropped
		}
		// every column of the key takes the same parent row
		k := i % len(parents)
		for j, name := range c.FK.Cols {
			if name == c.Name {
				return parents[k][j]
			}
		}
	}
	if !c.NotNull && n > 1 && i == n-1 {
		return seedNull
	}
	k := 0 // the same value in every row
	if c.Unique {
		k = i
	}
	if v, ok := typedValue(c.Base, c.Category, c.Mod, c.Labels, k); ok {
		return v
	}
	if c.Category == "A" {
		if v, ok := typedValue(c.Elem, c.ElemCat, -1, c.Labels, k); ok {
			return "{" + arrayElem(v) + "}"
		}
	}
	if c.Default != "" || c.Identity != "" {
		return seedDefault
	}
	if !c.NotNull {
		return seedNull
	}
	return "retort" + strconv.Itoa(k+1) // the type may take text; if not, the row is dropped
}

func arrayElem(v string) string {
	return `"` + strings.NewReplacer(`\`, `\\`, `"`, `\"`).Replace(v) + `"`
}

// seedText is text that is no number, distinct per k, filling limit
// characters when limit > 0.
func seedText(k, limit int) string {
	s := "retort seed " + strconv.Itoa(k+1) + " ünïcode"
	if limit <= 0 {
		return s
	}
	if limit < len([]rune(s)) {
		// short columns: letters only, distinct per k
		b := []rune{}
		x := k
		for range limit {
			b = append(b, rune('a'+x%26))
			x /= 26
		}
		return string(b)
	}
	return s + strings.Repeat("x", limit-len([]rune(s)))
}

var leapDay = time.Date(2024, 2, 29, 0, 0, 0, 0, time.UTC)

// typedValue is a literal of a base type for key k (k distinct values are
// distinct), false for a type it does not know.
func typedValue(typ, cat string, mod int32, labels []string, k int) (string, bool) {
	if len(labels) > 0 && cat == "E" {
		return labels[k%len(labels)], true
	}
	switch typ {
	case "int2":
		return strconv.Itoa(k + 1), true
	case "int4", "int8", "oid":
		return strconv.Itoa(k + 1), true
	case "numeric":
		if mod < 4 {
			return strconv.Itoa(k+1) + ".5", true
		}
		p := int((mod - 4) >> 16 & 0xffff)
		sc := int((mod - 4) & 0xffff)
		// the largest value the precision holds, minus k: a narrower
		// numeric cannot take it
		digits := p - sc
		ip := "0"
		if digits > 0 {
			top := math.Pow10(min(digits, 15)) - 1 - float64(k)
			if top < 0 {
				top = float64(k)
			}
			ip = strconv.FormatFloat(top, 'f', 0, 64)
		}
		if sc > 0 {
			return ip + "." + strings.Repeat("9", sc), true
		}
		return ip, true
	case "float4", "float8":
		return strconv.Itoa(k+1) + ".25", true
	case "money":
		return strconv.Itoa(k+1) + ".00", true
	case "bool":
		return strconv.FormatBool(k%2 == 0), true
	case "text", "citext", "name":
		return seedText(k, 0), true
	case "varchar", "bpchar":
		limit := -1
		if mod >= 4 {
			limit = int(mod - 4)
		} else if typ == "bpchar" {
			limit = 1
		}
		return seedText(k, limit), true
	case "date":
		return leapDay.AddDate(0, 0, k).Format("2006-01-02"), true
	case "timestamp":
		return leapDay.AddDate(0, 0, k).Format("2006-01-02") + " 23:59:59.999999", true
	case "timestamptz":
		return leapDay.AddDate(0, 0, k).Format("2006-01-02") + " 23:59:59.999999+00", true
	case "time", "timetz":
		return fmt.Sprintf("23:59:%02d", k%60), true
	case "interval":
		return strconv.Itoa(k+1) + " days", true
	case "uuid":
		return fmt.Sprintf("00000000-0000-4000-8000-%012x", k+1), true
	case "json", "jsonb":
		return fmt.Sprintf(`{"retort": %d, "seed": [null, "x"]}`, k+1), true
	case "bytea":
		return `\x` + hex.EncodeToString([]byte{0, 0xff, byte(k)}), true
	case "inet", "cidr":
		return fmt.Sprintf("10.0.%d.%d/32", k/250, k%250+1), true
	case "macaddr":
		return fmt.Sprintf("08:00:2b:01:%02x:%02x", k/256%256, k%256), true
	case "bit", "varbit":
		if mod > 0 && typ == "bit" {
			return strings.Repeat("1", int(mod)), true
		}
		return "1", true
	case "tsvector":
		return "retort seed", true
	case "xml":
		return "<retort/>", true
	case "int4range", "int8range", "numrange":
		return fmt.Sprintf("[%d,%d)", k, k+10), true
	case "daterange":
		return "[2024-01-01,2024-02-29)", true
	case "tsrange", "tstzrange":
		return "[2024-01-01,2024-02-29)", true
	case "point":
		return fmt.Sprintf("(%d,1)", k), true
	}
	return "", false
}

// sqlLiteral writes a value as a literal cast to the column's type.
func sqlLiteral(v string, c *seedCol) string {
	switch v {
	case seedNull:
		return "NULL"
	case seedDefault:
		return "DEFAULT"
	}
	return "('" + strings.ReplaceAll(v, "'", "''") + "')::" + c.Type
}

func quoteText(s string) string { return "'" + strings.ReplaceAll(s, "'", "''") + "'" }

// runSQL runs the seed-sql file in a savepoint; a failure (a table that an
// earlier revision has not created yet) is kept as a note, not an error.
func (s *seeder) runSQL(ctx context.Context, tx pgx.Tx) error {
	b, err := os.ReadFile(s.opt.SQL)
	if err != nil {
		return fmt.Errorf("seed-sql: %w", err)
	}
	if _, err := tx.Exec(ctx, "savepoint retort_seed_sql"); err != nil {
		return err
	}
	if _, err := tx.Exec(ctx, string(b), pgx.QueryExecModeSimpleProtocol); err != nil {
		if !isPgError(err) {
			return err
		}
		s.sqlErr = err.Error()
		_, err = tx.Exec(ctx, "rollback to savepoint retort_seed_sql")
		return err
	}
	s.sqlErr = ""
	_, err = tx.Exec(ctx, "release savepoint retort_seed_sql")
	return err
}

// clear empties the tables retort seeded (and what references them), so
// that a revision can run again on the schema without the rows.
func (r *runner) clearSeeded() error {
	s := r.seeder
	if s == nil || len(s.done) == 0 {
		return nil
	}
	t0 := time.Now()
	defer func() { s.sum.Seconds += time.Since(t0).Seconds() }()
	oids := make([]uint32, len(s.done))
	for i, sd := range s.done {
		oids[i] = sd.table.OID
	}
	if err := r.db.truncate(r.ctx, oids); err != nil {
		return err
	}
	s.forget()
	return nil
}

// upgradeSeeded seeds the empty tables and upgrades id. When that fails
// with the rows, it goes back to the schema before (a fresh database when
// the failed step left changes behind), clears the rows and upgrades
// again: a success there is an upgrade-failed-with-rows finding, and the
// outcome is the retry's. before is the schema before the upgrade, applied
// the revisions applied so far (for a reset).
func (r *runner) upgradeSeeded(phase, id string, before Snapshot, applied []string) (outcome, error) {
	if r.seeder == nil {
		return r.run(phase, opUpgrade, id)
	}
	if err := r.seed(); err != nil {
		return outcome{}, err
	}
	if !r.seeder.any() {
		return r.run(phase, opUpgrade, id)
	}
	o, err := r.run(phase, opUpgrade, id)
	if err != nil || o.ok {
		return o, err
	}
	withRows := o
	var text string
	if rv := r.revs[id]; rv != nil {
		text = r.upgradeText(rv)
	}
	sd, value := r.seeder.culprit(o.err, text)
	var now Snapshot
	if before != nil {
		if now, err = r.snapshot(); err != nil {
			return o, err
		}
	}
	if before == nil || len(Diff(before, now)) > 0 {
		// the failed step was not rolled back: start again without rows
		r.seeder.forget()
		if err := r.reset(applied); err != nil {
			return o, err
		}
	} else if err := r.clearSeeded(); err != nil {
		return o, err
	}
	r.total++
	o, err = r.run(phase+" without rows", opUpgrade, id)
	if err != nil || !o.ok {
		return o, err
	}
	if withRows.failed == "" {
		withRows.failed = id
	}
	r.rowsFailure(withRows, sd, value)
	return o, nil
}

// retryUnseeded runs a downgrade or a second upgrade; when it fails with
// seeded rows in the database, it clears them and runs it again. Only the
// first upgrade of a revision is checked with rows.
func (r *runner) retryUnseeded(phase string, op op, id string) (outcome, error) {
	o, err := r.run(phase, op, id)
	if err != nil || o.ok || r.seeder == nil || !r.seeder.any() || (o.err != nil && o.err.NotImplemented) {
		return o, err
	}
	if err := r.clearSeeded(); err != nil {
		return o, err
	}
	r.total++
	return r.run(phase+" without rows", op, id)
}

var (
	reRelation = regexp.MustCompile(`(?:relation|table) "([^"]+)"`)
	reQuoted   = regexp.MustCompile(`"([^"]*)"|\)=\(([^)]*)\)`)
)

// culprit finds the seeded table an error is about: the one its message
// names, else one that upgrade() mentions and that holds a value the error
// quotes, else any holding such a value, else the last one upgrade()
// mentions. The value is the quoted one, when that table holds it.
func (s *seeder) culprit(e *PyError, upgrade string) (*seeded, string) {
	if e == nil {
		return nil, ""
	}
	text := e.Message + "\n" + e.Detail
	var quoted []string
	for _, m := range reQuoted.FindAllStringSubmatch(text, -1) {
		if q := m[1] + m[2]; q != "" {
			quoted = append(quoted, q)
		}
	}
	holds := func(x *seeded) string {
		for _, q := range quoted {
			for _, v := range x.vals {
				if v == q {
					return v
				}
			}
		}
		return ""
	}
	for _, m := range reRelation.FindAllStringSubmatch(text, -1) {
		for _, x := range s.done {
			if x.table.Name == m[1] || x.table.display() == m[1] {
				return x, holds(x)
			}
		}
	}
	var mentioned []*seeded
	for i := len(s.done) - 1; i >= 0; i-- {
		x := s.done[i]
		re := wordRE(x.table.Name)
		if re.MatchString(upgrade) {
			mentioned = append(mentioned, x)
		}
	}
	for _, xs := range [][]*seeded{mentioned, s.done} {
		for _, x := range xs {
			if v := holds(x); v != "" {
				return x, v
			}
		}
	}
	if len(mentioned) > 0 {
		return mentioned[0], ""
	}
	return nil, ""
}

// rowsFailure reports an upgrade that failed only with the seeded rows,
// naming the table and the rows (and the value the error quotes).
func (r *runner) rowsFailure(o outcome, sd *seeded, value string) {
	msg := fmt.Sprintf("upgrade of %q fails on tables that have rows (it passes on empty ones): %s", o.failed, errText(o.err))
	if sd != nil {
		msg += fmt.Sprintf(" (retort seeded %q with %s", sd.table.display(), sd.describeRows())
		if value != "" {
			msg += fmt.Sprintf("; the value %q broke it", shortValue(value))
		}
		msg += ")"
	}
	r.report(RuleUpgradeFailedWithRows, lint.Error, o.failed, o.err, "upgrade", msg,
		"production tables have rows: backfill and clean the data before the constraint or cast (add nullable, fill, then SET NOT NULL; dedupe before UNIQUE; USING with a guard), or leave the table out with seed-skip")
	if rv := r.revs[o.failed]; rv != nil {
		r.inBatch(&r.res.Diagnostics[len(r.res.Diagnostics)-1], rv.Path, o.err)
	}
}

// inBatch moves a finding on a batch_alter_table block, whose operations
// run when the block ends, to the line in the block that names what the
// error quotes (the column "name" of `contains null values`).
func (r *runner) inBatch(d *lint.Diagnostic, path string, e *PyError) {
	ls := r.lines(path)
	if d.Line < 1 || d.Line > len(ls) || !strings.Contains(ls[d.Line-1], "batch_alter_table") || e == nil {
		return
	}
	var names []string
	for _, m := range reQuoted.FindAllStringSubmatch(e.Message, -1) {
		if m[1] != "" {
			names = append(names, `"`+m[1]+`"`, `'`+m[1]+`'`)
		}
	}
	ind := r.indent(path, d.Line)
	for l := d.Line + 1; l <= len(ls); l++ {
		text := ls[l-1]
		if strings.TrimSpace(text) == "" {
			continue
		}
		if r.indent(path, l) <= ind {
			return
		}
		for _, n := range names {
			if strings.Contains(text, n) {
				d.Line, d.Column = l, r.indent(path, l)
				if r.c.CallAt != nil {
					if cl, cc, ok := r.c.CallAt(path, l); ok && cl == l {
						d.Column = cc
					}
				}
				return
			}
		}
	}
}

// describeRows names the seeded rows of a table: "id=1, 2, 3" or
// "(a, b)=(1, x), (2, y)".
func (sd *seeded) describeRows() string {
	var vals []string
	for _, row := range sd.rows {
		q := make([]string, len(row))
		for i, v := range row {
			if v == seedNull {
				q[i] = "NULL"
			} else {
				q[i] = shortValue(v)
			}
		}
		if len(q) == 1 {
			vals = append(vals, q[0])
		} else {
			vals = append(vals, "("+strings.Join(q, ", ")+")")
		}
	}
	key := strings.Join(sd.key, ", ")
	if len(sd.key) > 1 {
		key = "(" + key + ")"
	}
	return key + "=" + strings.Join(vals, ", ")
}

func shortValue(v string) string {
	if r := []rune(v); len(r) > 24 {
		v = string(r[:21]) + "..."
	}
	return v
}

// upgradeHeads is the full plan's upgrade: all at once, or revision by
// revision with seeding, the rows cleared at the end (the full plan checks
// the schema's round trip, not the data's).
func (r *runner) upgradeHeads() (outcome, error) {
	if r.seeder == nil {
		return r.run("upgrade", opUpgrade, "heads")
	}
	applied := append([]string(nil), r.w.before...)
	for _, id := range r.w.slice {
		o, err := r.upgradeSeeded("upgrade", id, nil, applied)
		if err != nil || !o.ok {
			return o, err
		}
		applied = append(applied, id)
	}
	return outcome{ok: true}, r.clearSeeded()
}

// seedNote says in the summary's note when the seed-sql file failed at the
// last seeding (its tables may not have existed yet earlier).
func (r *runner) seedNote() {
	if r.seeder == nil || r.seeder.sqlErr == "" {
		return
	}
	r.note(Note{Kind: NoteSeedSQL, Path: r.seeder.opt.SQL, Err: r.seeder.sqlErr})
}
