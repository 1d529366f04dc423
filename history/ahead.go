package history

import (
	"context"
	"os/exec"
	"slices"
	"strings"

	"github.com/retortdev/retort/revision"
)

// gitRan holds what git commands said, by ranKey: the ones runAhead ran,
// which gitBase does not run again.
type gitRan map[string]gitResult

type gitResult struct {
	out string
	err error
	// for git ls-tree, by revisionFiles: the revision files it lists
	entries []blobEntry
	listed  bool
}

// ranKey names a git command run in dir.
func ranKey(dir string, args []string) string {
	return dir + "\x00" + strings.Join(args, "\x00")
}

// ahead is what runAhead needs to know: where the repository and the
// versions folders are, and the base.
type ahead struct {
	dir         string   // where git runs (repoDir)
	versionDirs []string // the project's versions folders
	recursive   bool     // read recursively
	ref         string
	actions     bool
	sha         string // $GITHUB_SHA, for the pull request's merge commit
}

func (a ahead) equal(b ahead) bool {
	return a.dir == b.dir && slices.Equal(a.versionDirs, b.versionDirs) && a.recursive == b.recursive && a.ref == b.ref && a.actions == b.actions && a.sha == b.sha
}

func aheadOf(proj *revision.Project, b baseSpec) ahead {
	return ahead{
		dir:         repoDir(proj),
		versionDirs: slices.Clone(proj.VersionDirs),
		recursive:   proj.Recursive,
		ref:         b.ref,
		actions:     b.actions,
		sha:         b.getenv("GITHUB_SHA"),
	}
}

// runAhead runs the git commands gitBase runs before it reads any
// revision file, in its order, as far as gitBase would run them without
// fetching: finding the work tree, resolving the base, listing the
// versions folders at the base's tip and merge base. They only read the
// repository; a command that fails ends the run, and gitBase runs what
// follows (fetches, and what depends on them) as it would have. The
// first three commands are asked of one git rev-parse when that answers
// each on its own line.
func runAhead(ctx context.Context, a ahead) gitRan {
	ran := gitRan{}
	if _, err := exec.LookPath("git"); err != nil {
		return ran // gitBase says so
	}
	r := &repo{dir: a.dir, ctx: ctx, ran: ran, record: true}
	third := []string{"--verify", "--quiet", a.ref + "^{commit}"} // resolve's
	if a.actions {
		third = []string{"HEAD"} // prMergeParent's
	}
	if !strings.HasPrefix(a.ref, "-") { // else the ref might read as an option
		r.revParse([]string{"--show-toplevel"}, []string{"--is-shallow-repository"}, third)
	}
	top, err := r.git("rev-parse", "--show-toplevel")
	if err != nil {
		return ran
	}
	r.top = strings.TrimSpace(top)
	r.git("rev-parse", "--is-shallow-repository")
	if a.actions {
		if first := r.prMergeParent(a.sha); first != "" {
			if r.ok("cat-file", "-e", first+"^{commit}") {
				r.revisionFiles(first, a.versionDirs, a.recursive)
			}
			return ran
		}
	}
	c, err := r.git("rev-parse", "--verify", "--quiet", a.ref+"^{commit}")
	if err != nil {
		return ran
	}
	tip := strings.TrimSpace(c)
	if _, err := r.revisionFiles(tip, a.versionDirs, a.recursive); err != nil {
		return ran
	}
	if mb, err := r.git("merge-base", "HEAD", tip); err == nil && strings.TrimSpace(mb) != tip {
		r.revisionFiles(strings.TrimSpace(mb), a.versionDirs, a.recursive)
	}
	return ran
}

// revParse runs git rev-parse with the arguments of each command in
// turn, and records what each said, when the one command succeeds and
// says one line for each; else nothing is recorded, and each command
// runs on its own when it is asked.
func (r *repo) revParse(cmds ...[]string) {
	args := []string{"rev-parse"}
	for _, c := range cmds {
		args = append(args, c...)
	}
	out, err := r.run(nil, args)
	lines := strings.SplitAfter(out, "\n")
	if err != nil || len(lines) != len(cmds)+1 || lines[len(cmds)] != "" {
		return
	}
	for i, c := range cmds {
		if strings.TrimSpace(lines[i]) == "" {
			return
		}
		r.ran[ranKey(r.dir, append([]string{"rev-parse"}, c...))] = gitResult{out: lines[i]}
	}
}

// Ahead is the git work Load runs for a base, started on a goroutine
// before the project's files are read (GitAhead). It is not safe for
// concurrent use.
type Ahead struct {
	proj    *revision.Project
	a       ahead
	cancel  context.CancelFunc
	done    chan struct{}
	ran     gitRan // set once done is closed
	stopped bool
}

// GitAhead starts the git commands Load runs for the base that opt names
// (Base, Getenv) for the project proj as discovery found it: its versions
// folders and repository are known before its files are read, and git
// works on them while the files load. It returns nil when opt names no
// base. Load, given it in Options.Ahead, waits for it; a command that does
// not load the history calls Stop, which ends it. Nothing it ran shows
// before Load: a failure is Load's to report, as it would have.
func GitAhead(proj *revision.Project, opt Options) *Ahead {
	b := baseOf(opt)
	if b.ref == "" {
		return nil
	}
	a := aheadOf(proj, b)
	ctx, cancel := context.WithCancel(context.Background())
	g := &Ahead{proj: proj, a: a, cancel: cancel, done: make(chan struct{})}
	go func() {
		defer close(g.done)
		g.ran = runAhead(ctx, a)
	}()
	return g
}

// Stop ends the git commands still running and waits for them. It may be
// called on nil, and again, and after Load.
func (g *Ahead) Stop() {
	if g == nil {
		return
	}
	g.stopped = true
	g.cancel()
	<-g.done
}

// take waits for the commands and returns what they said, once, when
// they were run for proj and a; else nil.
func (g *Ahead) take(proj *revision.Project, a ahead) gitRan {
	if g == nil || g.stopped || g.proj != proj || !g.a.equal(a) {
		return nil
	}
	<-g.done
	g.cancel()
	ran := g.ran
	g.ran, g.stopped = nil, true
	return ran
}
