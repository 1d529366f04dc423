package history_test

import (
	"bytes"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"testing"

	"github.com/retortdev/retort/history"
	"github.com/retortdev/retort/revision"
)

// aheadCase is a repository and a base to read there.
type aheadCase struct {
	name, dir string
	opt       history.Options
}

// aheadCases are the ways a base is read: a branch, a local ref, a ref
// that is missing (so that a fetch or an error follows), a shallow clone,
// the merge commit of a pull request, a SHA-256 repository, a ref that
// reads as an option, and no repository at all.
func aheadCases(t *testing.T) []aheadCase {
	origin, work := newOrigin(t)
	git(t, work, "checkout", "-q", "-b", "feature")
	commit(t, work, "c2", map[string]string{versions + "c2_posts.py": rev("c2", "b1", createTable("posts"))})
	git(t, work, "push", "-q", "origin", "feature")
	shallow := clone(t, origin, "--depth=1", "--branch", "feature")

	ci, pr := pullRequestMerge(t, origin, work, "feature")
	git(t, work, "checkout", "-q", "feature")

	sha256 := filepath.Join(t.TempDir(), "sha256")
	git(t, filepath.Dir(sha256), "init", "-q", "--object-format=sha256", "-b", "main", sha256)
	commit(t, sha256, "a0", map[string]string{
		"alembic.ini":            "[alembic]\nscript_location = migrations\n",
		"migrations/env.py":      "",
		versions + "a0_users.py": rev("a0", "", createTable("users")),
	})
	commit(t, sha256, "b1", map[string]string{versions + "b1_teams.py": rev("b1", "a0", createTable("teams"))})

	recursive := filepath.Join(t.TempDir(), "recursive")
	git(t, filepath.Dir(recursive), "init", "-q", "-b", "main", recursive)
	commit(t, recursive, "a0", map[string]string{
		"alembic.ini":                 "[alembic]\nscript_location = migrations\nrecursive_version_locations = true\n",
		"migrations/env.py":           "",
		versions + "2023/a0_users.py": rev("a0", "", createTable("users")),
		versions + "__pycache__/x.py": rev("x0", "", createTable("cached")),
	})
	commit(t, recursive, "b1", map[string]string{versions + "2024/b1_teams.py": rev("b1", "a0", createTable("teams"))})

	notGit := t.TempDir()
	write(t, notGit, map[string]string{
		"alembic.ini":            "[alembic]\nscript_location = migrations\n",
		"migrations/env.py":      "",
		versions + "a0_users.py": rev("a0", "", createTable("users")),
	})
	cases := []aheadCase{
		{"branch", work, history.Options{Base: "origin/main"}},
		{"local ref", work, history.Options{Base: "HEAD~1"}},
		{"up to date", work, history.Options{Base: "HEAD"}},
		{"missing ref", work, history.Options{Base: "origin/nope"}},
		{"option-like ref", work, history.Options{Base: "--all"}},
		{"shallow", shallow, history.Options{Base: "origin/main"}},
		{"merge commit", ci, history.Options{Getenv: pr}},
		{"sha256", sha256, history.Options{Base: "HEAD~1"}},
		{"recursive", recursive, history.Options{Base: "HEAD~1"}},
		{"not a repository", notGit, history.Options{Base: "origin/main"}},
	}
	for i := range cases {
		if cases[i].opt.Getenv == nil {
			cases[i].opt.Getenv = func(string) string { return "" }
		}
	}
	return cases
}

// TestAheadSaysWhatEachCommandSays: each git command runAhead records,
// the ones asked of a single rev-parse included, says what it says run on
// its own, so that gitBase, taking it instead, takes the same path.
func TestAheadSaysWhatEachCommandSays(t *testing.T) {
	for _, c := range aheadCases(t) {
		t.Run(c.name, func(t *testing.T) {
			n, differ := history.AheadAgrees(mustLoad(t, c.dir, nil), c.opt)
			for _, d := range differ {
				t.Error(d)
			}
			if c.name != "not a repository" && n == 0 {
				t.Errorf("nothing was run ahead")
			}
		})
	}
}

