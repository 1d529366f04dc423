package revision

import (
	"strings"
	"testing"
)

// render shows a template: literal parts as they are, holes as {?} or
// {a|b} for a loop variable.
func render(tmpl []Value) string {
	var b strings.Builder
	for _, v := range tmpl {
		switch {
		case v.Kind == Str || v.Kind == Num:
			b.WriteString(v.Text)
		case v.Alts:
			s, _ := v.Strings()
			b.WriteString("{" + strings.Join(s, "|") + "}")
		default:
			b.WriteString("{?}")
		}
	}
	return b.String()
}

func TestTemplates(t *testing.T) {
	for _, c := range []struct{ expr, want string }{
		{`f"UPDATE {T} SET a = 1"`, "UPDATE users SET a = 1"},
		{`f"UPDATE {T!r} SET a = {{1}}"`, "UPDATE 'users' SET a = {1}"},
		{`f"x {y:>10} {d['k']} {T=}"`, "x {?} {?} {?}"},
		{`f"{T}" "_ix" f'_{N}'`, "users_ix_3"},
		{`"A %s B %d %%" % (T, N)`, "A users B 3 %"},
		{`"A %(t)s" % {"t": T}`, "A users"},
		{`"{} and {name}".format(T, name=y)`, "users and {?}"},
		{`"{0}{0}".format(T)`, "usersusers"},
		{`"UPDATE " + T + " SET x = " + y`, "UPDATE users SET x = {?}"},
		{`f"UPDATE {tbl} SET x = 1"`, "UPDATE {a|b} SET x = 1"},
		{`f"{'nested' + T}"`, "nestedusers"},
	} {
		src := "T = 'users'\nN = 3\ndef upgrade():\n    for tbl in ['a', 'b']:\n        op.execute(" + c.expr + ")\n"
		f := Parse("x.py", []byte(src))
		if len(f.Errors) > 0 {
			t.Errorf("%s: %v", c.expr, f.Errors)
			continue
		}
		calls := f.Funcs["upgrade"].Calls
		if len(calls) != 1 || len(calls[0].Args) != 1 {
			t.Fatalf("%s: calls %v", c.expr, calls)
		}
		v := calls[0].Args[0]
		got := v.Text
		if v.Kind != Str {
			got = render(v.Tmpl())
		}
		if got != c.want {
			t.Errorf("%s = %q, want %q", c.expr, got, c.want)
		}
	}
}

// ScanPercent reads a "%" format as Python does: literal runs, "%%", and
// conversions with their key, flags and character; malformed formats
// are errors.
func TestScanPercent(t *testing.T) {
	for _, c := range []struct {
		format, want string
		err          bool
	}{
		{"%(year)d_%(month).2d_%(rev)s", "{year  d}[_]{month .2 d}[_]{rev  s}", false},
		{"100%% of %s and %-5r", "[100% of ]{  s}[ and ]{ -5 r}", false},
		{"plain", "[plain]", false},
		{"ends in %", "", true},
		{"%(open", "", true},
		{"%5", "", true},
	} {
		var b strings.Builder
		err := ScanPercent(c.format, func(s string) { b.WriteString("[" + s + "]") }, func(p PercentConv) error {
			key := p.Key
			if p.Keyed && key == "" {
				key = "?"
			}
			if p.Keyed {
				b.WriteString("{" + key + " " + p.Spec + " " + string(p.Conv) + "}")
			} else {
				b.WriteString("{ " + p.Spec + " " + string(p.Conv) + "}")
			}
			return nil
		})
		if (err != nil) != c.err || (!c.err && b.String() != c.want) {
			t.Errorf("ScanPercent(%q) = %q, %v; want %q, error %v", c.format, b.String(), err, c.want, c.err)
		}
	}
}
