package scaffold

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/retortdev/retort/revision"
)

// makoCases are templates in the shapes real projects' script.py.mako
// take, rendered with merge-like variables.
var makoCases = []string{
	"plain ${message}\n${repr(up_revision)} ${repr(down_revision)} ${down_revision | comma,n}\n",
	"${imports if imports else \"\"}\nx = ${upgrades if upgrades else \"pass\"}\n",
	"${\",\" if branch_labels else \"\"}${repr(branch_labels)}|${'%s-%s' % (message, up_revision)}\n",
	"% if down_revision:\nhas parents\n% elif message:\nno\n% else:\nnever\n% endif\nafter\n",
	"## a comment line\n  % for d in down_revision:\n    - ${d}\n  % endfor\nend \\\ncontinued\n",
	"<%!\nimport re\n%>head\n<%\n    names = re.split(r',\\s*', 'a, b,c')\n%>\n% for n in names:\ndef up_${n}():\n    ${context.get(\"%s_upgrades\" % n, \"pass\")}\n% endfor\n",
	"${message | h} ${message | trim} ${message.upper()} ${len(down_revision)} ${', '.join(down_revision)}\n<%doc>gone</%doc>kept <%text>${not_expanded}</%text>\n%% literal\n",
	"${down_revision[0]} ${up_revision if not branch_labels and 'a' in message else 'x'} ${message == \"it's <here>\"}\n",
}

var makoVars = map[string]any{
	"up_revision":   "abc123",
	"down_revision": tuple{"a1", "b2"},
	"branch_labels": nil,
	"message":       "it's <here> ",
	"comma":         comma,
}

// TestMakoMatchesMako_NeedsPython renders each case with retort and with
// the real Mako and compares.
func TestMakoMatchesMako_NeedsPython(t *testing.T) {
	py := "/usr/bin/python3"
	if _, err := os.Stat(py); err != nil || exec.Command(py, "-c", "import mako").Run() != nil {
		t.Skip("needs Python with Mako (/usr/bin/python3, python3-mako)")
	}
	cases, _ := json.Marshal(makoCases)
	script := `
import json, sys
from mako.template import Template
out = []
for src in json.loads(sys.argv[1]):
    out.append(Template(src).render_unicode(up_revision="abc123", down_revision=("a1", "b2"), branch_labels=None, message="it's <here> ", comma=lambda v: "" if v is None else v if isinstance(v, str) else ", ".join(v)))
print(json.dumps(out))
`
	b, err := exec.Command(py, "-c", script, string(cases)).CombinedOutput()
	if err != nil {
		t.Fatalf("%v\n%s", err, b)
	}
	var want []string
	if err := json.Unmarshal(b, &want); err != nil {
		t.Fatal(err)
	}
	for i, src := range makoCases {
		tmpl, err := ParseTemplate("case.mako", []byte(src))
		if err != nil {
			t.Errorf("case %d: %v", i, err)
			continue
		}
		got, err := tmpl.Render(makoVars)
		if err != nil {
			t.Errorf("case %d: %v", i, err)
			continue
		}
		if got != want[i] {
			t.Errorf("case %d:\n%s\nretort: %q\nmako:   %q", i, src, got, want[i])
		}
	}
}

// TestMakoErrors: what retort cannot render is an error at its line.
func TestMakoErrors(t *testing.T) {
	for src, want := range map[string]string{
		"a\n<%def name=\"x()\">y</%def>\n": "t.mako:2: the Mako tag <%def is not supported",
		"a\n% while x:\n% endwhile\n":      "t.mako:2: the control line % while is not supported",
		"% if x:\nno end\n":                "t.mako:1: % if without % endif",
		"a\n${x +}\n":                      "t.mako:2: ${x +}",
		"<%\nx = 1\ndel x\n%>":             "t.mako:1: the statement \"del x\" is not supported",
		"% endfor\n":                       "t.mako:1: % endfor without % for",
		"x ${unterminated\n":               "t.mako:1: ${ without a closing }",
	} {
		_, err := ParseTemplate("t.mako", []byte(src))
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%q: got %v, want %q", src, err, want)
		}
	}
	tmpl, err := ParseTemplate("t.mako", []byte("a\n${missing}\n"))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := tmpl.Render(nil); err == nil || !strings.Contains(err.Error(), `t.mako:2: name "missing" is not defined`) {
		t.Errorf("an undefined name: %v", err)
	}
}

// TestFileNameAndDate: file_template with Python's %-format, the slug cut
// as Alembic cuts it, and create_date as str(datetime) prints it (values
// from Python).
func TestFileNameAndDate(t *testing.T) {
	dir := t.TempDir()
	ini := filepath.Join(dir, "alembic.ini")
	if err := os.WriteFile(ini, []byte("[alembic]\n"+
		"file_template = %%(year)d_%%(month).2d_%%(day).2d_%%(hour).2d%%(minute).2d-%%(rev)s_%%(slug)s\n"+
		"timezone = Europe/Paris\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	st, err := (&revision.Project{Root: dir, Config: ini}).Settings()
	if err != nil {
		t.Fatal(err)
	}
	now := time.Date(2026, 3, 4, 5, 6, 7, 890000, time.UTC)
	created, err := createDate(st, now)
	if err != nil {
		t.Fatal(err)
	}
	if got := created.String(); got != "2026-03-04 06:06:07.000890+01:00" {
		t.Errorf("create_date %q", got)
	}
	name, err := fileName(st, "abc", "Add a very long message, that goes on and on: past forty!", &datetime{t: now})
	if err != nil || name != "2026_03_04_0506-abc_add_a_very_long_message_that_goes_on_.py" {
		t.Errorf("file name %q, %v", name, err)
	}
	if got := (&datetime{t: time.Date(2026, 3, 4, 5, 6, 7, 0, time.Local)}).String(); got != "2026-03-04 05:06:07" {
		t.Errorf("naive create_date %q", got)
	}
}
