package rules

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"

	"github.com/retortdev/retort/lint"
	"github.com/retortdev/retort/revision"
)

// Each rule has a folder testdata/<id>/. The folder, or each subfolder of
// it, is one case: a versions folder (with an optional retort.toml) whose
// files say what they expect with "# want: rule-id" on the offending line.
// Only the rule under test runs, and every unmarked line must stay quiet.

// fixtureOptions may add to a case's lint options (a history, a scope).
var fixtureOptions []func(t *testing.T, dir string, proj *revision.Project, opt *lint.Options)

var wantRE = regexp.MustCompile(`#\s*want:\s*([a-z0-9,\- ]+)`)

// wantMsgRE reads the optional quoted regexp after the ids, as
// analysistest's want does: the message of a finding of the rule on that
// line must match it (# want: add-primary-key "\"logs_pkey\""). A second
// quoted regexp must match the same finding's hint. Inside the quotes \"
// is a quote; the rest is the regexp as written.
var wantMsgRE = regexp.MustCompile(`#\s*want:\s*[a-z0-9,\- ]+"((?:[^"\\]|\\.)+)"(?:\s+"((?:[^"\\]|\\.)+)")?`)

func TestRuleFixtures(t *testing.T) {
	for _, r := range All {
		dir := filepath.Join("testdata", r.ID)
		cases := fixtureCases(t, dir)
		for _, c := range cases {
			name := r.ID
			if c != dir {
				name += "/" + filepath.Base(c)
			}
			t.Run(name, func(t *testing.T) { checkFixture(t, r, c) })
		}
	}
}

// fixtureCases returns dir when it holds .py files, else its subfolders.
func fixtureCases(t *testing.T, dir string) []string {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil
	}
	var subs []string
	for _, e := range entries {
		if !e.IsDir() && strings.HasSuffix(e.Name(), ".py") {
			return []string{dir}
		}
		if e.IsDir() {
			subs = append(subs, filepath.Join(dir, e.Name()))
		}
	}
	return subs
}

func checkFixture(t *testing.T, r *lint.Rule, dir string) {
	proj, err := revision.LoadHeaders(dir) // as retort lint reads a project
	if err != nil {
		t.Fatal(err)
	}
	cfg, err := lint.LoadConfig("", dir)
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]int{}
	gotMsg := map[string][]lint.Diagnostic{}
	var gotList []string
	opt := lint.Options{Config: cfg, Known: Known()}
	for _, extend := range fixtureOptions {
		extend(t, dir, proj, &opt)
	}
	run := []*lint.Rule{r}
	if r == UnusedSuppression {
		run = All // a suppression is unused only when its rule ran
	}
	all := lint.Run(proj, run, opt)
	if opt.History == nil && opt.InScope == nil {
		checkEarly(t, dir, run, cfg, opt, all)
	}
	for _, d := range all {
		if d.Rule != r.ID {
			continue
		}
		key := fmt.Sprintf("%s:%d", filepath.Base(d.Path), d.Line)
		got[key]++
		gotMsg[key] = append(gotMsg[key], d)
		gotList = append(gotList, d.String())
		if d.Hint == "" && r != InvalidSuppression {
			t.Errorf("%s: no hint", d)
		}
		checkMessage(t, d)
	}
	want := map[string]int{}
	for _, f := range proj.Files {
		// raw lines, so that a want can sit inside a docstring header too
		for i, line := range strings.Split(string(f.Src), "\n") {
			m := wantRE.FindStringSubmatch(line)
			if m == nil {
				continue
			}
			key := fmt.Sprintf("%s:%d", filepath.Base(f.Path), i+1)
			for _, id := range strings.Split(m[1], ",") {
				if strings.TrimSpace(id) == r.ID {
					want[key]++
					if tm := wantMsgRE.FindStringSubmatch(line); tm != nil {
						checkWantText(t, key, r.ID, tm[1], tm[2], gotMsg[key])
					}
				}
			}
		}
	}
	for k, n := range want {
		if got[k] < n {
			t.Errorf("%s: want %d %s, got %d", k, n, r.ID, got[k])
		}
	}
	for k, n := range got {
		if want[k] < n {
			t.Errorf("%s: unexpected %s (want %d, got %d)", k, r.ID, want[k], n)
		}
	}
	if t.Failed() {
		sort.Strings(gotList)
		t.Logf("findings:\n%s", strings.Join(gotList, "\n"))
	}
}

