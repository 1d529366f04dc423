package cli

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"

	"github.com/sethvargo/go-githubactions"

	"github.com/retortdev/retort/history"
	"github.com/retortdev/retort/report"
	"github.com/retortdev/retort/rules"
)

// inActions reports whether retort runs inside GitHub Actions.
func inActions(e *Env) bool { return e.getenv("GITHUB_ACTIONS") == "true" }

func (e *Env) getenv(k string) string {
	if e.Getenv == nil {
		return os.Getenv(k)
	}
	return e.Getenv(k)
}

// action is a go-githubactions handle writing workflow commands to w.
func action(e *Env, w io.Writer) *githubactions.Action {
	return githubactions.New(githubactions.WithWriter(w), githubactions.WithGetenv(e.getenv))
}

// githubOptions says where the run is: the workspace, the working
// directory and the commit the summary links to.
func githubOptions(e *Env, title string) report.GitHubOptions {
	wd := workDir()
	o := report.GitHubOptions{Workspace: e.getenv("GITHUB_WORKSPACE"), Dir: wd, Title: title}
	server, repo, sha := e.getenv("GITHUB_SERVER_URL"), e.getenv("GITHUB_REPOSITORY"), e.getenv("GITHUB_SHA")
	if server != "" && repo != "" && sha != "" {
		o.BlobURL = strings.TrimRight(server, "/") + "/" + repo + "/blob/" + sha
	}
	return o
}

// writeGitHub is --format github: one workflow command per finding on
// stdout, for any CI that reads GitHub's annotation syntax.
func writeGitHub(e *Env, res *report.Result) error {
	report.GitHubAnnotations(action(e, e.Stdout), res, githubOptions(e, ""))
	return nil
}

// writeSARIF is --format sarif.
func writeSARIF(e *Env, w io.Writer, res *report.Result) error {
	wd := workDir()
	return report.SARIF(w, res, report.SARIFOptions{
		Root:    repoRoot(e, wd),
		Dir:     wd,
		Version: Version,
		Rules:   rules.All,
		Doc:     rules.Doc,
		DocsURL: report.RuleDocsURL,
	})
}

// repoRoot is the root SARIF paths are relative to: the Actions
// workspace, else the git work tree holding dir, else dir.
func repoRoot(e *Env, dir string) string {
	if ws := e.getenv("GITHUB_WORKSPACE"); ws != "" {
		return ws
	}
	cmd := exec.Command("git", "rev-parse", "--show-toplevel")
	cmd.Dir = dir
	if out, err := cmd.Output(); err == nil {
		if top := strings.TrimSpace(string(out)); top != "" {
			return top
		}
	}
	return dir
}

// githubAuto adds what GitHub shows beyond the chosen --format when retort
// runs inside GitHub Actions (GITHUB_ACTIONS=true): annotations on the
// files, the step summary (findings, replay timings, the revision graph
// with the revisions this change adds), the outputs errors, warnings,
// heads and sarif-file, and a SARIF file when RETORT_SARIF_FILE names one.
// Outside Actions it does nothing.
func githubAuto(e *Env, format string, l *loaded, res *report.Result) error {
	if !inActions(e) {
		return nil
	}
	res.Graph = l.proj.Graph
	if base := history.PullRequestBase(e.getenv); base != "" && res.New == nil {
		// replay alone: lint's history, when it ran, already says
		res.New = newRevisions(l, base)
	}
	o := githubOptions(e, "retort")
	if path := e.getenv("RETORT_SARIF_FILE"); path != "" {
		if err := writeSARIFFile(e, path, res); err != nil {
			return err
		}
		o.SARIFFile = path
	}
	// annotations share stdout with text; machine formats keep stdout clean
	w := e.Stderr
	if format == "text" {
		w = e.Stdout
	}
	o.SkipAnnotations = format == "github" // already on stdout
	if err := report.GitHub(action(e, w), res, o); err != nil {
		return err
	}
	if e.getenv("RETORT_COMMENT") == "true" { // the action's comment input
		if err := postComment(e, res, 0); err != nil {
			fmt.Fprintf(e.Stderr, "::warning title=retort::the pull request comment was not posted: %v\n", err)
		}
	}
	return nil
}

func writeSARIFFile(e *Env, path string, res *report.Result) error {
	var buf bytes.Buffer
	if err := writeSARIF(e, &buf, res); err != nil {
		return err
	}
	if dir := filepath.Dir(path); dir != "." {
		if err := os.MkdirAll(dir, 0o755); err != nil {
			return fmt.Errorf("sarif file: %w", err)
		}
	}
	if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
		return fmt.Errorf("sarif file: %w", err)
	}
	return nil
}

// githubReplayStart masks the database URL and opens a log group around
// the replay inside GitHub Actions; the returned function closes it.
// Outside Actions both do nothing.
func githubReplayStart(e *Env, plan, databaseURL string) func() {
	if !inActions(e) {
		return func() {}
	}
	a := action(e, e.Stderr)
	report.GitHubMask(a, databaseURL)
	report.GitHubMask(a, e.getenv("RETORT_DATABASE_URL"))
	a.Group("retort replay (" + plan + " plan)")
	return a.EndGroup
}

// newRevisions lists the revisions whose files were added since the merge
// base of ref and HEAD; nil when git cannot tell (no repository, ref not
// fetched).
func newRevisions(l *loaded, ref string) []string {
	git := func(args ...string) (string, error) {
		cmd := exec.Command("git", args...)
		cmd.Dir = l.proj.Root
		out, err := cmd.Output()
		return strings.TrimSpace(string(out)), err
	}
	top, err := git("rev-parse", "--show-toplevel")
	if err != nil {
		return nil
	}
	out, err := git("diff", "--name-only", "--no-renames", "--diff-filter=A", ref+"...HEAD")
	if err != nil {
		// a shallow checkout has no merge base; GitHub checks a pull request
		// out as its merge into the base, so the base's tip does as well
		if out, err = git("diff", "--name-only", "--no-renames", "--diff-filter=A", ref, "HEAD"); err != nil {
			return nil
		}
	}
	added := map[string]bool{}
	for _, p := range strings.Split(out, "\n") {
		if p != "" {
			added[filepath.Join(top, filepath.FromSlash(p))] = true
		}
	}
	var ids []string
	for _, f := range l.proj.Files {
		abs, err := filepath.Abs(f.Path)
		if err != nil {
			continue
		}
		if real, err := filepath.EvalSymlinks(abs); err == nil {
			abs = real
		}
		if added[abs] && f.Revision != "" {
			ids = append(ids, f.Revision)
		}
	}
	return ids
}
