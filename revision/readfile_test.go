package revision

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// readSourceWith reads one file through a new sourceReader whose scratch
// buffer is *scratch, kept from file to file as a parsing goroutine
// keeps its reader's.
func readSourceWith(path string, scratch *[]byte) ([]byte, error) {
	r := sourceReader{scratch: *scratch}
	defer r.Close()
	b, err := r.read(path)
	*scratch = r.scratch
	return b, err
}

// a file read alone reads what os.ReadFile reads, and fails where it fails.
func TestReadSource(t *testing.T) {
	dir := t.TempDir()
	for name, size := range map[string]int{"empty.py": 0, "small.py": 100, "page.py": 4096, "large.py": 300000} {
		data := bytes.Repeat([]byte("x = 1\n"), size/6+1)[:size]
		path := filepath.Join(dir, name)
		if err := os.WriteFile(path, data, 0o644); err != nil {
			t.Fatal(err)
		}
		got, err := readSourceWith(path, new([]byte))
		if err != nil || !bytes.Equal(got, data) || got == nil {
			t.Errorf("%s: read %d bytes (%v), want %d", name, len(got), err, size)
		}
		// through a scratch buffer kept from file to file, as parseFiles reads
		for _, scratch := range [][]byte{nil, make([]byte, 10), make([]byte, 0, 100)} {
			got, err := readSourceWith(path, &scratch)
			if err != nil || !bytes.Equal(got, data) || got == nil {
				t.Errorf("%s, scratch of %d: read %d bytes (%v), want %d", name, cap(scratch), len(got), err, size)
			}
		}
	}
	// what one read returns is its own, not the scratch buffer's
	var scratch []byte
	small, _ := readSourceWith(filepath.Join(dir, "small.py"), &scratch)
	if _, err := readSourceWith(filepath.Join(dir, "page.py"), &scratch); err != nil || len(small) != 100 || small[0] != 'x' {
		t.Errorf("small.py read before page.py: %q (%v)", small, err)
	}
	for i := range scratch[:cap(scratch)] {
		scratch[:cap(scratch)][i] = 0
	}
	if !bytes.Equal(small, bytes.Repeat([]byte("x = 1\n"), 17)[:100]) {
		t.Errorf("small.py changed with the scratch buffer: %q", small)
	}
	for _, path := range []string{filepath.Join(dir, "missing.py"), dir} {
		_, want := os.ReadFile(path)
		_, err := readSourceWith(path, new([]byte))
		if err == nil || want == nil || err.Error() != want.Error() {
			t.Errorf("%s: error %v, os.ReadFile says %v", path, err, want)
		}
	}
	if _, err := readSourceWith(filepath.Join(dir, "missing.py"), new([]byte)); err == nil || !strings.Contains(err.Error(), "no such file") {
		t.Errorf("missing file: %v", err)
	}
}

// a sourceReader reads what os.ReadFile reads, and fails as it fails,
// naming the path it was given, from file to file and directory to
// directory (parseFiles reads with one per goroutine).
func TestSourceReader(t *testing.T) {
	dir := t.TempDir()
	sub := filepath.Join(dir, "sub")
	if err := os.Mkdir(sub, 0o755); err != nil {
		t.Fatal(err)
	}
	var paths []string
	for i, d := range []string{dir, sub, dir, sub, sub} {
		p := filepath.Join(d, strings.Repeat("x", i+1)+".py")
		if err := os.WriteFile(p, bytes.Repeat([]byte("y = 2\n"), 1000*i), 0o644); err != nil {
			t.Fatal(err)
		}
		paths = append(paths, p)
	}
	t.Chdir(dir)
	paths = append(paths,
		"x.py", "./sub/xx.py", "sub/../x.py", // relative, and in the working directory
		filepath.Join(dir, "missing.py"), filepath.Join(dir, "nodir", "x.py"), // not there
		sub, sub+"/", filepath.Join(dir, "x.py", "y.py"), // a directory, and a file taken for one
		"/", "missing.py", "")
	var r sourceReader
	defer r.Close()
	for round := range 2 {
		for _, p := range paths {
			want, wantErr := os.ReadFile(p)
			got, err := r.read(p)
			if !bytes.Equal(got, want) || (err == nil) != (wantErr == nil) || err != nil && err.Error() != wantErr.Error() {
				t.Errorf("round %d, %q: read %d bytes (%v), os.ReadFile %d (%v)", round, p, len(got), err, len(want), wantErr)
			}
		}
	}
}

// a sourceReader's slab: files of every size, across slabs, spilling
// out of one, each read kept apart from the others.
func TestSourceReaderSlab(t *testing.T) {
	dir := t.TempDir()
	var paths []string
	var want [][]byte
	for i, size := range []int{0, 100, 300000, slabSize - 300100 - 100, 7000, 50000, 2 * slabSize, slabRoom, slabRoom + 1, 1} {
		for j := range 3 {
			p := filepath.Join(dir, fmt.Sprintf("%d_%d.py", i, j))
			data := bytes.Repeat([]byte{byte('a' + i), byte('A' + j)}, size/2+1)[:size]
			if err := os.WriteFile(p, data, 0o644); err != nil {
				t.Fatal(err)
			}
			paths, want = append(paths, p), append(want, data)
		}
	}
	var r sourceReader
	defer r.Close()
	var got [][]byte
	for i, p := range paths {
		b, err := r.read(p)
		if err != nil || !bytes.Equal(b, want[i]) || b == nil {
			t.Fatalf("%s: read %d bytes (%v), want %d", p, len(b), err, len(want[i]))
		}
		got = append(got, b)
	}
	for i := range got {
		_ = append(got[i], "zz"...)
	}
	for i := range got {
		if !bytes.Equal(got[i], want[i]) {
			t.Errorf("%s changed after the reads that followed it", paths[i])
		}
	}
}
