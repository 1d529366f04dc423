package history_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/retortdev/retort/history"
	"github.com/retortdev/retort/lint"
	"github.com/retortdev/retort/revision"
	"github.com/retortdev/retort/rules"
)

// TestBlobIDMatchesGit: the id snapshot computes for a file's content is
// the one git gives the same bytes, for SHA-1 and SHA-256 repositories.
func TestBlobIDMatchesGit(t *testing.T) {
	for _, format := range []string{"sha1", "sha256"} {
		dir := t.TempDir()
		git(t, dir, "init", "-q", "--object-format="+format, dir)
		for _, content := range []string{"", "x", "revision = 'a0'\n", "a\r\nb\r\n", strings.Repeat("é\x00", 5000)} {
			p := filepath.Join(dir, "f")
			if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
				t.Fatal(err)
			}
			oid := git(t, dir, "hash-object", "--no-filters", "f")
			if !history.BlobIs([]byte(content), oid) {
				t.Errorf("%s: %q does not hash to git's %s", format, content, oid)
			}
			if history.BlobIs([]byte(content+" "), oid) {
				t.Errorf("%s: %q with a space hashes to %q's id", format, content, content)
			}
		}
	}
}

// TestBlobIDsAgreeWithReadingEveryBlob: comparing blob ids and reading
// only the blobs that differ finds what reading and comparing every blob
// found, on a change that edits, deletes, renames, swaps and adds
// revision files, has CRLF line ends under core.autocrlf, symlinks, and
// edits that are only in the working tree.
func TestBlobIDsAgreeWithReadingEveryBlob(t *testing.T) {
	_, work := newOrigin(t)
	defer func(was bool) { *history.ReadEveryBlob = was }(*history.ReadEveryBlob)
	compare := func() (fast, slow result) {
		*history.ReadEveryBlob = true
		slow = check(t, work, history.Options{Base: "origin/main"})
		*history.ReadEveryBlob = false
		fast = check(t, work, history.Options{Base: "origin/main"})
		if got, want := fast.short(), slow.short(); got != want {
			t.Errorf("findings:\n%s\nreading every blob:\n%s", got, want)
		}
		for i := range fast.diags {
			if i < len(slow.diags) && fast.diags[i] != slow.diags[i] {
				t.Errorf("finding %d:\n%+v\nreading every blob:\n%+v", i, fast.diags[i], slow.diags[i])
			}
		}
		if got, want := strings.Join(fast.h.Edited, " "), strings.Join(slow.h.Edited, " "); got != want {
			t.Errorf("edited = %q, reading every blob %q", got, want)
		}
		sameSnapshot(t, fast, slow)
		return fast, slow
	}

	// nothing changed since the base: it is the project, graph and all
	fast, _ := compare()
	if fast.h.Base.Graph != fast.proj.Graph || len(fast.h.Base.Revisions) != 2 || len(fast.diags) != 0 {
		t.Errorf("an unchanged project: base graph shared %v, %d revisions, findings %v", fast.h.Base.Graph == fast.proj.Graph, len(fast.h.Base.Revisions), fast.diags)
	}

	git(t, work, "config", "core.autocrlf", "true")
	commit(t, work, "more", map[string]string{
		versions + "c2_posts.py":   rev("c2", "b1", createTable("posts")),
		versions + "d3_tags.py":    rev("d3", "c2", createTable("tags")),
		versions + "e4_likes.py":   rev("e4", "d3", createTable("likes")),
		versions + "f5_crlf.py":    strings.ReplaceAll(rev("f5", "e4", createTable("crlf")), "\n", "\r\n"),
		versions + "g6_one.py":     rev("g6", "f5", createTable("one")),
		versions + "h7_two.py":     rev("h7", "g6", createTable("two")),
		versions + "i8_same.py":    rev("i8", "h7", createTable("same")),
		versions + "j9_crlfed.py":  rev("j9", "i8", createTable("crlfed")),
		versions + "k10_linked.py": rev("k10", "j9", createTable("linked")),
		"elsewhere/k10.py":         rev("k10", "j9", createTable("linked")),
	})
	if err := os.Symlink("a0_users.py", filepath.Join(work, versions+"link_a0.py")); err != nil {
		t.Fatal(err)
	}
	git(t, work, "add", "-A")
	git(t, work, "commit", "-q", "-m", "a symlink")
	git(t, work, "push", "-q", "origin", "main")
	git(t, work, "fetch", "-q", "origin")

	git(t, work, "checkout", "-q", "-b", "feature")
	git(t, work, "rm", "-q", versions+"d3_tags.py")
	git(t, work, "mv", versions+"e4_likes.py", versions+"2024_e4_likes.py")
	// g6 and h7 swap paths; i8 moves to a new path with its content as it was
	g6, h7 := rev("g6", "f5", createTable("one")), rev("h7", "g6", createTable("two"))
	git(t, work, "mv", versions+"i8_same.py", versions+"moved_i8.py")
	commit(t, work, "feature", map[string]string{
		versions + "c2_posts.py":  rev("c2", "b1", createTable("articles")), // an edit
		versions + "g6_one.py":    h7,
		versions + "h7_two.py":    g6,
		versions + "l11_new.py":   rev("l11", "k10", createTable("new")),
		versions + "j9_crlfed.py": strings.ReplaceAll(rev("j9", "i8", createTable("crlfed")), "\n", "\r\n"),
	})
	// in the working tree only: b1 edited, k10 a symlink to a copy
	write(t, work, map[string]string{versions + "b1_teams.py": rev("b1", "a0", createTable("crews"))})
	k10 := filepath.Join(work, versions+"k10_linked.py")
	if err := os.Remove(k10); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink("../../elsewhere/k10.py", k10); err != nil {
		t.Fatal(err)
	}

	fast, slow := compare()
	for _, want := range []string{"edited-applied-revision b1_teams.py", "edited-applied-revision c2_posts.py", "deleted-applied-revision 2024_e4_likes.py" /* it names d3 */} {
		if !strings.Contains(fast.short(), want) {
			t.Errorf("findings lack %q:\n%s", want, fast.short())
		}
	}
	for i := range fast.diags {
		if i < len(slow.diags) && fast.diags[i] != slow.diags[i] {
			t.Errorf("finding %d:\n%+v\nreading every blob:\n%+v", i, fast.diags[i], slow.diags[i])
		}
	}
	if got, want := strings.Join(fast.h.Added, " "), strings.Join(slow.h.Added, " "); got != want || got != "l11" {
		t.Errorf("added = %q, reading every blob %q, want l11", got, want)
	}
}

