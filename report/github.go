package report

import (
	"fmt"
	"net/url"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"unicode"

	"github.com/sethvargo/go-githubactions"

	"github.com/retortdev/retort/lint"
	"github.com/retortdev/retort/replay"
	"github.com/retortdev/retort/revision"
)

// GitHubOptions says where a GitHub Actions run happens.
type GitHubOptions struct {
	// Workspace is GITHUB_WORKSPACE: annotation paths are made relative to it.
	Workspace string
	// Dir is the directory the findings' paths are relative to (the
	// working directory).
	Dir string
	// BlobURL, like https://github.com/o/r/blob/<sha>, links the summary's
	// locations to the files; "" for no links.
	BlobURL string
	// SARIFFile is the sarif-file output: the file written, or "".
	SARIFFile string
	// Title heads the step summary, e.g. "retort check".
	Title string
	// MaxGraph is the largest graph drawn in the summary (default 300
	// revisions); Mermaid gets slow past that.
	MaxGraph int
	// MaxSteps is the most replay steps listed, slowest first (default
	// 50); past 20 the table folds into <details>.
	MaxSteps int
	// MaxFindings is the most findings in the summary's table (default
	// 1000): a step summary holds at most 1 MiB.
	MaxFindings int
	// SkipAnnotations leaves the annotations out of GitHub (when --format
	// github wrote them already).
	SkipAnnotations bool
}

// Path returns a finding's path relative to the workspace, with forward
// slashes, as GitHub wants it for annotations and links. A path outside the
// workspace is returned as it was.
func (o GitHubOptions) Path(p string) string {
	if p == "" {
		return ""
	}
	abs := p
	if !filepath.IsAbs(abs) && o.Dir != "" {
		abs = filepath.Join(o.Dir, p)
	}
	if o.Workspace != "" && filepath.IsAbs(abs) {
		if rel, ok := revision.RelWithin(o.Workspace, abs); ok {
			return filepath.ToSlash(rel)
		}
	}
	return filepath.ToSlash(p)
}

// GitHubAnnotations writes one workflow command per finding:
//
//	::error col=5,file=migrations/versions/ab12.py,line=12,title=rule-id::message%0Ahint: ...
//
// Properties come sorted (go-githubactions sorts them). A finding about a
// whole file has no line; one about the whole project has no file.
func GitHubAnnotations(a *githubactions.Action, r *Result, o GitHubOptions) {
	r = r.shown()
	for _, d := range r.Diagnostics {
		props := map[string]string{"title": d.Rule}
		if p := o.Path(d.Path); p != "" {
			props["file"] = p
			if d.Line > 0 {
				props["line"] = strconv.Itoa(d.Line)
				if d.Column > 0 {
					props["col"] = strconv.Itoa(d.Column)
				}
			}
		}
		msg := d.Message
		if d.Hint != "" {
			msg += "\nhint: " + d.Hint
		}
		fa := a.WithFieldsMap(props)
		switch d.Severity {
		case lint.Error:
			fa.Errorf("%s", msg)
		case lint.Warning:
			fa.Warningf("%s", msg)
		default:
			fa.Noticef("%s", msg)
		}
	}
}

// GitHubOutputs sets the step outputs: errors, warnings, heads (space
// separated) and sarif-file.
func GitHubOutputs(a *githubactions.Action, r *Result, o GitHubOptions) {
	s := r.Summarize()
	a.SetOutput("errors", strconv.Itoa(s.Errors))
	a.SetOutput("warnings", strconv.Itoa(s.Warnings))
	a.SetOutput("heads", oneLine(strings.Join(s.Heads, " ")))
	a.SetOutput("sarif-file", oneLine(o.SARIFFile))
}

// oneLine keeps an output value on its line: go-githubactions writes
// "name<<delimiter", the value and the delimiter, with a fixed delimiter,
// so a value with a line break (a revision id from a pull request) could
// end the value early and set outputs of its own. Control characters
// become U+FFFD.
func oneLine(s string) string {
	return strings.Map(func(r rune) rune {
		if unicode.IsControl(r) || r == '\u2028' || r == '\u2029' {
			return '\uFFFD'
		}
		return r
	}, s)
}

