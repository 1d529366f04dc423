package report

import (
	"fmt"
	"io"
	"strings"

	"github.com/fatih/color"

	"github.com/retortdev/retort/lint"
)

// Text writes each finding as
//
//	path:line:col: severity: message [rule-id]
//	  <source line>
//	  hint: ... (retort rules <rule-id>)
//
// followed by a one-line summary, and the replay's summary line when r
// holds one. Color only when colored is true.
func Text(w io.Writer, r *Result, colored bool) error {
	if err := text(w, r, colored); err != nil {
		return err
	}
	if line := r.ReplayLine(); line != "" {
		if _, err := fmt.Fprintf(w, "replay: %s\n", line); err != nil {
			return err
		}
	}
	return nil
}

// text writes the findings, the counts and the notes.
func text(w io.Writer, r *Result, colored bool) error {
	r = r.shown()
	c := newPalette(colored)
	for _, d := range r.Diagnostics {
		sev := c.severity(d.Severity)
		loc := fmt.Sprintf("%s:%d:%d:", d.Path, d.Line, d.Column)
		if _, err := fmt.Fprintf(w, "%s %s %s %s\n", c.bold.Sprint(loc), sev.Sprint(d.Severity.String()+":"), d.Message, c.faint.Sprint("["+d.Rule+"]")); err != nil {
			return err
		}
		if r.Source != nil && d.Line > 0 {
			if src := r.Source(d.Path, d.Line); strings.TrimSpace(src) != "" {
				fmt.Fprintf(w, "  %s\n", strings.TrimRight(expandTabs(src), " "))
				if d.Column > 0 && d.Column <= len(src)+1 {
					fmt.Fprintf(w, "  %s%s\n", strings.Repeat(" ", visualCol(src, d.Column)), sev.Sprint("^"))
				}
			}
		}
		if d.Hint != "" {
			fmt.Fprintf(w, "  %s %s %s\n", c.hint.Sprint("hint:"), d.Hint, c.faint.Sprintf("(retort rules %s)", d.Rule))
		}
	}
	s := r.Summarize()
	line := fmt.Sprintf("%s, %s, %s in %s",
		plural(s.Errors, "error"), plural(s.Warnings, "warning"), plural(s.Notices, "notice"), plural(s.Revisions, "revision"))
	if r.Scope != nil && r.Scope.Basis != "none" {
		if note := r.ScopeNote(); note != "" {
			line += " (" + note + ")"
		}
	}
	if len(s.Heads) > 0 {
		line += fmt.Sprintf("; heads: %s", strings.Join(s.Heads, ", "))
	}
	switch {
	case s.Errors > 0:
		line = c.severity(lint.Error).Sprint(line)
	case s.Warnings > 0:
		line = c.severity(lint.Warning).Sprint(line)
	default:
		line = c.ok.Sprint(line)
	}
	if _, err := fmt.Fprintln(w, line); err != nil {
		return err
	}
	for _, note := range r.Notes() {
		if _, err := fmt.Fprintln(w, c.faint.Sprint(note)); err != nil {
			return err
		}
	}
	return nil
}

func plural(n int, word string) string {
	if n == 1 {
		return "1 " + word
	}
	return fmt.Sprintf("%d %ss", n, word)
}

func expandTabs(s string) string { return strings.ReplaceAll(s, "\t", "    ") }

// visualCol converts a 1-based byte column into the number of cells before
// it, counting a tab as four.
func visualCol(src string, col int) int {
	n := 0
	for i, r := range src {
		if i >= col-1 {
			break
		}
		if r == '\t' {
			n += 4
		} else {
			n++
		}
	}
	return n
}

type palette struct {
	bold, faint, hint, ok, err, warn, note *color.Color
}

func newPalette(on bool) *palette {
	p := &palette{
		bold:  color.New(color.Bold),
		faint: color.New(color.Faint),
		hint:  color.New(color.FgCyan),
		ok:    color.New(color.FgGreen),
		err:   color.New(color.FgRed, color.Bold),
		warn:  color.New(color.FgYellow, color.Bold),
		note:  color.New(color.FgBlue, color.Bold),
	}
	for _, c := range []*color.Color{p.bold, p.faint, p.hint, p.ok, p.err, p.warn, p.note} {
		if on {
			c.EnableColor()
		} else {
			c.DisableColor()
		}
	}
	return p
}

func (p *palette) severity(s lint.Severity) *color.Color {
	switch s {
	case lint.Error:
		return p.err
	case lint.Warning:
		return p.warn
	}
	return p.note
}
