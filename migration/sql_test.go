package migration

import "testing"

func TestPlaceholdersKeepOffsetsAndCasts(t *testing.T) {
	for _, c := range []struct {
		in    string
		binds bool
		want  string
	}{
		{"SELECT :a, x::int", true, "SELECT $1, x::int"},
		{"SELECT :name FROM t", true, "SELECT $1    FROM t"},
		{"SELECT now()\\:\\:date", true, "SELECT now()::  date"},
		{"SELECT '10:30'", true, "SELECT '10:30'"},
		{"SELECT :a", false, "SELECT :a"},
		{"UPDATE t SET a = %(v)s WHERE b = %s", false, "UPDATE t SET a = $1    WHERE b = $1"},
	} {
		got := placeholders(c.in, c.binds)
		if got != c.want {
			t.Errorf("placeholders(%q) = %q, want %q", c.in, got, c.want)
		}
		if len(got) != len(c.in) {
			t.Errorf("placeholders(%q) changed the length", c.in)
		}
	}
}

func TestSplitSQL(t *testing.T) {
	s := "SELECT 1; SELECT ';'; -- a; comment\nCREATE FUNCTION f() RETURNS int AS $$ SELECT 1; $$ LANGUAGE sql; /* ; */ SELECT 2"
	var got []string
	for _, r := range splitSQL(s) {
		got = append(got, s[skipSpace(s, r[0]):r[1]])
	}
	want := []string{"SELECT 1", "SELECT ';'", "CREATE FUNCTION f() RETURNS int AS $$ SELECT 1; $$ LANGUAGE sql", "SELECT 2"}
	if len(got) != len(want) {
		t.Fatalf("splitSQL = %q, want %q", got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("statement %d = %q, want %q", i, got[i], want[i])
		}
	}
}

func TestNoRewrite(t *testing.T) {
	vc := func(n int) Type { return Type{base: "varchar", n: n, s: -1} }
	num := func(p, s int) Type { return Type{base: "numeric", n: p, s: s} }
	text := Type{base: "text", n: -1, s: -1}
	for _, c := range []struct {
		old, new Type
		want     bool
	}{
		{vc(50), vc(100), true},
		{vc(100), vc(50), false},
		{vc(50), vc(-1), true},
		{vc(50), text, true},
		{text, vc(10), false},
		{num(10, 2), num(12, 2), true},
		{num(10, 2), num(12, 4), false},
		{Type{base: "int4", n: -1, s: -1}, Type{base: "int8", n: -1, s: -1}, false},
		{Type{}, text, false},
	} {
		if got := NoRewrite(c.old, c.new); got != c.want {
			t.Errorf("NoRewrite(%s, %s) = %v, want %v", c.old, c.new, got, c.want)
		}
	}
}