// GitHubMask asks the runner to hide a secret, and for a URL also its
// password, in every later log line.
func GitHubMask(a *githubactions.Action, secret string) {
	if secret == "" {
		return
	}
	a.AddMask(secret)
	if u, err := url.Parse(secret); err == nil && u.User != nil {
		if pw, ok := u.User.Password(); ok && pw != "" {
			a.AddMask(pw)
			// as it is written in the URL, percent-encoded
			if _, esc, ok := strings.Cut(u.User.String(), ":"); ok && esc != pw {
				a.AddMask(esc)
			}
		}
	}
}

// GitHub writes the annotations, the step summary (when
// GITHUB_STEP_SUMMARY is set) and the outputs (when GITHUB_OUTPUT is set).
func GitHub(a *githubactions.Action, r *Result, o GitHubOptions) (err error) {
	defer func() {
		// go-githubactions panics when it cannot write a file command
		if p := recover(); p != nil {
			err = fmt.Errorf("github: %v", p)
		}
	}()
	if !o.SkipAnnotations {
		GitHubAnnotations(a, r, o)
	}
	if a.Getenv("GITHUB_STEP_SUMMARY") != "" {
		a.AddStepSummary(GitHubSummary(r, o))
	}
	if a.Getenv("GITHUB_OUTPUT") != "" {
		GitHubOutputs(a, r, o)
	}
	return nil
}

// annotationLimit is how many annotations of one severity GitHub shows
// for a step.
const annotationLimit = 10

// GitHubSummary returns the step summary in GitHub Markdown: a headline,
// the findings table, the replay timings and the revision graph.
func GitHubSummary(r *Result, o GitHubOptions) string {
	r = r.shown()
	s := r.Summarize()
	title := o.Title
	if title == "" {
		title = "retort"
	}
	icon := ":white_check_mark:"
	switch {
	case s.Errors > 0:
		icon = ":x:"
	case s.Warnings > 0:
		icon = ":warning:"
	}
	return fmt.Sprintf("### %s %s: %s, %s, %s in %s\n\n", icon, title,
		plural(s.Errors, "error"), plural(s.Warnings, "warning"), plural(s.Notices, "notice"), plural(s.Revisions, "revision")) +
		summaryBody(r, o)
}

// summaryBody is the summary after its headline: the scope and dialect
// notes, the heads, the findings table, the replay with its steps and
// locks, and the graph.
func summaryBody(r *Result, o GitHubOptions) string {
	var b strings.Builder
	s := r.Summarize()
	if note := r.ScopeNote(); note != "" && r.Scope.Basis != "none" {
		fmt.Fprintf(&b, "%s.\n\n", upperFirst(mdCell(note)))
	}
	for _, note := range r.Notes() {
		fmt.Fprintf(&b, "%s.\n\n", upperFirst(mdCell(note)))
	}
	if len(s.Heads) > 0 {
		fmt.Fprintf(&b, "Heads: %s\n\n", codeList(s.Heads))
	}

	shown := r.Diagnostics
	if n := orDefaultInt(o.MaxFindings, 1000); len(shown) > n {
		shown = shown[:n]
	}
	if s.Errors > annotationLimit || s.Warnings > annotationLimit || s.Notices > annotationLimit {
		listed := fmt.Sprintf("all %d findings are listed below", len(r.Diagnostics))
		if len(shown) < len(r.Diagnostics) {
			listed = fmt.Sprintf("the first %d of all %d findings are listed below", len(shown), len(r.Diagnostics))
		}
		fmt.Fprintf(&b, "> GitHub shows at most %d annotations of each severity on the files; %s.\n\n", annotationLimit, listed)
	}
	if len(r.Diagnostics) > 0 {
		b.WriteString("| Severity | Rule | Location | Finding |\n|---|---|---|---|\n")
		for _, d := range shown {
			finding := mdCell(d.Message)
			if d.Hint != "" {
				finding += "<br>_hint:_ " + mdCell(d.Hint)
			}
			fmt.Fprintf(&b, "| %s %s | `%s` | %s | %s |\n", severityIcon(d.Severity), d.Severity, d.Rule, o.location(d), finding)
		}
		b.WriteString("\n")
		if rest := len(r.Diagnostics) - len(shown); rest > 0 {
			fmt.Fprintf(&b, "and %d more in the log (and in the SARIF file, when there is one).\n\n", rest)
		}
	}

	if line := r.ReplayLine(); len(r.Steps) > 0 || line != "" {
		b.WriteString("#### Replay\n\n")
		if line != "" {
			b.WriteString(mdCell(line) + "\n\n")
		}
		writeSteps(&b, r.Steps, o.MaxSteps)
		writeLocks(&b, r.Steps, o)
		writeRevisionLocks(&b, r.Steps, o)
	}

	if g := r.Graph; g != nil && len(g.Order()) > 0 {
		limit := o.MaxGraph
		if limit <= 0 {
			limit = 300
		}
		n := len(g.Order())
		fmt.Fprintf(&b, "<details><summary>Revision graph: %s, %s</summary>\n\n", plural(n, "revision"), plural(len(g.Heads), "head"))
		if n > limit {
			fmt.Fprintf(&b, "Too large to draw here; `retort graph --format mermaid` prints it.\n\n")
		} else {
			mark := map[string]bool{}
			for _, id := range r.New {
				mark[id] = true
			}
			b.WriteString("```mermaid\n")
			_ = GraphMermaid(&b, g, mark) // a strings.Builder does not fail
			b.WriteString("```\n\n")
			if len(r.New) > 0 {
				b.WriteString("Thick border: head. Yellow: added by this change.\n\n")
			} else {
				b.WriteString("Thick border: head.\n\n")
			}
		}
		b.WriteString("</details>\n")
	}
	return b.String()
}

