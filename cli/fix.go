package cli

import (
	"fmt"
	"path/filepath"

	"github.com/retortdev/retort/fix"
	"github.com/retortdev/retort/history"
	"github.com/retortdev/retort/internal/atomicfile"
	"github.com/retortdev/retort/lint"
	"github.com/retortdev/retort/revision"
	"github.com/retortdev/retort/rules"
)

func runFix(e *Env, args []string) int {
	fs := newFlags(e, "fix", "[PATH...]")
	showDiff := fs.Bool("diff", false, "print a unified diff and change nothing")
	var pf projectFlags
	fs.StringVar(&pf.config, "config", "", "configuration file (retort.toml or pyproject.toml); default: found next to the project")
	var hf historyFlags
	hf.register(fs)
	pos, code, ok := parse(fs, args, 1<<20)
	if !ok {
		return code
	}
	targets := []*fileTarget{{whole: true}}
	if len(pos) > 0 {
		targets = fileTargets(pos)
	}
	out := e.Stdout
	if *showDiff {
		out = e.Stderr // the diff goes to stdout
	}
	var fixed, left, files int
	var writes []pendingWrite // written once every file is verified
	code = eachTarget(e, targets, revision.LoadWith, &pf, &hf, func(t *fileTarget, l *loaded, opts lint.Options, diags []lint.Diagnostic) int {
		// without a history, every revision is in scope, applied ones
		// included: rewrite only revision files named explicitly
		if !*showDiff && !hf.all && history.BasisOf(opts.History).Kind == history.BasisNone && (t.whole || len(t.files) == 0) {
			return errorf(e, ExitUsage, "no --base and no retort.sum: retort fix would rewrite revisions production may have run; pass --base, record a baseline with retort sum, name the revision files to fix, or pass --all")
		}
		for i, f := range l.proj.Files {
			if !t.has(f.Path) {
				continue
			}
			shown := revision.DisplayPath(f.Path)
			res := fix.File(f, diags)
			if len(res.Fixed) > 0 {
				if err := verify(l.proj, i, res, opts); err != nil {
					return errorf(e, ExitFailure, "fix: %s: %v; no file was changed", shown, err)
				}
			}
			for _, c := range res.Changes() {
				if c.Fixed {
					fmt.Fprintf(out, "%s:%d: fixed [%s]: %s\n", shown, c.Line, c.Rule, c.What)
				} else {
					fmt.Fprintf(out, "%s:%d: not fixed [%s]: %s\n", shown, c.Line, c.Rule, c.What)
					left++
				}
				if c.Todo != "" {
					fmt.Fprintf(out, "  left for you: %s (the TODO line after it)\n", c.Todo)
					left++
				}
			}
			if len(res.Fixed) == 0 {
				continue
			}
			fixed += len(res.Fixed)
			files++
			if *showDiff {
				fmt.Fprint(e.Stdout, fix.Diff("a/"+filepath.ToSlash(shown), "b/"+filepath.ToSlash(shown), f.Src, res.Src))
				continue
			}
			writes = append(writes, pendingWrite{f.Path, res.Src})
		}
		return ExitOK
	})
	if code != ExitOK {
		return code
	}
	for _, w := range writes {
		// the file's mode is kept: an interrupted fix never leaves half a
		// revision file
		if err := atomicfile.Write(w.path, w.src, 0); err != nil {
			return errorf(e, ExitFailure, "fix: writing %s: %v", w.path, err)
		}
	}
	verb := "fixed"
	if *showDiff {
		verb = "to fix"
	}
	fmt.Fprintf(out, "%d %s in %d files; %d left for you\n", fixed, verb, files, left)
	return ExitOK
}

// verify is verifyFix; a test replaces it to make one file fail.
var verify = verifyFix

// verifyFix checks a fixed file before it is written: it parses, and the
// rules it was fixed for no longer report what was fixed.
func verifyFix(proj *revision.Project, i int, res *fix.Result, opts lint.Options) error {
	old := proj.Files[i]
	nf := revision.Parse(old.Path, res.Src)
	if len(nf.Errors) > 0 {
		return fmt.Errorf("the fixed file does not parse (line %d: %s)", nf.Errors[0].Line, nf.Errors[0].Msg)
	}
	p := *proj
	p.Files = append([]*revision.File(nil), proj.Files...)
	p.Files[i] = nf
	p.Graph = revision.NewGraph(p.Files)
	opts.InScope = func(f *revision.File) bool { return f == nf }
	remain := map[string]int{}
	for _, d := range lint.Run(&p, rules.All, opts) {
		if d.Path == nf.Path {
			remain[d.Rule]++
		}
	}
	skipped := map[string]int{}
	for _, c := range res.Skipped {
		skipped[c.Rule]++
	}
	for _, c := range res.Fixed {
		if remain[c.Rule] > skipped[c.Rule] {
			return fmt.Errorf("%s is still reported after the fix", c.Rule)
		}
	}
	return nil
}

type pendingWrite struct {
	path string
	src  []byte
}
