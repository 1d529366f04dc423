// Package scaffold writes new revision files the way Alembic does: the
// merge revision of "alembic merge heads", rendered from the project's
// script.py.mako.
package scaffold

import (
	"crypto/rand"
	"embed"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/retortdev/retort/revision"
)

//go:embed templates/script.py.mako
var templates embed.FS

// MergeOptions are the choices of "retort merge".
type MergeOptions struct {
	Message string    // default "merge heads"
	RevID   string    // default 12 random hex digits, like alembic's rev_id()
	Now     time.Time // default time.Now()
	// Heads limits the merge to these heads (ids or unique prefixes);
	// default every head, as "alembic merge heads".
	Heads []string
}

// Merged is a merge revision ready to be written.
type Merged struct {
	Path  string   // where the file goes
	Src   []byte   // its content
	RevID string   // the new revision id
	Heads []string // the merged heads, in Alembic's order
	Hooks string   // post_write_hooks configured, which retort does not run
}

// ErrOneHead is returned when there is nothing to merge.
var ErrOneHead = errors.New("nothing to merge")

// Merge prepares the revision that merges every head of the project, as
// "alembic merge heads" would write it.
func Merge(p *revision.Project, o MergeOptions) (*Merged, error) {
	g := p.Graph
	if len(g.Cycles) > 0 {
		return nil, fmt.Errorf("the revision graph has a cycle (%s); fix it before merging", strings.Join(g.Cycles[0], " -> "))
	}
	if len(g.Heads) < 2 {
		return nil, fmt.Errorf("%w: %d head", ErrOneHead, len(g.Heads))
	}
	if o.Message == "" {
		o.Message = "merge heads"
	}
	if o.Now.IsZero() {
		o.Now = time.Now()
	}
	if o.RevID == "" {
		var b [16]byte
		if _, err := rand.Read(b[:]); err != nil {
			return nil, err
		}
		b[6] = b[6]&0x0f | 0x40 // a version 4 UUID, as uuid4() makes
		b[8] = b[8]&0x3f | 0x80
		o.RevID = hex.EncodeToString(b[:])[20:]
	}
	if !revIDRE.MatchString(o.RevID) {
		return nil, fmt.Errorf("revision id %q: use letters, digits and underscores", o.RevID)
	}
	if _, taken := g.Revs[o.RevID]; taken {
		return nil, fmt.Errorf("revision id %q already exists", o.RevID)
	}
	st, err := p.Settings()
	if err != nil {
		return nil, err
	}
	heads, err := pickHeads(headsInLoadOrder(p), o.Heads)
	if err != nil {
		return nil, err
	}
	m := &Merged{RevID: o.RevID}
	for _, h := range heads {
		m.Heads = append(m.Heads, h.ID)
	}

	created, err := createDate(st, o.Now)
	if err != nil {
		return nil, err
	}
	tmpl, err := scriptTemplate(p)
	if err != nil {
		return nil, err
	}
	vars := map[string]any{
		"up_revision":   o.RevID,
		"down_revision": tuple(anySlice(m.Heads)),
		"branch_labels": nil,
		"depends_on":    nil,
		"create_date":   created,
		"comma":         comma,
		"message":       o.Message,
		"config":        configObject(st),
	}
	out, err := tmpl.Render(vars)
	if err != nil {
		return nil, err
	}
	m.Src = []byte(out)

	dir, err := versionDir(p, heads)
	if err != nil {
		return nil, err
	}
	fname, err := fileName(st, o.RevID, o.Message, created)
	if err != nil {
		return nil, err
	}
	m.Path = filepath.Join(dir, fname)
	m.Hooks, _ = st.AlembicOption("hooks")
	if h, ok := st.Tool("post_write_hooks"); ok && m.Hooks == "" && h != nil {
		m.Hooks = "post_write_hooks"
	}
	return m, m.check(p, o.Message)
}