func upperFirst(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

func orDefaultInt(n, def int) int {
	if n <= 0 {
		return def
	}
	return n
}

// location is "path:line" in the summary, linked to the file when BlobURL
// is known.
func (o GitHubOptions) location(d lint.Diagnostic) string {
	p := o.Path(d.Path)
	if p == "" {
		return ""
	}
	text := p
	if d.Line > 0 {
		text = fmt.Sprintf("%s:%d", p, d.Line)
	}
	text = mdCell(text)
	if o.BlobURL == "" || strings.HasPrefix(p, "/") || strings.HasPrefix(p, "../") {
		return text
	}
	link := strings.TrimRight(o.BlobURL, "/") + "/" + (&url.URL{Path: p}).EscapedPath()
	if d.Line > 0 {
		link += fmt.Sprintf("#L%d", d.Line)
	}
	return fmt.Sprintf("[%s](%s)", text, link)
}

// stepsInDetails is the most steps listed before the table folds into
// a <details> block.
const stepsInDetails = 20

// writeSteps writes the replay steps, slowest first: at most limit of
// them (default 50), folded into <details> past 20 rows, and the total.
func writeSteps(b *strings.Builder, steps []replay.Step, limit int) {
	if len(steps) == 0 {
		return
	}
	if limit <= 0 {
		limit = 50
	}
	var total float64
	failed := 0
	for _, st := range steps {
		total += st.Seconds
		if !st.OK {
			failed++
		}
	}
	shown := append([]replay.Step(nil), steps...)
	sort.SliceStable(shown, func(i, j int) bool { return shown[i].Seconds > shown[j].Seconds })
	note := ""
	if len(shown) > limit {
		shown = shown[:limit]
		note = fmt.Sprintf("The %d slowest of %d steps.\n\n", limit, len(steps))
	}
	folded := len(shown) > stepsInDetails
	if folded {
		fmt.Fprintf(b, "<details><summary>Replay steps: %s, %.2fs, slowest first</summary>\n\n", plural(len(steps), "step"), total)
	}
	b.WriteString(note)
	b.WriteString("| Step | Revision | Seconds | |\n|---|---|--:|---|\n")
	for _, st := range shown {
		name := st.Action
		if st.Phase != "" && st.Phase != st.Action {
			name = st.Phase + ": " + st.Action
		}
		ok := ":white_check_mark:"
		if !st.OK {
			ok = ":x:"
		}
		fmt.Fprintf(b, "| %s | %s | %.2f | %s |\n", mdCell(name), codeOrEmpty(st.Revision), st.Seconds, ok)
	}
	fmt.Fprintf(b, "| **total** (%s", plural(len(steps), "step"))
	if failed > 0 {
		fmt.Fprintf(b, ", %d failed", failed)
	}
	fmt.Fprintf(b, ") | | %.2f | |\n\n", total)
	if folded {
		b.WriteString("</details>\n\n")
	}
}

// lockOrder ranks PostgreSQL's table lock modes, strongest first.
var lockOrder = []string{"accessexclusive", "exclusive", "sharerowexclusive", "share", "shareupdateexclusive", "rowexclusive", "rowshare", "accessshare"}

func lockRank(mode string) int {
	m := strings.ToLower(strings.NewReplacer(" ", "", "_", "", "lock", "").Replace(strings.ToLower(mode)))
	for i, o := range lockOrder {
		if m == o {
			return i
		}
	}
	return len(lockOrder)
}

type lockStat struct {
	relation, mode string
	statements     int
	longest        replay.Statement
	rewrote        bool
}

// writeLocks writes the lock summary of the replay's statements: per
// relation and lock mode, how many statements took it and the longest
// of them, strongest locks first. Nothing when no statement recorded
// locks.
func writeLocks(b *strings.Builder, steps []replay.Step, o GitHubOptions) {
	stats := map[[2]string]*lockStat{}
	var keys [][2]string
	for _, st := range steps {
		for _, s := range st.Statements {
			rewrote := map[string]bool{}
			for _, r := range s.Rewrote {
				rewrote[r] = true
			}
			for _, l := range s.Locks {
				k := [2]string{l.Relation, l.Mode}
				ls := stats[k]
				if ls == nil {
					ls = &lockStat{relation: l.Relation, mode: l.Mode}
					stats[k] = ls
					keys = append(keys, k)
				}
				ls.statements++
				if ls.statements == 1 || s.Seconds > ls.longest.Seconds {
					ls.longest = s
				}
				ls.rewrote = ls.rewrote || rewrote[l.Relation]
			}
		}
	}
	if len(keys) == 0 {
		return
	}
	sort.SliceStable(keys, func(i, j int) bool {
		a, c := stats[keys[i]], stats[keys[j]]
		if ra, rc := lockRank(a.mode), lockRank(c.mode); ra != rc {
			return ra < rc
		}
		if a.longest.Seconds != c.longest.Seconds {
			return a.longest.Seconds > c.longest.Seconds
		}
		return a.relation < c.relation
	})
	b.WriteString("#### Locks\n\n| Relation | Lock | Statements | Longest | Where |\n|---|---|--:|--:|---|\n")
	for _, k := range keys {
		ls := stats[k]
		rel := codeOrEmpty(ls.relation)
		if ls.rewrote {
			rel += " (rewritten)"
		}
		where := o.location(lint.Diagnostic{Path: ls.longest.Path, Line: ls.longest.Line})
		fmt.Fprintf(b, "| %s | %s | %d | %.2fs | %s |\n", rel, mdCell(ls.mode), ls.statements, ls.longest.Seconds, where)
	}
	b.WriteString("\n")
}

func severityIcon(s lint.Severity) string {
	switch s {
	case lint.Error:
		return ":x:"
	case lint.Warning:
		return ":warning:"
	}
	return ":information_source:"
}

// codeList is ids as code spans, separated by commas (outside a table).
func codeList(ss []string) string {
	out := make([]string, len(ss))
	for i, s := range ss {
		out[i] = "`" + codeText(s) + "`"
	}
	return strings.Join(out, ", ")
}

// codeOrEmpty is s as a code span in a table cell, "" for "".
func codeOrEmpty(s string) string {
	if s == "" {
		return ""
	}
	return "`" + strings.ReplaceAll(codeText(s), "|", `\|`) + "`"
}

// codeText makes text (a revision id, a relation: what a pull request
// chose) safe inside a code span: no backtick to end it, no line break or
// other control character to end the paragraph and start Markdown of its
// own. Each becomes a visible stand-in.
func codeText(s string) string {
	return strings.Map(func(r rune) rune {
		switch {
		case r == '`':
			return '\''
		case unicode.IsControl(r) || unicode.IsSpace(r) && r != ' ' || !unicode.IsPrint(r) && r != ' ':
			return '\uFFFD'
		}
		return r
	}, s)
}

// mdCell makes text safe inside a Markdown table cell, and as a line of
// its own: no pipes, no line breaks (\r alone is one too), no other
// control characters, no HTML, no links or images, no code spans.
var mdCellReplacer = strings.NewReplacer(
	"|", `\|`, "\r\n", "<br>", "\n", "<br>", "\r", "<br>", "<", "&lt;", ">", "&gt;", "&", "&amp;",
	"[", `\[`, "]", `\]`, "`", "\\`")

func mdCell(s string) string {
	s = strings.Map(func(r rune) rune {
		if r != '\n' && r != '\r' && unicode.IsControl(r) {
			return '\uFFFD'
		}
		return r
	}, s)
	return mdCellReplacer.Replace(s)
}
