package history

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"unicode/utf8"

	"github.com/retortdev/retort/internal/atomicfile"
	"github.com/retortdev/retort/revision"
)

// SumHeader is the first line of a retort.sum file; the number is the
// format's version.
const SumHeader = "# retort.sum v1"

// SumFile is the name of the file.
const SumFile = "retort.sum"

// SumEntry is one line of retort.sum: a revision id, the path of its file
// relative to the sum file (with forward slashes), and its hash.
type SumEntry struct {
	ID, Path, Hash string
	Line           int // where it was read from; 0 for new entries
}

// SumPath returns where a project's retort.sum lives: beside its (first)
// versions folder.
func SumPath(proj *revision.Project) string {
	if len(proj.VersionDirs) == 0 {
		return filepath.Join(proj.Root, SumFile)
	}
	return filepath.Join(filepath.Dir(filepath.Clean(proj.VersionDirs[0])), SumFile)
}

// ReadSum reads a retort.sum file. A missing file is os.ErrNotExist.
func ReadSum(path string) ([]SumEntry, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	return ParseSum(path, data)
}

// ParseSum parses the content of a retort.sum file.
func ParseSum(path string, data []byte) ([]SumEntry, error) {
	// one copy of the file, which the entries' strings are substrings of
	text := string(data)
	out := make([]SumEntry, 0, strings.Count(text, "\n"))
	seen := make(map[string]int, cap(out))
	n := 0
	header := false
	for len(text) > 0 {
		raw := text
		if i := strings.IndexByte(text, '\n'); i >= 0 {
			raw, text = text[:i], text[i+1:]
		} else {
			text = ""
		}
		n++
		if len(raw) >= maxSumLine {
			return nil, fmt.Errorf("%s: %v", path, bufio.ErrTooLong)
		}
		line := strings.TrimSpace(raw)
		skip, err := notAnEntry(path, n, line, &header)
		if err != nil {
			return nil, err
		}
		if skip {
			continue
		}
		e, ok := sumFields(line)
		if !ok {
			return nil, fmt.Errorf("%s:%d: want \"<revision> <path> <hash>\", found %q", path, n, line)
		}
		e.Line = n
		if prev, dup := seen[e.ID]; dup {
			return nil, fmt.Errorf("%s:%d: revision %q is listed twice (first on line %d)", path, n, e.ID, prev)
		}
		seen[e.ID] = n
		out = append(out, e)
	}
	if !header && n > 0 {
		return nil, fmt.Errorf("%s: not a retort.sum file: the first line must be %q", path, SumHeader)
	}
	return out, nil
}

// notAnEntry reports whether line n of retort.sum (trimmed) holds no
// entry: it is empty, a comment, or the header, which *header says was
// read; a first line that is not the header is an error.
func notAnEntry(path string, n int, line string, header *bool) (bool, error) {
	if line == "" {
		return true, nil
	}
	if !*header {
		*header = true
		return true, checkHeader(path, n, line)
	}
	return strings.HasPrefix(line, "#"), nil
}

// checkHeader checks the first line of retort.sum, line n of the file.
func checkHeader(path string, n int, line string) error {
	if line == SumHeader {
		return nil
	}
	if strings.HasPrefix(line, "# retort.sum ") {
		return fmt.Errorf("%s:%d: format %q is newer than this retort reads (%q); upgrade retort", path, n, strings.TrimPrefix(line, "# retort.sum "), strings.TrimPrefix(SumHeader, "# retort.sum "))
	}
	return fmt.Errorf("%s:%d: not a retort.sum file: the first line must be %q", path, n, SumHeader)
}

// maxSumLine is the length from which a line of retort.sum is too long,
// as it was when a bufio.Scanner read the file.
const maxSumLine = 1 << 20

// sumFields splits a line of retort.sum (trimmed, not empty) into its
// fields: the first is the revision, the last the hash, and those
// between, joined with single spaces, the path. ok is false when there
// are fewer than three or the last is not a hash.
func sumFields(line string) (e SumEntry, ok bool) {
	simple := true // ASCII, with no whitespace but single spaces
	for i := 0; i < len(line); i++ {
		if c := line[i]; c >= utf8.RuneSelf || c == '\t' || c == '\n' || c == '\v' || c == '\f' || c == '\r' || (c == ' ' && i > 0 && line[i-1] == ' ') {
			simple = false
			break
		}
	}
	if !simple {
		f := strings.Fields(line)
		if len(f) < 3 || !strings.HasPrefix(f[len(f)-1], "h1:") {
			return e, false
		}
		return SumEntry{ID: f[0], Path: strings.Join(f[1:len(f)-1], " "), Hash: f[len(f)-1]}, true
	}
	first, last := strings.IndexByte(line, ' '), strings.LastIndexByte(line, ' ')
	if first < 0 || first == last || !strings.HasPrefix(line[last+1:], "h1:") {
		return e, false
	}
	return SumEntry{ID: line[:first], Path: line[first+1 : last], Hash: line[last+1:]}, true
}

