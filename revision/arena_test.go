package revision

import (
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/retortdev/retort/internal/synth"
)

// TestArenaPoisons checks that test binaries poison what an arena handed
// out (every other arena test relies on it), and that take hands out
// zeroed memory again after.
func TestArenaPoisons(t *testing.T) {
	if !poisonArena {
		t.Fatal("arenas do not poison in tests")
	}
	var a arena
	c := a.call()
	c.Name = "op.add_column"
	vs := a.values.take(3)
	vs[1].Text = "t"
	a.reset()
	if c.Name != freed || vs[1].Text != freed {
		t.Fatalf("reset left %q and %q, want them poisoned", c.Name, vs[1].Text)
	}
	if c2 := a.call(); c2 != c || !reflect.DeepEqual(*c2, Call{}) {
		t.Fatalf("the next call is %p %+v, want %p zeroed", c2, *c2, c)
	}
	if big := a.values.take(chunkLen + 1); len(big) != chunkLen+1 || cap(big) != chunkLen+1 {
		t.Fatalf("take(%d) gave len %d cap %d", chunkLen+1, len(big), cap(big))
	}
}

// TestVisitLoadKeepsNothingOfTheArena loads projects through Visit, with
// a visitor that reads every call of each tree as a rule would, and
// checks that the project keeps exactly the headers a load without Visit
// reads, none of them poisoned: nothing the project keeps points into the
// memory the arena reused for the next file.
func TestVisitLoadKeepsNothingOfTheArena(t *testing.T) {
	dirs, _ := filepath.Glob("../rules/testdata/*")
	synthDir := t.TempDir()
	if _, err := synth.Write(synthDir, synth.Options{Revisions: 300, Seed: 5, MergeEvery: 9}); err != nil {
		t.Fatal(err)
	}
	dirs = append(dirs, synthDir)
	loaded := 0
	var calls atomic.Int64 // the visitor runs on every parsing goroutine
	for _, dir := range dirs {
		if st, err := os.Stat(dir); err != nil || !st.IsDir() {
			continue
		}
		want, err := LoadHeaders(dir)
		if err != nil {
			continue // not a project
		}
		got, err := LoadHeadersWith(dir, LoadOptions{Visit: func(*Project) func(*File) {
			return func(f *File) {
				for _, fn := range f.Funcs {
					for _, c := range fn.Calls {
						if strings.Contains(c.Name, freed) {
							t.Errorf("%s: a call of %s was poisoned before its file was visited", dir, f.Path)
						}
						calls.Add(int64(len(c.Args) + len(c.Kwargs)))
					}
				}
			}
		}})
		if err != nil {
			t.Fatalf("%s: %v", dir, err)
		}
		loaded++
		if len(got.Files) != len(want.Files) {
			t.Fatalf("%s: %d files, want %d", dir, len(got.Files), len(want.Files))
		}
		for i, f := range got.Files {
			if poisoned(reflect.ValueOf(f)) {
				t.Errorf("%s: %s keeps memory of the arena", dir, f.Path)
			}
			if !reflect.DeepEqual(f, want.Files[i]) {
				t.Errorf("%s: the headers of %s differ from a load without Visit:\n got %s\nwant %s", dir, f.Path, describeFile(f), describeFile(want.Files[i]))
			}
		}
	}
	if calls.Load() == 0 {
		t.Fatal("the visitor saw no call arguments")
	}
	if loaded < 20 {
		t.Fatalf("loaded %d projects, want the rules' fixtures and a synthetic history", loaded)
	}
}

// poisoned reports whether a string reachable from v is the arena's
// poison.
func poisoned(v reflect.Value) bool {
	seen := map[uintptr]bool{}
	var walk func(v reflect.Value) bool
	walk = func(v reflect.Value) bool {
		switch v.Kind() {
		case reflect.String:
			return strings.Contains(v.String(), freed)
		case reflect.Pointer:
			if v.IsNil() || seen[v.Pointer()] {
				return false
			}
			seen[v.Pointer()] = true
			return walk(v.Elem())
		case reflect.Interface:
			return !v.IsNil() && walk(v.Elem())
		case reflect.Struct:
			for i := range v.NumField() {
				if walk(v.Field(i)) {
					return true
				}
			}
		case reflect.Slice, reflect.Array:
			for i := range v.Len() {
				if walk(v.Index(i)) {
					return true
				}
			}
		case reflect.Map:
			for it := v.MapRange(); it.Next(); {
				if walk(it.Key()) || walk(it.Value()) {
					return true
				}
			}
		}
		return false
	}
	return walk(v)
}
