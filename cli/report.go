package cli

import (
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/retortdev/retort/lint"
	"github.com/retortdev/retort/report"
	"github.com/retortdev/retort/revision"
)

var reportFormats = "text, json, sarif, github, github-comment"

// isReportFormat says whether format is one of reportFormats, exactly.
func isReportFormat(format string) bool {
	for _, f := range strings.Split(reportFormats, ", ") {
		if f == format {
			return true
		}
	}
	return false
}

func runReport(e *Env, args []string) int {
	fs := newFlags(e, "report", "FILE...")
	format := fs.String("format", "text", "output format: "+reportFormats)
	failOn := fs.String("fail-on", "error", "lowest severity that makes the exit code 1: error, warning or notice")
	project := fs.String("project", "", "the Alembic project the outputs are about (PATH as for lint): its revision graph goes into github-comment, and its lines into text")
	post := fs.Bool("post", false, "with --format github-comment: create or update the pull request's comment through the GitHub API (GITHUB_TOKEN, GITHUB_REPOSITORY, GITHUB_API_URL)")
	pr := fs.Int("pr", 0, "the pull request of --post (default: the one of GITHUB_EVENT_PATH)")
	pos, code, ok := parse(fs, args, 1<<20)
	if !ok {
		return code
	}
	if len(pos) == 0 {
		fmt.Fprintln(e.Stderr, "retort report: name the JSON outputs to merge (- reads stdin)")
		fs.Usage()
		return ExitUsage
	}
	if !isReportFormat(*format) {
		return errorf(e, ExitUsage, "report: unknown --format %q (want %s)", *format, reportFormats)
	}
	if *post && *format != "github-comment" {
		return errorf(e, ExitUsage, "report: --post goes with --format github-comment")
	}
	threshold, err := lint.ParseSeverity(*failOn)
	if err != nil {
		return errorf(e, ExitUsage, "--fail-on: %v", err)
	}
	var docs []*report.Doc
	for _, p := range pos {
		var r io.Reader = e.Stdin
		if p != "-" {
			f, err := os.Open(p)
			if err != nil {
				return errorf(e, ExitUsage, "report: %v", err)
			}
			defer f.Close()
			r = f
		}
		d, err := report.ReadDoc(p, r)
		if err != nil {
			return errorf(e, ExitUsage, "report: %v", err)
		}
		docs = append(docs, d)
	}
	merged := report.MergeDocs(docs)
	if p := merged.ShardProblems(); p != "" {
		fmt.Fprintf(e.Stderr, "retort: report: %s\n", p)
	}
	res := merged.Result(diskSource())
	res.Dir = workDir()
	if *project != "" {
		proj, err := revision.LoadHeaders(*project) // the graph and source lines: no function bodies
		if err != nil {
			return errorf(e, ExitUsage, "%v", err)
		}
		res.Graph, res.Source = proj.Graph, source(proj)
		if res.Revisions == 0 {
			res.Revisions = len(proj.Files)
		}
	}
	switch *format {
	case "json":
		err = merged.JSON(e.Stdout)
	case "github-comment":
		if *post {
			if err := postComment(e, res, *pr); err != nil {
				return errorf(e, ExitFailure, "report: the pull request comment: %v", err)
			}
			break
		}
		_, err = io.WriteString(e.Stdout, report.GitHubComment(res, githubOptions(e, "retort"), commentFooter(e)))
	default:
		err = writeResult(e, *format, res)
	}
	if err != nil {
		return errorf(e, ExitFailure, "writing output: %v", err)
	}
	if lint.Fails(res.Diagnostics, threshold) {
		return ExitFindings
	}
	return ExitOK
}

// diskSource reads source lines from the files the findings name, for
// text output without a project.
func diskSource() func(string, int) string {
	cache := map[string][]string{}
	return func(path string, line int) string {
		lines, ok := cache[path]
		if !ok {
			if b, err := os.ReadFile(path); err == nil {
				lines = strings.Split(strings.ReplaceAll(string(b), "\r\n", "\n"), "\n")
			}
			cache[path] = lines
		}
		if line < 1 || line > len(lines) {
			return ""
		}
		return lines[line-1]
	}
}