// comma is Alembic's format_as_comma, the filter of "Revises:".
var comma = callable(func(args []any, _ map[string]any) (any, error) {
	if len(args) != 1 {
		return nil, fmt.Errorf("comma() takes one argument")
	}
	switch v := args[0].(type) {
	case nil:
		return "", nil
	case string:
		return v, nil
	case tuple, list:
		return strJoin(items(v), ", ")
	}
	return nil, fmt.Errorf("don't know how to comma-format the value")
})

var revIDRE = regexp.MustCompile(`^[A-Za-z0-9_]+$`)

func anySlice(ss []string) []any {
	out := make([]any, len(ss))
	for i, s := range ss {
		out[i] = s
	}
	return out
}

func strJoin(vals []any, sep string) (string, error) {
	parts := make([]string, len(vals))
	for i, v := range vals {
		s, err := pyStr(v)
		if err != nil {
			return "", err
		}
		parts[i] = s
	}
	return strings.Join(parts, sep), nil
}

// check parses the rendered file and makes sure that it merges the heads
// into one, so that a template missing down_revision never writes a file
// that leaves the project broken.
func (m *Merged) check(p *revision.Project, message string) error {
	f := revision.Parse(m.Path, m.Src)
	if len(f.Errors) > 0 && strings.Contains(message, `"""`) {
		// alembic writes the message raw into the docstring, too
		return fmt.Errorf("the merge message %q contains \"\"\", which ends the docstring of the revision file (line %d: %s); use a message without it", message, f.Errors[0].Line, f.Errors[0].Msg)
	}
	if len(f.Errors) > 0 {
		return fmt.Errorf("the rendered merge revision does not parse (line %d: %s); check script.py.mako", f.Errors[0].Line, f.Errors[0].Msg)
	}
	if f.Revision != m.RevID || strings.Join(f.DownRevisions, " ") != strings.Join(m.Heads, " ") {
		return fmt.Errorf("the rendered merge revision declares revision %q with down_revision %v, not %q with %v; check script.py.mako", f.Revision, f.DownRevisions, m.RevID, m.Heads)
	}
	g := revision.NewGraph(append(append([]*revision.File(nil), p.Files...), f))
	if want := len(p.Graph.Heads) - len(m.Heads) + 1; len(g.Heads) != want {
		return fmt.Errorf("after the merge the graph has %d heads, not %d", len(g.Heads), want)
	}
	return nil
}

