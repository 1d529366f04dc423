package revision

import (
	"fmt"
	"strings"
	"testing"
)

func TestMetadata(t *testing.T) {
	tests := []struct {
		name, src                   string
		rev                         string
		down, labels, deps          string
		msg, headerRev, headerDowns string
	}{
		{name: "classic", src: "\"\"\"add users\n\nRevision ID: ab12\nRevises: 0001\nCreate Date: x\n\"\"\"\nrevision = 'ab12'\ndown_revision = '0001'\nbranch_labels = None\ndepends_on = None\n",
			rev: "ab12", down: "0001", msg: "add users", headerRev: "ab12", headerDowns: "0001"},
		{name: "typed", src: "from typing import Union, Sequence\nrevision: str = \"ab12\"\ndown_revision: Union[str, Sequence[str], None] = (\"a\", \"b\")\nbranch_labels: Union[str, Sequence[str], None] = \"core\"\ndepends_on: Union[str, Sequence[str], None] = [\"x\"]\n",
			rev: "ab12", down: "a,b", labels: "core", deps: "x"},
		{name: "u-strings and list", src: "revision = u'ab12'\ndown_revision = ['a', u\"b\",]\n", rev: "ab12", down: "a,b"},
		{name: "crlf and bom", src: "\ufeff\"\"\"msg\r\n\r\nRevision ID: c\r\n\"\"\"\r\nrevision = \"c\"\r\ndown_revision = None\r\n", rev: "c", msg: "msg", headerRev: "c"},
		{name: "latin-1 cookie", src: "# -*- coding: latin-1 -*-\n\"\"\"caf\xe9\"\"\"\nrevision = 'ab'\n", rev: "ab", msg: "café"},
		{name: "reassigned", src: "revision = 'old'\nrevision = 'new'\n", rev: "new"},
		{name: "implicit concat", src: "revision = ('ab' 'cd')\n", rev: "abcd"},
		{name: "no revision", src: "import os\n"},
		{name: "empty", src: ""},
		{name: "multi-paragraph doc", src: "\"\"\"first line\nsecond line\n\nRevision ID: z\n\"\"\"\nrevision = 'z'\n", rev: "z", msg: "first line", headerRev: "z"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := Parse("x.py", []byte(tt.src))
			if len(f.Errors) > 0 {
				t.Fatalf("errors: %v", f.Errors)
			}
			if f.Revision != tt.rev || f.HasRevision != (tt.rev != "") {
				t.Errorf("revision = %q (%v), want %q", f.Revision, f.HasRevision, tt.rev)
			}
			check := func(what string, got []string, want string) {
				if strings.Join(got, ",") != want {
					t.Errorf("%s = %q, want %q", what, got, want)
				}
			}
			check("down_revision", f.DownRevisions, tt.down)
			check("branch_labels", f.BranchLabels, tt.labels)
			check("depends_on", f.DependsOn, tt.deps)
			check("header revises", f.Header.Revises, tt.headerDowns)
			if f.Message != tt.msg {
				t.Errorf("message = %q, want %q", f.Message, tt.msg)
			}
			if f.Header.RevisionID != tt.headerRev {
				t.Errorf("header revision = %q, want %q", f.Header.RevisionID, tt.headerRev)
			}
		})
	}
}

const sample = `"""doc"""
from alembic import op
import sqlalchemy as sa

revision = "b"
down_revision = "a"
TABLE = "users"
SQL = """
UPDATE users
   SET x = 1;
CREATE INDEX ix ON users (x);
"""


def upgrade():
    op.create_table(TABLE,
        sa.Column("id", sa.Integer(), primary_key=True),
    )
    with op.batch_alter_table("orders", schema=None) as batch_op:
        batch_op.add_column(sa.Column("total", sa.Numeric(10, 2), nullable=False, server_default="0"))
    with op.get_context().autocommit_block():
        op.create_index("ix_a", "users", ["a"], postgresql_concurrently=True)
    if something:
        op.drop_column("users", "legacy")
    op.execute(SQL)
    op.execute("SELECT 1" " + 2")
    op.execute("SELECT " + "3")
    op.execute(f"DROP TABLE {TABLE}")
    op.execute("DELETE FROM %s" % TABLE)
    local = "x"
    op.alter_column("users", local, new_column_name="y")
    conn = op.get_bind()
    conn.execute(sa.text("UPDATE t SET a = 1"))
    op.execute(
        sa.text("""
            DELETE FROM t
        """)
    )


def downgrade():
    """Nothing to undo."""
    pass
`

