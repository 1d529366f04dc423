package replay

import (
	"context"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/retortdev/retort/lint"
)

// rowsWant is one expected upgrade-failed-with-rows finding: revision,
// line and pieces of the message.
type rowsWant struct {
	rev  string
	line int
	msg  []string
}

func checkRows(t *testing.T, res *Result, wants []rowsWant) {
	t.Helper()
	ws := make([]want, len(wants))
	for i, w := range wants {
		ws[i] = want{RuleUpgradeFailedWithRows, w.rev, w.msg[0], w.line}
	}
	// the trace's findings on seeded tables (a real rewrite of "tags" in
	// the sample) are the trace tests' business
	seeding := *res
	seeding.Diagnostics = nil
	for _, d := range res.Diagnostics {
		if d.Rule != RuleObservedTableRewrite && d.Rule != RuleLongAccessExclusive {
			seeding.Diagnostics = append(seeding.Diagnostics, d)
		}
	}
	check(t, &seeding, ws)
	for _, w := range wants {
		for _, d := range res.Diagnostics {
			if d.Rule != RuleUpgradeFailedWithRows || d.Revision != w.rev || d.Line != w.line {
				continue
			}
			for _, m := range w.msg[1:] {
				if !strings.Contains(d.Message, m) {
					t.Errorf("%s:%d: message lacks %q: %s", w.rev, w.line, m, d.Message)
				}
			}
			if d.Severity != lint.Error {
				t.Errorf("%s: severity %v, want error", w.rev, d.Severity)
			}
		}
	}
}

// upgradedOK says whether the plan upgraded rev successfully (the plan
// went on after the findings).
func upgradedOK(res *Result, rev string) bool {
	for _, s := range res.Steps {
		if s.Action == "upgrade" && s.Revision == rev && s.OK {
			return true
		}
	}
	return false
}

func TestSeededReplay_NeedsPostgresLocal(t *testing.T) {
	needLocal(t)
	py := needPython(t)
	srv, err := (&Local{}).Start(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Stop(context.Background())
	proj := testdata(t, "seeded")
	sql := filepath.Join(proj.Root, "seed.sql")
	kinds := `retort seeded "kinds" with id=1, 2, 3`
	common := []rowsWant{
		{"0002", 17, []string{`upgrade of "0002" fails on tables that have rows`, `column "name" of relation "kinds" contains null values`, kinds}},
		{"0003", 17, []string{`could not create unique index "uq_kinds_email"`, `"kinds"`, `the value "retort seed 1 ünïcode`}},
		{"0004", 17, []string{`invalid input syntax for type integer`, `"kinds"`, `the value "retort seed 1 ünïcode`}},
		{"0005", 17, []string{`value too long for type character varying(5)`, kinds}},
	}
	cases := []seededCase{
		{"stairway", "", "stairway", Seed{Rows: 3, Skip: []string{"skipped_queue", "public.app_settings"}, SQL: sql}, append(common[:4:4],
			rowsWant{"0006", 19, []string{`column "nickname" of relation "people" contains null values`, `retort seeded "people" with id=1, 2, 3`}})},
		{"stairway-no-skip", "", "stairway", Seed{Rows: 3}, append(common[:4:4],
			rowsWant{"0006", 17, []string{`column "topic" of relation "skipped_queue" contains null values`}},
			rowsWant{"0007", 17, []string{`null value in column "status" of relation "kinds"`, kinds}})},
		{"full-seeded", "", "full", Seed{Rows: 3, Skip: []string{"skipped_queue", "app_settings"}, SQL: sql}, append(common[:4:4],
			rowsWant{"0006", 19, []string{`"people"`}})},
		{"full-unseeded", "", "full", Seed{}, nil},
		// CREATE UNIQUE INDEX CONCURRENTLY outside the transaction leaves an
		// invalid index behind when it fails: the retry starts afresh
		{"sample", "sample", "stairway", Seed{Rows: 3}, []rowsWant{{"0003c3d4e5f6", 19, []string{`could not create unique index "ix_users_email"`, `retort seeded "users" with id=1, 2, 3`}}}},
	}
	t.Run("cases", func(t *testing.T) { seededCases(t, srv, py, proj, cases) })
}

type seededCase struct {
	name    string
	project string // "" for seeded
	plan    string
	seed    Seed
	wants   []rowsWant
}

func seededCases(t *testing.T, srv *Server, py string, proj Project, cases []seededCase) {
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
			defer cancel()
			p := proj
			if tc.project != "" {
				p = testdata(t, tc.project)
			}
			res, err := Run(ctx, Config{Provider: shared{srv}, Python: py, Project: p, Plan: Plan(tc.plan), StepTimeout: time.Minute, Seed: tc.seed})
			if err != nil {
				t.Fatalf("replay: %v", err)
			}
			checkRows(t, res, tc.wants)
			if !res.Summary.Completed || res.Summary.Replayed != res.Summary.Revisions {
				t.Errorf("plan did not go on to the end: %+v", res.Summary)
			}
			revs := []string{"0002", "0005", "0006", "0007"}
			if tc.project != "" {
				revs = []string{"0003c3d4e5f6", "0013a3b4c5d6"}
			}
			for _, rev := range revs {
				if !upgradedOK(res, rev) {
					t.Errorf("revision %s was not applied after its finding", rev)
				}
			}
			s := res.Summary.Seed
			if tc.seed.Rows == 0 {
				if s != nil {
					t.Errorf("unseeded replay reports seeding: %+v", s)
				}
				return
			}
			if s == nil || s.Tables == 0 || s.Rows < 3*s.Tables-s.Tables || s.Seconds <= 0 {
				t.Errorf("seeding not reported: %+v", s)
			}
		})
	}
}

