package cli

import (
	"github.com/retortdev/retort/report"
)

func runGraph(e *Env, args []string) int {
	fs := newFlags(e, "graph", "[PATH]")
	format := fs.String("format", "text", "output format: text (like alembic history), json or mermaid")
	pos, code, ok := parse(fs, args, 1)
	if !ok {
		return code
	}
	var write = map[string]func() error{}
	// the graph reads the header of each file (ids, labels, docstring),
	// never a function body: a long history loads without syntax trees
	l, code := loadHeaders(e, first(pos), &projectFlags{})
	if l == nil {
		return code
	}
	g := l.proj.Graph
	write["text"] = func() error { return report.GraphText(e.Stdout, g) }
	write["json"] = func() error { return report.GraphJSON(e.Stdout, g, workDir()) }
	write["mermaid"] = func() error { return report.GraphMermaid(e.Stdout, g, nil) }
	w, known := write[*format]
	if !known {
		return errorf(e, ExitUsage, "graph: unknown --format %q (want text, json or mermaid)", *format)
	}
	if err := w(); err != nil {
		return errorf(e, ExitFailure, "writing output: %v", err)
	}
	return ExitOK
}
