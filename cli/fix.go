package cli

import (
	"fmt"
	"os"
	"path/filepath"

	"github.com/retortdev/retort/fix"
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
	for _, t := range targets {
		l, code := load(e, t.config, &pf)
		if l == nil {
			return code
		}
		opts, diags, code := lintProject(e, l, hf.base, &hf)
		if code != 0 {
			return code
		}
		for i, f := range l.proj.Files {
			abs, _ := filepath.Abs(f.Path)
			if !t.whole && !t.files[abs] {
				continue
			}
			res := fix.File(f, diags)
			if len(res.Fixed) > 0 {
				if err := verifyFix(l.proj, i, res, opts); err != nil {
					return errorf(e, ExitFailure, "fix: %s: %v; the file is left as it was", f.Path, err)
				}
			}
			for _, c := range res.Changes() {
				if c.Fixed {
					fmt.Fprintf(out, "%s:%d: fixed [%s]: %s\n", f.Path, c.Line, c.Rule, c.What)
				} else {
					fmt.Fprintf(out, "%s:%d: not fixed [%s]: %s\n", f.Path, c.Line, c.Rule, c.What)
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
				fmt.Fprint(e.Stdout, fix.Diff("a/"+filepath.ToSlash(f.Path), "b/"+filepath.ToSlash(f.Path), f.Src, res.Src))
				continue
			}
			if err := writeKeepingMode(f.Path, res.Src); err != nil {
				return errorf(e, ExitFailure, "fix: %v", err)
			}
		}
	}
	verb := "fixed"
	if *showDiff {
		verb = "to fix"
	}
	fmt.Fprintf(out, "%d %s in %d files; %d left for you\n", fixed, verb, files, left)
	return ExitOK
}

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

func writeKeepingMode(path string, src []byte) error {
	mode := os.FileMode(0o644)
	if st, err := os.Stat(path); err == nil {
		mode = st.Mode().Perm()
	}
	return os.WriteFile(path, src, mode)
}
