package migration

import (
	"fmt"
	"strings"
	"testing"

	"github.com/retortdev/retort/revision"
)

// describe writes an operation as one line: its type, table, what it
// names, and the flags set.
func describe(op Op) string {
	b := op.Common()
	s := strings.TrimPrefix(fmt.Sprintf("%T", op), "*migration.") + " " + b.Table
	// flags adds the names of the flags that are on: on, name, on, name...
	flags := func(pairs ...any) {
		for i := 0; i < len(pairs); i += 2 {
			if pairs[i].(bool) {
				s += " " + pairs[i+1].(string)
			}
		}
	}
	switch x := op.(type) {
	case *AddColumn:
		s += "." + x.Column + " " + x.Type.String()
		flags(x.NotNull, "not-null", x.HasDefault, "default", x.Volatile != "", "volatile="+x.Volatile, x.PyLiteral != "", "py="+x.PyLiteral)
	case *AlterColumnType:
		s += "." + x.Column + " " + x.Old.String() + "->" + x.New.String()
		flags(x.Using, "using")
	case *SetNotNull:
		s += "." + x.Column
	case *RenameColumn:
		s += "." + x.Column + "->" + x.NewName
	case *RenameTable:
		s += "->" + x.NewName
	case *CreateIndex:
		s += " " + x.Name
		flags(x.Concurrently, "concurrently")
	case *DropIndex:
		s += " " + x.Name
		flags(x.Concurrently, "concurrently")
	case *AddConstraint:
		s += " " + x.Kind.String() + " " + x.Name
		flags(x.NotValid, "not-valid", x.WithColumn, "with-column", x.NotNullCol != "", "checks="+x.NotNullCol)
	case *Update:
		flags(x.Delete, "delete", x.All, "all", x.Loop, "loop", x.Batched, "batched")
	case *NoTransaction:
		s += " " + x.Statement
	case *UseNewEnumValue:
		s += " " + x.Value
	case *SyntaxError:
		s += " " + x.Message
	case *OtherDDL:
		flags(x.Truncate, "truncate")
	}
	flags(b.SQL, "sql", !b.InTx, "no-tx", b.Multi, "multi", b.Fresh, "fresh", b.Later, "later", b.Data, "data")
	return fmt.Sprintf("%d: %s", b.Pos.Line, s)
}