func TestCalls(t *testing.T) {
	f := Parse("x.py", []byte(sample))
	if len(f.Errors) > 0 {
		t.Fatalf("errors: %v", f.Errors)
	}
	var got []string
	for _, c := range f.Upgrade.Calls {
		s := fmt.Sprintf("%d:%d %s", c.Line, c.Col, c.Name)
		if c.Recv != nil && c.Recv.Kind == CallV {
			s = fmt.Sprintf("%d:%d %s().%s", c.Line, c.Col, c.Recv.Call.Name, c.Name)
		}
		if c.Cond {
			s += " cond"
		}
		for _, w := range c.With {
			s += " with:" + w.As
		}
		got = append(got, s)
	}
	want := []string{
		"16:5 op.create_table",
		"19:10 op.batch_alter_table",
		"20:9 batch_op.add_column with:batch_op",
		"21:10 op.get_context().autocommit_block",
		"22:9 op.create_index with:",
		"24:9 op.drop_column cond",
		"25:5 op.execute",
		"26:5 op.execute",
		"27:5 op.execute",
		"28:5 op.execute",
		"29:5 op.execute",
		"31:5 op.alter_column",
		"32:12 op.get_bind",
		"33:5 conn.execute",
		"34:5 op.execute",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("calls:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	calls := f.Upgrade.Calls
	if v, _ := calls[0].Arg(0, "table_name"); v.Text != "users" || v.Name() != "TABLE" {
		t.Errorf("module constant not substituted: %+v", v)
	}
	col, _ := calls[2].Arg(0, "column")
	if col.Kind != CallV || col.Call.Name != "sa.Column" {
		t.Fatalf("nested call: %+v", col)
	}
	if v, ok := col.Call.Kw("nullable"); !ok || v.Kind != Bool || v.Bool {
		t.Errorf("nullable kwarg: %+v", v)
	}
	if v, _ := col.Call.Kw("server_default"); v.Text != "0" || v.Line != 20 {
		t.Errorf("server_default: %+v", v)
	}
	if v, _ := calls[4].Kw("postgresql_concurrently"); v.Kind != Bool || !v.Bool {
		t.Errorf("postgresql_concurrently: %+v", v)
	}
	sql := calls[6].Args[0]
	if sql.Kind != Str || !strings.HasPrefix(sql.Text, "\nUPDATE users") {
		t.Fatalf("triple-quoted constant: %+v", sql)
	}
	if p := sql.PosAt(strings.Index(sql.Text, "CREATE")); p.Line != 11 || p.Col != 1 {
		t.Errorf("PosAt(CREATE) = %v, want 11:1", p)
	}
	if v := calls[7].Args[0]; v.Text != "SELECT 1 + 2" {
		t.Errorf("implicit concatenation = %q", v.Text)
	}
	if v := calls[8].Args[0]; v.Text != "SELECT 3" {
		t.Errorf("+ concatenation = %q", v.Text)
	}
	if v := calls[9].Args[0]; !v.FString || v.Kind == Str {
		t.Errorf("f-string not marked: %+v", v)
	}
	if v := calls[10].Args[0]; !v.FString || v.Kind == Str {
		t.Errorf("%% formatting not marked: %+v", v)
	}
	if v, _ := calls[11].Arg(1, "column_name"); v.Text != "x" {
		t.Errorf("local constant: %+v", v)
	}
	text := calls[14].Args[0]
	if text.Kind != CallV || text.Call.Name != "sa.text" {
		t.Fatalf("sa.text: %+v", text)
	}
	if p := text.Call.Args[0].PosAt(strings.Index(text.Call.Args[0].Text, "DELETE")); p.Line != 36 {
		t.Errorf("PosAt in sa.text = %v, want line 36", p)
	}
	if !f.Downgrade.Empty() || f.Upgrade.Empty() {
		t.Errorf("Empty: downgrade %v upgrade %v", f.Downgrade.Empty(), f.Upgrade.Empty())
	}
	if f.Upgrade.EndLine != 38 {
		t.Errorf("upgrade ends at %d, want 38", f.Upgrade.EndLine)
	}
}

// TestRecovery checks that a syntax error costs only its own statement.
func TestRecovery(t *testing.T) {
	src := `revision = "a"
down_revision = None

def upgrade():
    op.add_column("t", sa.Column("c", sa.String() nullable=False))
    op.drop_column("t", "d" "e" ))
    x = = 1
    op.create_index("ix", "t", ["c"])


def downgrade():
    op.drop_index("ix")
`
	f := Parse("x.py", []byte(src))
	if len(f.Errors) == 0 {
		t.Fatal("no syntax error reported")
	}
	if e := f.Errors[0]; e.Line != 5 {
		t.Errorf("first error at line %d, want 5: %v", e.Line, f.Errors)
	}
	if f.Revision != "a" {
		t.Errorf("revision lost: %q", f.Revision)
	}
	var names []string
	for _, c := range f.Upgrade.Calls {
		names = append(names, fmt.Sprintf("%s@%d", c.Name, c.Line))
	}
	if !strings.Contains(strings.Join(names, " "), "op.create_index@8") {
		t.Errorf("statement after the errors lost: %v", names)
	}
	if f.Downgrade == nil || len(f.Downgrade.Calls) != 1 || f.Downgrade.Calls[0].Line != 12 {
		t.Errorf("downgrade lost: %+v", f.Downgrade)
	}
}

func TestSyntaxErrorsFound(t *testing.T) {
	for _, src := range []string{
		"x = (1,\n",
		"x = 'unterminated\n",
		"x = '''never ends\n",
		"def f():\nreturn 1\n",
		"if x:\n    a\n  b\n",
		"x = 1 $ 2\n",
		"x = )\n",
		"x = 'caf\xe9'\n",
	} {
		if f := Parse("x.py", []byte(src)); len(f.Errors) == 0 {
			t.Errorf("%q: no error", src)
		}
	}
}

func TestTokenPositions(t *testing.T) {
	src := "x = \"\"\"a\nb\"\"\" + \\\n  y  # c\n"
	toks, comments, errs := Tokenize([]byte(src))
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	if len(comments) != 1 || comments[0].Pos != (Pos{3, 6}) || comments[0].Text != "# c" {
		t.Errorf("comments = %+v", comments)
	}
	var got []string
	for _, tk := range toks {
		got = append(got, fmt.Sprintf("%s@%d:%d", tk.Kind, tk.Line, tk.Col))
	}
	want := "Name@1:1 Op@1:3 String@1:5 Op@2:6 Name@3:3 Newline@3:9 EOF@4:1"
	if strings.Join(got, " ") != want {
		t.Errorf("tokens:\n%s\nwant:\n%s", strings.Join(got, " "), want)
	}
}