// TestSeedValues_NeedsPostgresLocal seeds a schema of every common type
// and reads the rows back.
func TestSeedValues_NeedsPostgresLocal(t *testing.T) {
	needLocal(t)
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	srv, err := (&Local{}).Start(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Stop(context.Background())
	sc, err := CreateScratch(ctx, srv)
	if err != nil {
		t.Fatal(err)
	}
	defer sc.Drop(context.Background())
	conn, err := connect(ctx, sc.PgxURL)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(context.Background())
	ddl := `
create type mood as enum ('happy', 'sad');
create domain short_code as varchar(4) check (value <> '');
create schema extra;
create table alembic_version (version_num varchar(32) primary key);
create table a (id bigint generated always as identity primary key, b_id int, label text not null);
create table b (id int generated by default as identity primary key, a_id bigint not null references a);
alter table a add foreign key (b_id) references b;
create table t (
  id serial primary key,
  i2 smallint not null, i8 bigint, n numeric(6,2) not null, n0 numeric, f real,
  v varchar(10) not null, vu varchar(10) unique, tx text, c char(2), flag boolean not null,
  d date, ts timestamp, tz timestamptz, tm time, iv interval,
  u uuid not null unique, j json, jb jsonb not null, m mood not null, ms mood[], ta text[], ia int[] not null,
  by bytea, dom short_code, st text not null default 'x', gen int generated always as (i2 * 2) stored,
  parent int references t
);
create table extra.checked (k int primary key, check (k <> 2));
create table filled (id int); insert into filled values (1);
create table skipme (id int not null);
create table pc (a int, b text, primary key (a, b));
create table cc (a int not null, b text, note text, foreign key (a, b) references pc);
`
	if _, err := conn.Exec(ctx, ddl); err != nil {
		t.Fatal(err)
	}
	sum := &SeedSummary{}
	s := newSeeder(Seed{Rows: 3, Skip: []string{"skipme"}}, sum)
	if err := s.seed(ctx, conn, "alembic_version", ""); err != nil {
		t.Fatal(err)
	}
	count := func(q string) int {
		t.Helper()
		var n int
		if err := conn.QueryRow(ctx, q).Scan(&n); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
		return n
	}
	for q, want := range map[string]int{
		"select count(*) from t": 3, "select count(*) from a": 3, "select count(*) from b": 3,
		"select count(*) from extra.checked":   2, // the row a check rejects is dropped
		"select count(*) from filled":          1, // it had rows
		"select count(*) from skipme":          0,
		"select count(*) from alembic_version": 0,
		// NULL in every nullable column of the last row
		"select count(*) from t where i8 is null and vu is null and tx is null and j is null and ms is null and by is null and dom is null and parent is null": 1,
		// distinct keys and unique columns, one value repeated elsewhere
		"select count(distinct id) + count(distinct u) + count(distinct vu) from t":                           3 + 3 + 2,
		"select count(distinct v) + count(distinct i2) + count(distinct jb::text) + count(distinct m) from t": 4,
		// text at its maximum length that does not cast to a number
		"select count(*) from t where length(v) = 10 and coalesce(length(c), 2) = 2 and v !~ '^[0-9]'": 3,
		"select count(*) from t where n = 9999.99":                                                     3,
		"select count(*) from t where tx is not null and tx !~ '^[0-9]'":                               2,
		"select count(*) from t where gen = i2 * 2 and st is not null and array_length(ia, 1) = 1":     3,
		// foreign keys point at the parents' rows; the cycle went through a.b_id (NULL)
		"select count(*) from b join a on a.id = b.a_id": 3,
		"select count(*) from a where b_id is null":      3,
		// a composite key takes one parent row; NULL in its nullable part skips the check
		"select count(*) from cc join pc using (a, b)": 2,
		"select count(*) from cc where b is null":      1,
	} {
		if got := count(q); got != want {
			t.Errorf("%s = %d, want %d", q, got, want)
		}
	}
	// sequences are past the seeded keys
	var next int
	if err := conn.QueryRow(ctx, "select nextval(pg_get_serial_sequence('t', 'id'))").Scan(&next); err != nil || next != 4 {
		t.Errorf("serial sequence: next %d (%v), want 4", next, err)
	}
	if _, err := conn.Exec(ctx, "insert into a (label) values ('x')"); err != nil {
		t.Errorf("identity sequence not moved past the rows: %v", err)
	}
	if sum.Tables != 6 || sum.Rows != 17 {
		t.Errorf("summary %+v, want 6 tables and 17 rows", sum)
	}
	// a second pass seeds nothing; clearing empties what was seeded
	if err := s.seed(ctx, conn, "alembic_version", ""); err != nil || sum.Tables != 6 {
		t.Errorf("second seed: %v, %+v", err, sum)
	}
	r := &runner{ctx: ctx, db: &scratchDB{conn: conn}, seeder: s}
	if err := r.clearSeeded(); err != nil {
		t.Fatal(err)
	}
	if n := count("select (select count(*) from t) + (select count(*) from a) + (select count(*) from extra.checked)"); n != 0 {
		t.Errorf("%d seeded rows left after clearing", n)
	}
	if n := count("select count(*) from filled"); n != 1 {
		t.Errorf("clearing touched a table retort did not seed")
	}
}