// FormatSum writes entries sorted by revision id.
func FormatSum(entries []SumEntry) []byte {
	sorted := append([]SumEntry(nil), entries...)
	sort.Slice(sorted, func(i, j int) bool { return sorted[i].ID < sorted[j].ID })
	var b bytes.Buffer
	b.WriteString(SumHeader + "\n")
	for _, e := range sorted {
		fmt.Fprintf(&b, "%s %s %s\n", e.ID, e.Path, e.Hash)
	}
	return b.Bytes()
}

// SumSnapshot turns the entries of the sum file at path into a snapshot;
// its paths are the recorded ones joined to the sum file's directory,
// as found (report shows paths relative to the working directory).
func SumSnapshot(path string, entries []SumEntry) *Snapshot {
	s := &Snapshot{Name: path, Revisions: make(map[string]*BaseRevision, len(entries))}
	dir := filepath.Dir(path)
	slab := make([]BaseRevision, len(entries)) // one allocation, not one per entry
	for i, e := range entries {
		slab[i] = BaseRevision{ID: e.ID, Path: filepath.Join(dir, filepath.FromSlash(e.Path)), Hash: e.Hash}
		s.Revisions[e.ID] = &slab[i]
	}
	return s
}

// LoadSum reads the project's retort.sum; nil and no error when it has none.
func LoadSum(proj *revision.Project) (*Snapshot, error) {
	path := SumPath(proj)
	entries, err := ReadSum(path)
	if errors.Is(err, os.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	return SumSnapshot(path, entries), nil
}

// SumChange is a revision whose recorded hash no longer matches, or that
// retort.sum records but the project no longer has (Now is "").
type SumChange struct {
	ID, Path string
	Was, Now string
	WasPath  string
	Recorded int // the line in retort.sum
}

// SumUpdate is what `retort sum` did or would do.
type SumUpdate struct {
	Path    string   // the sum file
	Created bool     // there was none
	Added   []string // revision ids recorded for the first time
	Moved   []string // revisions whose file was renamed
	Changed []SumChange
	Removed []SumChange
	Total   int
	Written bool
}

// ErrSumConflict is returned by UpdateSum when recorded revisions changed
// or disappeared and force is false.
var ErrSumConflict = errors.New("recorded revisions changed")

// UpdateSum brings the project's retort.sum up to date: it records new
// revisions and renamed files, and with force also changed and deleted
// ones. Without force, a changed or deleted revision leaves the file as it
// is and returns ErrSumConflict with the update saying which.
func UpdateSum(proj *revision.Project, force bool) (*SumUpdate, error) {
	path := SumPath(proj)
	u := &SumUpdate{Path: path}
	old, err := ReadSum(path)
	if errors.Is(err, os.ErrNotExist) {
		u.Created = true
	} else if err != nil {
		return nil, err
	}
	byID := map[string]SumEntry{}
	for _, e := range old {
		byID[e.ID] = e
	}
	dir := filepath.Dir(path)
	var entries []SumEntry
	present := map[string]bool{}
	for _, id := range sortedIDs(proj.Graph) {
		f := proj.Graph.Revs[id].File
		present[id] = true
		rel := relPath(dir, f.Path)
		e := SumEntry{ID: id, Path: rel, Hash: Hash(f)}
		prev, recorded := byID[id]
		switch {
		case !recorded:
			u.Added = append(u.Added, id)
		case prev.Hash != e.Hash:
			u.Changed = append(u.Changed, SumChange{ID: id, Path: f.Path, Was: prev.Hash, Now: e.Hash, WasPath: prev.Path, Recorded: prev.Line})
			if !force {
				e = prev
			}
		case prev.Path != e.Path:
			u.Moved = append(u.Moved, id)
		}
		entries = append(entries, e)
	}
	for _, e := range old {
		if !present[e.ID] {
			u.Removed = append(u.Removed, SumChange{ID: e.ID, Path: filepath.Join(dir, filepath.FromSlash(e.Path)), Was: e.Hash, WasPath: e.Path, Recorded: e.Line})
			if !force {
				entries = append(entries, e)
			}
		}
	}
	u.Total = len(entries)
	if !force && (len(u.Changed) > 0 || len(u.Removed) > 0) {
		return u, ErrSumConflict
	}
	data := FormatSum(entries)
	if cur, err := os.ReadFile(path); err == nil && bytes.Equal(cur, data) {
		return u, nil
	}
	if err := atomicfile.Write(path, data, 0o644); err != nil {
		return u, err
	}
	u.Written = true
	return u, nil
}

func sortedIDs(g *revision.Graph) []string {
	ids := make([]string, 0, len(g.Revs))
	for id := range g.Revs {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	return ids
}

// relPath returns p relative to dir with forward slashes.
func relPath(dir, p string) string {
	ad, err1 := filepath.Abs(dir)
	ap, err2 := filepath.Abs(p)
	if err1 == nil && err2 == nil {
		if rel, err := filepath.Rel(ad, ap); err == nil {
			return filepath.ToSlash(rel)
		}
	}
	return filepath.ToSlash(p)
}