// sameSnapshot compares the base snapshots of two checks of one project:
// the same revisions, paths and contents, and the same files shared
// with the project.
func sameSnapshot(t *testing.T, fast, slow result) {
	t.Helper()
	fb, sb := fast.h.Base, slow.h.Base
	if len(fb.Revisions) != len(sb.Revisions) {
		t.Errorf("base has %d revisions, reading every blob %d", len(fb.Revisions), len(sb.Revisions))
	}
	if strings.Join(fb.Heads, " ") != strings.Join(sb.Heads, " ") {
		t.Errorf("base heads %v, reading every blob %v", fb.Heads, sb.Heads)
	}
	shared := func(r result, id string) bool {
		pr := r.proj.Graph.Revs[id]
		return pr != nil && pr.File == r.h.Base.Revisions[id].File
	}
	for id, s := range sb.Revisions {
		f := fb.Revisions[id]
		if f == nil {
			t.Errorf("base lacks %s", id)
			continue
		}
		if f.Path != s.Path || string(f.File.Src) != string(s.File.Src) {
			t.Errorf("%s: %s %q, reading every blob %s %q", id, f.Path, f.File.Src, s.Path, s.File.Src)
		}
		if shared(fast, id) != shared(slow, id) {
			t.Errorf("%s: the project's file shared: %v, reading every blob %v", id, shared(fast, id), shared(slow, id))
		}
	}
}

// TestBaseAndSum: with both a base and a retort.sum, a revision the base
// has is compared with its file there, and one only retort.sum records is
// compared with its hash, whether the files were hashed as they loaded
// or not.
func TestBaseAndSum(t *testing.T) {
	_, work := newOrigin(t)
	git(t, work, "checkout", "-q", "-b", "feature")
	commit(t, work, "c2", map[string]string{versions + "c2_posts.py": rev("c2", "b1", createTable("posts"))})
	load := func() *revision.Project {
		proj, err := revision.Load(filepath.Join(work, "alembic.ini"))
		if err != nil {
			t.Fatal(err)
		}
		return proj
	}
	if _, err := history.UpdateSum(load(), false); err != nil {
		t.Fatal(err)
	}
	write(t, work, map[string]string{
		versions + "b1_teams.py": rev("b1", "a0", createTable("squads")),   // edited since the base
		versions + "c2_posts.py": rev("c2", "b1", createTable("articles")), // edited since retort.sum recorded it
	})
	want := "edited-applied-revision b1_teams.py:16\nedited-applied-revision c2_posts.py:9"
	if got := check(t, work, history.Options{Base: "origin/main"}).short(); got != want {
		t.Errorf("findings:\n%s\nwant:\n%s", got, want)
	}
	// hashed as they loaded, as lint does without a base
	proj, hashes := load(), &history.Hashes{}
	for _, f := range proj.Files {
		revision.WithTokens(f.Src, func(toks []revision.Token) { hashes.Record(f, toks) })
	}
	h, err := history.Load(proj, history.Options{Base: "origin/main", Hashes: hashes, Getenv: func(string) string { return "" }})
	if err != nil {
		t.Fatal(err)
	}
	diags := lint.Run(proj, []*lint.Rule{rules.EditedAppliedRevision}, lint.Options{History: h})
	if got := (result{diags: diags}).short(); got != want {
		t.Errorf("with the hashes of the load, findings:\n%s\nwant:\n%s", got, want)
	}
}
