package revision

import (
	"reflect"
	"testing"

	"github.com/retortdev/retort/internal/synth"
)

// TestHeadersOfAgrees checks that the headers a Visit load keeps of a
// file parsed in full are exactly what ParseHeaders reads of it, field by
// field, on every Python file of the test data, the header-skip cases and
// a synthetic history.
func TestHeadersOfAgrees(t *testing.T) {
	srcs := testdataPython(t)
	for name, src := range skipCases {
		srcs["skip/"+name] = []byte(src)
	}
	dir := t.TempDir()
	if _, err := synth.Write(dir, synth.Options{Revisions: 60, Seed: 3, MergeEvery: 7}); err != nil {
		t.Fatal(err)
	}
	p, err := Load(dir)
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range p.Files {
		srcs[f.Path] = f.Src
	}
	derived := 0
	for name, src := range srcs {
		for v, src := range variants(src) {
			full := Parse(name, src)
			got, want := headersOf(full, src), ParseHeaders(name, src)
			if !reflect.DeepEqual(got, want) {
				t.Errorf("%s (%s): the headers taken from the full parse differ from a header parse:\n got %s\nwant %s", name, v, describeFile(got), describeFile(want))
			}
			if len(full.Errors)+len(full.Problems) == 0 {
				derived++
				if got != full {
					t.Errorf("%s (%s): the headers are a new File, not the full one trimmed", name, v)
				}
			}
		}
	}
	if derived < 100 {
		t.Errorf("only %d sources were taken from a full parse (the others were parsed again)", derived)
	}
}