// Write writes the file, creating its folder; it never overwrites one.
func (m *Merged) Write() error {
	if err := os.MkdirAll(filepath.Dir(m.Path), 0o755); err != nil {
		return err
	}
	f, err := os.OpenFile(m.Path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if err != nil {
		return err
	}
	if _, err := f.Write(m.Src); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

// headsInLoadOrder returns the heads in the order Alembic lists them: the
// order its revisions were loaded in, version locations as configured and
// each folder walked top-down with sorted names.
func headsInLoadOrder(p *revision.Project) []*revision.Rev {
	type keyed struct {
		rev *revision.Rev
		loc int
		rel []string
	}
	var hs []keyed
	for _, id := range p.Graph.Heads {
		r := p.Graph.Revs[id]
		abs, _ := filepath.Abs(r.File.Path)
		k := keyed{rev: r, loc: len(p.VersionDirs)}
		for i, d := range p.VersionDirs {
			da, _ := filepath.Abs(d)
			if rel, ok := revision.RelWithin(da, abs); ok {
				k.loc, k.rel = i, strings.Split(filepath.ToSlash(rel), "/")
				break
			}
		}
		hs = append(hs, k)
	}
	sort.SliceStable(hs, func(i, j int) bool {
		a, b := hs[i], hs[j]
		if a.loc != b.loc {
			return a.loc < b.loc
		}
		for n := 0; n < len(a.rel) && n < len(b.rel); n++ {
			if a.rel[n] == b.rel[n] {
				continue
			}
			// the files of a folder come before its subfolders
			aFile, bFile := n == len(a.rel)-1, n == len(b.rel)-1
			if aFile != bFile {
				return aFile
			}
			return a.rel[n] < b.rel[n]
		}
		return len(a.rel) < len(b.rel)
	})
	out := make([]*revision.Rev, len(hs))
	for i, h := range hs {
		out[i] = h.rev
	}
	return out
}

// pickHeads keeps the heads named in want, in Alembic's order.
func pickHeads(heads []*revision.Rev, want []string) ([]*revision.Rev, error) {
	if len(want) == 0 {
		return heads, nil
	}
	var out []*revision.Rev
	for _, w := range want {
		var found *revision.Rev
		for _, h := range heads {
			if strings.HasPrefix(h.ID, w) {
				if found != nil {
					return nil, fmt.Errorf("%q names more than one head", w)
				}
				found = h
			}
		}
		if found == nil {
			return nil, fmt.Errorf("%q is not a head", w)
		}
		out = append(out, found)
	}
	var ordered []*revision.Rev
	for _, h := range heads {
		for _, o := range out {
			if o == h {
				ordered = append(ordered, h)
				break
			}
		}
	}
	if len(ordered) < 2 {
		return nil, fmt.Errorf("%w: name at least two heads", ErrOneHead)
	}
	return ordered, nil
}

// createDate is Alembic's create_date: local time, or the configured
// timezone's (then printed with its offset).
func createDate(st *revision.Settings, now time.Time) (*datetime, error) {
	tz, ok := st.AlembicOption("timezone")
	if !ok || strings.TrimSpace(tz) == "" {
		return &datetime{t: now.Local()}, nil
	}
	loc, err := time.LoadLocation(strings.TrimSpace(tz))
	if err != nil {
		return nil, fmt.Errorf("timezone %q: %v", tz, err)
	}
	return &datetime{t: now.In(loc), aware: true}, nil
}

// scriptTemplate is the project's script.py.mako, else retort's default.
func scriptTemplate(p *revision.Project) (*Template, error) {
	if p.ScriptDir != "" {
		path := filepath.Join(p.ScriptDir, "script.py.mako")
		if src, err := os.ReadFile(path); err == nil {
			return ParseTemplate(path, src)
		}
	}
	src, _ := templates.ReadFile("templates/script.py.mako")
	return ParseTemplate("script.py.mako", src)
}

// versionDir is the folder of the new file: the only version location, or
// with several, the folder of the first head, as Alembic chooses.
func versionDir(p *revision.Project, heads []*revision.Rev) (string, error) {
	if len(p.VersionDirs) == 1 {
		return p.VersionDirs[0], nil
	}
	if len(heads) > 0 {
		return filepath.Dir(heads[0].File.Path), nil
	}
	return "", fmt.Errorf("several version locations; cannot choose one")
}

// slugRE is Python's \w, which matches letters and digits of any script.
var slugRE = regexp.MustCompile(`[\p{L}\p{N}\p{Mn}_]+`)

// fileName applies file_template (default "%(rev)s_%(slug)s") as
// Alembic's _rev_path does.
func fileName(st *revision.Settings, rev, message string, created *datetime) (string, error) {
	tmpl := "%(rev)s_%(slug)s"
	if v, ok := st.AlembicOption("file_template"); ok && strings.TrimSpace(v) != "" {
		tmpl = v
	}
	limit := 40
	if v, ok := st.AlembicOption("truncate_slug_length"); ok {
		n, err := strconv.Atoi(strings.TrimSpace(v))
		if err != nil {
			return "", fmt.Errorf("truncate_slug_length %q: not a number", v)
		}
		if n > 0 {
			limit = n
		}
	}
	slug := strings.ToLower(strings.Join(slugRE.FindAllString(message, -1), "_"))
	if r := []rune(slug); len(r) > limit {
		cut := string(r[:limit])
		if i := strings.LastIndexByte(cut, '_'); i >= 0 {
			cut = cut[:i]
		}
		slug = cut + "_"
	}
	t := created.t
	name, err := percentFormat(tmpl, dict{
		"rev": rev, "slug": slug, "epoch": int(t.Unix()),
		"year": t.Year(), "month": int(t.Month()), "day": t.Day(),
		"hour": t.Hour(), "minute": t.Minute(), "second": t.Second(),
	})
	if err != nil {
		return "", fmt.Errorf("file_template %q: %v", tmpl, err)
	}
	return filepath.FromSlash(name) + ".py", nil
}