// TestAheadLoadsWhatLoadDoes: Load given a GitAhead, taken, stopped
// before Load, or started for another base, finds what Load alone finds,
// error or history, and logs the same. Fetches change the repository, so
// each way runs on a fresh set of repositories.
func TestAheadLoadsWhatLoadDoes(t *testing.T) {
	ways := []struct {
		name string
		load func(t *testing.T, dir string, opt history.Options) (*revision.Project, *history.History, error)
	}{
		{"alone", func(t *testing.T, dir string, opt history.Options) (*revision.Project, *history.History, error) {
			proj := mustLoad(t, dir, nil)
			h, err := history.Load(proj, opt)
			return proj, h, err
		}},
		{"ahead", func(t *testing.T, dir string, opt history.Options) (*revision.Project, *history.History, error) {
			proj := mustLoad(t, dir, func(p *revision.Project) { opt.Ahead = history.GitAhead(p, opt) })
			defer opt.Ahead.Stop()
			h, err := history.Load(proj, opt)
			if opt.Ahead != nil && history.AheadRunning(opt.Ahead) {
				t.Errorf("Load returned while the git work ahead runs")
			}
			return proj, h, err
		}},
		{"stopped", func(t *testing.T, dir string, opt history.Options) (*revision.Project, *history.History, error) {
			proj := mustLoad(t, dir, func(p *revision.Project) { opt.Ahead = history.GitAhead(p, opt) })
			opt.Ahead.Stop()
			opt.Ahead.Stop()
			if opt.Ahead != nil && history.AheadRunning(opt.Ahead) {
				t.Errorf("Stop returned while the git work ahead runs")
			}
			h, err := history.Load(proj, opt)
			return proj, h, err
		}},
		{"another base", func(t *testing.T, dir string, opt history.Options) (*revision.Project, *history.History, error) {
			other := opt
			other.Base, other.Getenv = "HEAD", func(string) string { return "" }
			proj := mustLoad(t, dir, func(p *revision.Project) { opt.Ahead = history.GitAhead(p, other) })
			defer opt.Ahead.Stop()
			h, err := history.Load(proj, opt)
			return proj, h, err
		}},
		{"another project", func(t *testing.T, dir string, opt history.Options) (*revision.Project, *history.History, error) {
			mustLoad(t, dir, func(p *revision.Project) { opt.Ahead = history.GitAhead(p, opt) })
			defer opt.Ahead.Stop()
			proj := mustLoad(t, dir, nil)
			h, err := history.Load(proj, opt)
			return proj, h, err
		}},
	}
	var want []string
	for i, w := range ways {
		for j, c := range aheadCases(t) {
			var log bytes.Buffer
			c.opt.Log = &log
			proj, h, err := w.load(t, c.dir, c.opt)
			got := fmt.Sprintf("error: %v\nlog: %s\n%s", err, log.String(), describe(proj, h))
			// each set of repositories has its own folders and commits
			got = tempDir.ReplaceAllString(got, "TMP")
			got = objectID.ReplaceAllString(got, "OID")
			if i == 0 {
				want = append(want, got)
			} else if got != want[j] {
				t.Errorf("%s, %s:\n%s\nalone:\n%s", w.name, c.name, got, want[j])
			}
		}
	}
}

var (
	tempDir  = regexp.MustCompile(regexp.QuoteMeta(os.TempDir()) + `/[^/]+/[0-9]+`)
	objectID = regexp.MustCompile(`\b[0-9a-f]{40}([0-9a-f]{24})?\b`)
)

// mustLoad loads the project in dir, calling discovered as it is
// discovered.
func mustLoad(t *testing.T, dir string, discovered func(*revision.Project)) *revision.Project {
	t.Helper()
	proj, err := revision.LoadWith(filepath.Join(dir, "alembic.ini"), revision.LoadOptions{Discovered: discovered})
	if err != nil {
		t.Fatal(err)
	}
	return proj
}

// describe renders what a history knows, with the paths from their
// repository's folder, so that two sets of repositories compare.
func describe(proj *revision.Project, h *history.History) string {
	if h == nil {
		return "no history"
	}
	top := filepath.Dir(proj.Root)
	snap := func(s *history.Snapshot) string {
		if s == nil {
			return "nil"
		}
		var revs []string
		for _, id := range slices.Sorted(maps.Keys(s.Revisions)) {
			p, _ := filepath.Rel(top, s.Revisions[id].Path)
			revs = append(revs, id+"@"+p)
		}
		return fmt.Sprintf("%s heads %v revisions %v", s.Name, s.Heads, revs)
	}
	return fmt.Sprintf("base: %s\ntip: %s\nadded %v edited %v\nbasis %v",
		snap(h.Base), snap(h.Tip), h.Added, h.Edited, history.BasisOf(h))
}