// checkWantText checks that one of the findings ds matches the message
// regexp msg and, when given, the hint regexp hint.
func checkWantText(t *testing.T, key, id, msg, hint string, ds []lint.Diagnostic) {
	t.Helper()
	msgRE, err := regexp.Compile(msg)
	if err != nil {
		t.Errorf("%s: bad want regexp: %v", key, err)
		return
	}
	hintRE, err := regexp.Compile(hint) // "" matches any hint
	if err != nil {
		t.Errorf("%s: bad want hint regexp: %v", key, err)
		return
	}
	var got []string
	for _, d := range ds {
		if msgRE.MatchString(d.Message) && hintRE.MatchString(d.Hint) {
			return
		}
		got = append(got, d.Message+" / "+d.Hint)
	}
	t.Errorf("%s: no %s finding matches %q %q (got %q)", key, id, msg, hint, got)
}

// checkMessage enforces the message style: lowercase start, no trailing
// period.
func checkMessage(t *testing.T, d lint.Diagnostic) {
	t.Helper()
	if d.Message == "" {
		t.Errorf("%s: empty message", d)
		return
	}
	if c := d.Message[0]; c >= 'A' && c <= 'Z' {
		t.Errorf("%s: message starts with a capital", d)
	}
	if strings.HasSuffix(d.Message, ".") {
		t.Errorf("%s: message ends with a period", d)
	}
}

// TestEveryRuleHasDocAndFixture checks that adding a rule means one .go,
// one .md, one fixture folder with at least one want, one line in All.
func TestEveryRuleHasDocAndFixture(t *testing.T) {
	seen := map[string]bool{}
	for _, r := range All {
		if seen[r.ID] {
			t.Errorf("%s registered twice", r.ID)
		}
		seen[r.ID] = true
		if !regexp.MustCompile(`^[a-z0-9]+(-[a-z0-9]+)*$`).MatchString(r.ID) {
			t.Errorf("%s: id is not kebab-case", r.ID)
		}
		doc := Doc(r.ID)
		if doc == "" {
			t.Errorf("%s: no rules/%s.md", r.ID, r.ID)
			continue
		}
		if r.Summary == "" {
			t.Errorf("%s: doc has no summary line", r.ID)
		}
		for _, section := range []string{"## Why", "## Bad", "## Good", "## Silence"} {
			if !strings.Contains(doc, section) {
				t.Errorf("%s: doc lacks %q", r.ID, section)
			}
		}
		if r.Category == 0 || (r.Category == lint.CategoryReplay) != (r.Scope == lint.External) {
			t.Errorf("%s: category %d with scope %d", r.ID, r.Category, r.Scope)
		}
		if r.Run == nil && r.Scope != lint.External {
			t.Errorf("%s: no Run", r.ID)
		}
		if r.ExecutedSQL && (r.Category != lint.CategoryOperation || r.Scope != lint.PerFile) {
			t.Errorf("%s: ExecutedSQL on a rule that does not read a revision's operations", r.ID)
		}
		if r.Scope == lint.External {
			continue // reported by replay; its tests cover it
		}
		wants := 0
		for _, c := range fixtureCases(t, filepath.Join("testdata", r.ID)) {
			files, _ := filepath.Glob(filepath.Join(c, "*.py"))
			for _, f := range files {
				b, _ := os.ReadFile(f)
				for _, m := range wantRE.FindAllStringSubmatch(string(b), -1) {
					if strings.Contains(m[1], r.ID) {
						wants++
					}
				}
			}
		}
		if wants == 0 {
			t.Errorf("%s: no fixture in testdata/%s with a # want: %s", r.ID, r.ID, r.ID)
		}
	}
	mds, _ := filepath.Glob("*.md")
	for _, md := range mds {
		if id := strings.TrimSuffix(md, ".md"); !seen[id] {
			t.Errorf("%s has no rule in All", md)
		}
	}
}

// checkEarly lints the case again with the per-file rules run as each
// file loads (lint.Early, what retort lint does on a long history with
// every revision in scope) and wants the same findings, hints included.
func checkEarly(t *testing.T, dir string, run []*lint.Rule, cfg *lint.Config, opt lint.Options, want []lint.Diagnostic) {
	t.Helper()
	var early *lint.Early
	proj, err := revision.LoadHeadersWith(dir, revision.LoadOptions{Visit: func(p *revision.Project) func(*revision.File) {
		early = lint.NewEarly(p, run, cfg)
		return early.Visit
	}})
	if err != nil {
		t.Fatal(err)
	}
	opt.Early = early
	got := lint.Run(proj, run, opt)
	if len(got) != len(want) {
		t.Errorf("early: %d findings, want %d as without:\n%s", len(got), len(want), listDiags(got))
		return
	}
	for i := range got {
		if got[i].String() != want[i].String() || got[i].Hint != want[i].Hint {
			t.Errorf("early: %s (hint %q), want %s (hint %q)", got[i], got[i].Hint, want[i], want[i].Hint)
		}
	}
}

func listDiags(ds []lint.Diagnostic) string {
	var b strings.Builder
	for _, d := range ds {
		b.WriteString(d.String() + "\n")
	}
	return b.String()
}
