package report

import (
	"bytes"
	"encoding/json"
	"math/rand"
	"reflect"
	"testing"

	"github.com/retortdev/retort/lint"
)

// encoderJSON is what JSON wrote before it wrote the findings by hand: the
// whole document through json.Encoder, indented.
func encoderJSON(t *testing.T, r *Result) []byte {
	r = r.shown()
	diags := r.Diagnostics
	if diags == nil {
		diags = []lint.Diagnostic{}
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetIndent("", "  ")
	if err := enc.Encode(struct {
		Diagnostics []lint.Diagnostic `json:"diagnostics"`
		Summary     Summary           `json:"summary"`
	}{diags, r.Summarize()}); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// JSON writes the findings by hand: byte for byte what encoding/json
// writes, escapes included.
func TestJSONAsEncoder(t *testing.T) {
	tricky := []string{
		"", "plain", `quote " and \ backslash`, "<script>&amp;</script>", "tab\there\nnewline\r\b\f",
		"\x00\x01\x1f\x7f", "é ü 漢字 🙂", "bad \xff utf8 \xc3", "sep \u2028 and \u2029", "\xe2\x80", "x\u2027\u202a",
	}
	rng := rand.New(rand.NewSource(1))
	for i := 0; i < 200; i++ {
		b := make([]byte, rng.Intn(12))
		for j := range b {
			b[j] = byte(rng.Intn(256))
		}
		tricky = append(tricky, string(b))
	}
	var ds []lint.Diagnostic
	for i, s := range tricky {
		ds = append(ds, lint.Diagnostic{Rule: "drop-table", Severity: lint.Severity(i % 5), Path: "versions/" + s + ".py",
			Line: i, Column: -i, Message: s, Revision: s, Hint: s, Replay: tricky[(i*7)%len(tricky)]})
	}
	// every field of a finding is set, so that a field added to
	// lint.Diagnostic and not to the hand-written encoder fails here
	for v, i := reflect.ValueOf(ds[1]), 0; i < v.NumField(); i++ {
		if v.Field(i).IsZero() {
			t.Fatalf("lint.Diagnostic.%s is not set in the test's findings: set it, and write it in appendDiagnosticsJSON", v.Type().Field(i).Name)
		}
	}
	for _, r := range []*Result{
		{},
		{Diagnostics: []lint.Diagnostic{}, Heads: []string{"a<b"}},
		{Diagnostics: ds[:1], Revisions: 3},
		{Diagnostics: ds, Revisions: len(ds), Heads: []string{"h1", "h2"}, Scope: &Scope{Basis: "none"}},
		{Diagnostics: ds, Dir: "/work/project"},
	} {
		var got bytes.Buffer
		if err := JSON(&got, r); err != nil {
			t.Fatal(err)
		}
		if want := encoderJSON(t, r); !bytes.Equal(got.Bytes(), want) {
			i := 0
			for i < len(want) && i < got.Len() && want[i] == got.Bytes()[i] {
				i++
			}
			t.Fatalf("%d findings: differs at byte %d: got %q, want %q", len(r.Diagnostics), i, got.Bytes()[i:min(i+80, got.Len())], want[i:min(i+80, len(want))])
		}
	}
}