// TestUpgrade reads op.* calls, literal SQL and Core statements into the
// same typed operations.
func TestUpgrade(t *testing.T) {
	for _, c := range []struct {
		name, body string
		want       []string
	}{
		{"add column", `
op.add_column("users", sa.Column("email", sa.String(255), nullable=False, unique=True, default="x"))
op.execute("ALTER TABLE users ADD COLUMN org_id bigint NOT NULL REFERENCES orgs (id) DEFAULT gen_random_uuid()")`, []string{
			`1: AddColumn users.email varchar(255) not-null py="x"`,
			`1: AddConstraint users unique email with-column`,
			`2: AddColumn users.org_id bigint not-null default volatile=gen_random_uuid() sql`,
			`2: AddConstraint users foreign key org_id sql`,
		}},
		{"alter column", `
op.alter_column("users", "name", type_=sa.Text(), existing_type=sa.String(50), nullable=False, postgresql_using="name::text")
with op.batch_alter_table("orders") as b:
    b.alter_column("total", server_default="0")`, []string{
			`1: SetNotNull users.name`,
			`1: AlterColumnType users.name varchar(50)->text using`,
			`3: OtherDDL orders`,
		}},
		{"fresh and later", `
op.create_table("t", sa.Column("id", sa.Integer()))
op.create_index("ix_t", "t", ["id"])
op.drop_index("ix_u", table_name="u")
op.drop_table("u")`, []string{
			`1: CreateTable t`,
			`2: CreateIndex t ix_t fresh`,
			`3: DropIndex u ix_u later`,
			`4: DropTable u`,
		}},
		{"transactions", `
op.execute("ALTER TYPE mood ADD VALUE 'meh'; UPDATE people SET mood = 'meh'")
with op.get_context().autocommit_block():
    op.create_index("ix", "t", ["c"], postgresql_concurrently=True)
op.execute("COMMIT")
op.execute("VACUUM FULL t")`, []string{
			`1: AddEnumValue  sql multi`,
			`1: UseNewEnumValue  meh sql multi`,
			`1: Update people all sql multi`,
			`3: CreateIndex t ix concurrently no-tx`,
			`5: VacuumFull t sql no-tx`,
			`5: NoTransaction t VACUUM sql no-tx`,
		}},
		{"sql kinds", `
op.execute("ALTER TABLE t ADD CONSTRAINT ck CHECK (c IS NOT NULL) NOT VALID")
op.execute("TRUNCATE t")
op.execute("DELETE FROM t WHERE id < 100")
op.execute("SELEC 1")
op.execute("ALTER TABLE t RENAME TO u")`, []string{
			`1: AddConstraint t check ck not-valid checks=c sql`,
			`2: OtherDDL t truncate sql data`,
			`3: Update t delete batched sql`,
			`4: SyntaxError  syntax error at or near "SELEC" sql no-tx`, // InTx is not read for it
			`5: RenameTable t->u sql`,
		}},
		{"core and loops", `
users = sa.table("users", sa.column("id"))
for row in rows:
    op.execute(users.update().where(users.c.id == row.id).values(x=1))
op.execute(users.delete())`, []string{
			`3: Update users loop`,
			`4: Update users delete all`,
		}},
		{"holes", `
for t in tables:
    op.execute(f"ALTER TABLE {t} ADD COLUMN {col} {typ} NOT NULL")
    op.execute(f"CREATE INDEX {ix} ON big (c)")
    op.execute(f"ALTER TABLE x ALTER COLUMN {c} TYPE {typ}")
    op.execute(f"ALTER TABLE y RENAME {a} TO {b}")
    op.execute(f"ALTER TABLE z RENAME TO {b}")
    op.execute(f"ALTER TYPE e ADD VALUE 'v'; UPDATE w SET k = 'v' WHERE {cond}")`, []string{
			`2: AddColumn . unknown not-null sql`,
			`3: CreateIndex big  sql`,
			`4: AlterColumnType x. unknown->unknown sql`,
			`5: RenameColumn y.-> sql`,
			`6: RenameTable z-> sql`,
			`7: AddEnumValue  sql multi`,
			`7: UseNewEnumValue  v sql multi`,
			`7: Update w loop sql multi`,
		}},
		{"other database", `
if op.get_bind().dialect.name == "mysql":
    op.drop_column("t", "c")
else:
    op.drop_column("t", "d")`, []string{
			`4: DropColumn t`,
		}},
	} {
		t.Run(c.name, func(t *testing.T) {
			var src strings.Builder
			src.WriteString("from alembic import op\nimport sqlalchemy as sa\nrevision = \"a\"\ndown_revision = None\n\n\ndef upgrade():\n")
			for _, line := range strings.Split(strings.TrimPrefix(c.body, "\n"), "\n") {
				src.WriteString("    " + line + "\n")
			}
			const offset = 7 // lines before the body
			f := revision.ParseHeaders("a.py", []byte(src.String()))
			var got []string
			for _, op := range Upgrade(f) {
				op.Common().Pos.Line -= offset
				got = append(got, describe(op))
			}
			if strings.Join(got, "\n") != strings.Join(c.want, "\n") {
				t.Errorf("got:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(c.want, "\n"))
			}
		})
	}
}

// Downgrade reads downgrade(), apart from upgrade().
func TestDowngrade(t *testing.T) {
	f := revision.Parse("a.py", []byte("from alembic import op\nrevision = 'a'\ndown_revision = None\n\ndef upgrade():\n    op.drop_table('x')\n\ndef downgrade():\n    op.rename_table('y', 'z')\n"))
	if up, down := Upgrade(f), Downgrade(f); len(up) != 1 || len(down) != 1 || describe(down[0]) != "9: RenameTable y->z" {
		t.Errorf("upgrade %v, downgrade %v", up, down)
	}
}

// Objects counts what a revision adds to the schema, net of drops.
func TestObjects(t *testing.T) {
	for _, c := range []struct {
		body string
		want int
	}{
		{`op.create_table("t", sa.Column("id", sa.Integer))
op.create_index("ix", "t", ["id"])
op.add_column("u", sa.Column("c", sa.Integer))
op.create_foreign_key("fk", "u", "t", ["c"], ["id"])`, 4},
		{`op.drop_index("ix")
op.drop_column("u", "c")
op.drop_table("t")`, -3},
		{`op.execute("UPDATE t SET c = 1 WHERE id = 2")`, 0},
	} {
		src := "from alembic import op\nimport sqlalchemy as sa\nrevision = 'a'\ndown_revision = None\n\ndef upgrade():\n"
		for _, line := range strings.Split(c.body, "\n") {
			src += "    " + line + "\n"
		}
		if got := Objects(Upgrade(revision.Parse("a.py", []byte(src)))); got != c.want {
			t.Errorf("Objects(%q) = %d, want %d", c.body, got, c.want)
		}
	}
}
