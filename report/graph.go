package report

import (
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"unicode"

	"github.com/retortdev/retort/revision"
)

// GraphText writes the graph like `alembic history`, in its order (newest
// first, a branch at a time), one line per revision, "parents -> rev (head) (branchpoint) (mergepoint), doc".
func GraphText(w io.Writer, g *revision.Graph) error {
	for _, r := range g.HistoryOrder() {
		parents := "<base>"
		if len(r.Parents) > 0 {
			parents = strings.Join(r.Parents, ", ")
		}
		if len(r.File.DependsOn) > 0 {
			parents += " (" + strings.Join(r.File.DependsOn, ", ") + ")"
		}
		line := parents + " -> " + r.ID
		if len(r.BranchLabels) > 0 {
			line += " (" + strings.Join(r.BranchLabels, ", ") + ")"
		}
		switch {
		case r.IsHead() && len(r.Dependents) == 0:
			line += " (head)"
		case r.IsHead():
			line += " (effective head)"
		}
		if r.IsBranchPoint() {
			line += " (branchpoint)"
		}
		if r.IsMerge() {
			line += " (mergepoint)"
		}
		line += ", " + r.File.Doc
		if _, err := fmt.Fprintln(w, line); err != nil {
			return err
		}
	}
	return nil
}

type graphRev struct {
	Revision      string   `json:"revision"`
	DownRevisions []string `json:"down_revisions"`
	BranchLabels  []string `json:"branch_labels"`
	DependsOn     []string `json:"depends_on"`
	Path          string   `json:"path"`
	Line          int      `json:"line"`
	Message       string   `json:"message"`
}

// GraphJSON writes {"revisions":[...],"heads":[...],"bases":[...]}, the
// revisions with parents first; paths below dir, the working directory,
// relative to it.
func GraphJSON(w io.Writer, g *revision.Graph, dir string) error {
	out := struct {
		Revisions []graphRev `json:"revisions"`
		Heads     []string   `json:"heads"`
		Bases     []string   `json:"bases"`
	}{Revisions: []graphRev{}, Heads: orEmpty(g.Heads), Bases: orEmpty(g.Bases)}
	for _, r := range g.Order() {
		out.Revisions = append(out.Revisions, graphRev{
			Revision:      r.ID,
			DownRevisions: orEmpty(r.Parents),
			BranchLabels:  orEmpty(r.BranchLabels),
			DependsOn:     orEmpty(r.File.DependsOn),
			Path:          revision.DisplayPathIn(dir, r.File.Path),
			Line:          r.File.Assigned["revision"].Line,
			Message:       r.File.Message,
		})
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(out)
}

func orEmpty(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

// GraphMermaid writes a Mermaid flowchart, parents above children; heads
// and the revisions in mark are highlighted.
func GraphMermaid(w io.Writer, g *revision.Graph, mark map[string]bool) error {
	var b strings.Builder
	b.WriteString("flowchart TD\n")
	heads := map[string]bool{}
	for _, h := range g.Heads {
		heads[h] = true
	}
	ids := map[string]string{}
	for i, r := range g.Order() {
		ids[r.ID] = fmt.Sprintf("r%d", i)
	}
	for _, r := range g.Order() {
		label := mermaidEscape(r.ID)
		if r.File.Message != "" {
			label += "<br/>" + mermaidEscape(truncate(r.File.Message, 60))
		}
		if heads[r.ID] {
			label += "<br/>(head)"
		}
		fmt.Fprintf(&b, "  %s[\"%s\"]\n", ids[r.ID], label)
	}
	for _, r := range g.Order() {
		for _, p := range r.Parents {
			if id, ok := ids[p]; ok {
				fmt.Fprintf(&b, "  %s --> %s\n", id, ids[r.ID])
			} else {
				fmt.Fprintf(&b, "  missing_%s[\"%s (missing)\"] -.-> %s\n", sanitize(p), mermaidEscape(p), ids[r.ID])
			}
		}
		for _, d := range r.DependsOn {
			if id, ok := ids[d]; ok {
				fmt.Fprintf(&b, "  %s -.-> %s\n", id, ids[r.ID])
			}
		}
	}
	b.WriteString("  classDef head stroke-width:3px\n  classDef new fill:#fff3b0\n")
	for _, r := range g.Order() {
		if heads[r.ID] {
			fmt.Fprintf(&b, "  class %s head\n", ids[r.ID])
		}
		if mark[r.ID] {
			fmt.Fprintf(&b, "  class %s new\n", ids[r.ID])
		}
	}
	_, err := io.WriteString(w, b.String())
	return err
}

func truncate(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n-1]) + "…"
}

// mermaidEscape makes text safe in a quoted Mermaid label inside a
// Markdown code fence: no quote to end the label, no line break to start a
// statement, no backtick to end the fence, no HTML.
func mermaidEscape(s string) string {
	s = strings.Map(func(r rune) rune {
		if unicode.IsControl(r) || r == '\u2028' || r == '\u2029' {
			return ' '
		}
		return r
	}, s)
	return mermaidReplacer.Replace(s)
}

var mermaidReplacer = strings.NewReplacer(`"`, "#quot;", "<", "#lt;", ">", "#gt;", "`", "#96;", "#", "#35;")

func sanitize(s string) string {
	var b strings.Builder
	for _, c := range s {
		if c == '_' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' {
			b.WriteRune(c)
		} else {
			b.WriteByte('_')
		}
	}
	return b.String()
}
