package cli

import (
	"bytes"
	"compress/gzip"
	"fmt"
	"io"
	"math/rand"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// tangled describes a generated history for TestGraphLongHistory: long,
// with what makes the graph algorithms work hard (branches that live for a
// while, merges of two and three heads, several bases and heads, branch
// labels, depends_on by id and by label, missing parents), and optionally
// cycles and duplicate ids.
type tangled struct {
	revisions  int
	seed       int64
	merges     int // percent of revisions that merge heads (9 when 0)
	cycles     int // revisions given a descendant as an extra parent
	duplicates int // revisions declared by a second file too
}

// write creates dir/alembic.ini, dir/migrations/env.py and the revision
// files. Only math/rand with a fixed seed decides, so the same history is
// written on every machine and every Go version.
func (o tangled) write(t *testing.T, dir string) {
	t.Helper()
	versions := filepath.Join(dir, "migrations", "versions")
	must(t, os.MkdirAll(versions, 0o755))
	must(t, os.WriteFile(filepath.Join(dir, "alembic.ini"), []byte("[alembic]\nscript_location = %(here)s/migrations\n"), 0o644))
	must(t, os.WriteFile(filepath.Join(dir, "migrations", "env.py"), []byte("from alembic import context\n"), 0o644))
	r := rand.New(rand.NewSource(o.seed))
	type rev struct {
		id, name        string
		parents, labels []string
		deps            []string
	}
	revs := make([]*rev, 0, o.revisions)
	var heads []int // indices of revisions that no revision names yet
	var labels []string
	pick := func(s []int) int { return s[r.Intn(len(s))] }
	merges := o.merges
	if merges == 0 {
		merges = 9
	}
	for i := 0; i < o.revisions; i++ {
		v := &rev{id: fmt.Sprintf("%012x", r.Int63()&0xffffffffffff)}
		v.name = fmt.Sprintf("%03x_%s_step_%d.py", r.Intn(4096), v.id, i)
		switch k := r.Intn(100); {
		case len(heads) == 0 || k < 1: // a new base
		case k < 3: // a parent that does not exist
			v.parents = []string{fmt.Sprintf("%012x", r.Int63()&0xffffffffffff)}
		case k < merges && len(heads) >= 2: // merge two or three heads
			n := 2 + r.Intn(2)
			if n > len(heads) {
				n = len(heads)
			}
			r.Shuffle(len(heads), func(a, b int) { heads[a], heads[b] = heads[b], heads[a] })
			for _, h := range heads[:n] {
				v.parents = append(v.parents, revs[h].id)
			}
			heads = heads[n:]
		case k < 23: // a branch from any earlier revision, often a recent one
			j := len(revs) - 1 - r.Intn(min(len(revs), 40))
			if k < 15 {
				j = r.Intn(len(revs))
			}
			v.parents = []string{revs[j].id}
		default: // extend a head
			h := r.Intn(len(heads))
			v.parents = []string{revs[heads[h]].id}
			heads = append(heads[:h], heads[h+1:]...)
		}
		if r.Intn(60) == 0 {
			v.labels = append(v.labels, fmt.Sprintf("lbl%d", len(labels)))
			if r.Intn(4) == 0 {
				v.labels = append(v.labels, fmt.Sprintf("lbl%db", len(labels)))
			}
			labels = append(labels, v.labels...)
		}
		if len(revs) > 0 && r.Intn(25) == 0 {
			switch k := r.Intn(10); {
			case k < 5:
				v.deps = append(v.deps, revs[r.Intn(len(revs))].id)
			case k < 8 && len(labels) > 0:
				v.deps = append(v.deps, labels[r.Intn(len(labels))])
			case k < 9:
				v.deps = append(v.deps, revs[r.Intn(len(revs))].id, revs[r.Intn(len(revs))].id)
			default:
				v.deps = append(v.deps, "nosuchrevision")
			}
		}
		revs = append(revs, v)
		heads = append(heads, len(revs)-1)
	}
	for c := 0; c < o.cycles; c++ {
		// an ancestor names a later revision of its line as a parent
		j := pick(heads)
		v := revs[j]
		for s := 0; s < 5 && len(v.parents) > 0; s++ {
			for _, w := range revs {
				if w.id == v.parents[0] {
					v = w
					break
				}
			}
		}
		v.parents = append(v.parents, revs[j].id)
	}
	for d := 0; d < o.duplicates; d++ {
		v := *revs[r.Intn(len(revs))]
		v.name = fmt.Sprintf("%03x_dup_%d.py", r.Intn(4096), d)
		revs = append(revs, &v)
	}
	for i, v := range revs {
		src := fmt.Sprintf("\"\"\"step %d: \"quoted\" <b>%s</b> `tick` #%d, done\n\nRevision ID: %s\nRevises: %s\n\"\"\"\n"+
			"from alembic import op\n\nrevision = %q\ndown_revision = %s\nbranch_labels = %s\ndepends_on = %s\n\n\n"+
			"def upgrade():\n    op.execute(\"SELECT %d\")\n",
			i, strings.Repeat("long message ", i%9), i, v.id, strings.Join(v.parents, ", "),
			v.id, pyStrings(v.parents), pyStrings(v.labels), pyStrings(v.deps), i)
		must(t, os.WriteFile(filepath.Join(versions, v.name), []byte(src), 0o644))
	}
}

// pyStrings writes ss as Alembic revision files do: None, one string, or
// a tuple.
func pyStrings(ss []string) string {
	switch len(ss) {
	case 0:
		return "None"
	case 1:
		return fmt.Sprintf("%q", ss[0])
	}
	q := make([]string, len(ss))
	for i, s := range ss {
		q[i] = fmt.Sprintf("%q", s)
	}
	return "(" + strings.Join(q, ", ") + ")"
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

// TestGraphLongHistory pins `retort graph` in every format on generated
// histories long and tangled enough that a quadratic step or a changed
// tie-break shows. The golden files were written by the binary of main
// before the graph was rewritten on integer indices: set
// RETORT_GRAPH_REFERENCE to a retort binary to write them again from it.
func TestGraphLongHistory(t *testing.T) {
	ref := os.Getenv("RETORT_GRAPH_REFERENCE")
	goldens, err := filepath.Abs("../testdata/graph-long")
	must(t, err)
	for name, o := range map[string]tangled{
		"tangled-2000": {revisions: 2000, seed: 13},
		"merging-2000": {revisions: 2000, seed: 21, merges: 13},
		"cycles-400":   {revisions: 400, seed: 5, cycles: 3, duplicates: 4},
	} {
		t.Run(name, func(t *testing.T) {
			dir := t.TempDir()
			o.write(t, dir)
			t.Chdir(dir)
			for _, format := range []string{"text", "json", "mermaid"} {
				golden := filepath.Join(goldens, name+"."+format+".gz")
				_, got, errs := run(t, nil, "graph", "--format", format, ".")
				if errs != "" {
					t.Errorf("%s: stderr: %s", format, errs)
				}
				if ref != "" {
					writeReference(t, ref, format, golden)
				}
				if want := gunzip(t, golden); got != want {
					t.Errorf("%s: output differs from %s; first difference at line %d", format, golden, firstLineDiff(got, want))
				}
			}
		})
	}
}

// writeReference runs the reference binary ref in the working directory
// and writes its output, gzipped, to golden.
func writeReference(t *testing.T, ref, format, golden string) {
	t.Helper()
	out, err := exec.Command(ref, "graph", "--format", format, ".").Output()
	must(t, err)
	var b bytes.Buffer
	z, _ := gzip.NewWriterLevel(&b, gzip.BestCompression)
	_, err = z.Write(out)
	must(t, err)
	must(t, z.Close())
	must(t, os.MkdirAll(filepath.Dir(golden), 0o755))
	must(t, os.WriteFile(golden, b.Bytes(), 0o644))
}

func gunzip(t *testing.T, path string) string {
	t.Helper()
	f, err := os.Open(path)
	must(t, err)
	defer f.Close()
	z, err := gzip.NewReader(f)
	must(t, err)
	b, err := io.ReadAll(z)
	must(t, err)
	return string(b)
}

// firstLineDiff is the 1-based number of the first line where a and b
// differ.
func firstLineDiff(a, b string) int {
	i := 0
	for i < len(a) && i < len(b) && a[i] == b[i] {
		i++
	}
	return strings.Count(a[:i], "\n") + 1
}
