package report

import (
	"fmt"
	"strings"
)

// CommentMarker starts retort's pull request comment: the next run finds
// the comment by it and updates it instead of adding another.
const CommentMarker = "<!-- retort -->"

var footerReplacer = strings.NewReplacer("<", "&lt;", ">", "&gt;", "&", "&amp;", "\uFFFD", " ")

// commentLimit is a little under GitHub's 65,536 characters per comment.
const commentLimit = 60000

// GitHubComment returns the body of the sticky pull request comment: the
// findings table, the replay with its lock summary, and the revision
// graph. Without findings it says that everything is resolved (the
// graph stays). footer ends it ("" for none): one line of Markdown, which
// may hold links.
func GitHubComment(r *Result, o GitHubOptions, footer string) string {
	r = r.shown()
	if o.MaxFindings <= 0 {
		o.MaxFindings = 200
	}
	if o.MaxGraph <= 0 {
		o.MaxGraph = 150
	}
	head := GitHubSummary(r, o)
	if len(r.Diagnostics) == 0 {
		s := r.Summarize()
		head = fmt.Sprintf("### :white_check_mark: retort: resolved, no findings remain in %s\n\n", plural(s.Revisions, "revision")) +
			summaryBody(r, o)
	}
	if footer != "" {
		// Markdown (the run's link) from the runner's environment: kept
		// on one line, without HTML
		footer = "\n<sub>" + footerReplacer.Replace(oneLine(footer)) + "</sub>\n"
	}
	body := CommentMarker + "\n" + head + footer
	for len(body) > commentLimit && o.MaxFindings > 10 {
		// too long: fewer findings, no graph
		o.MaxFindings /= 2
		r2 := *r
		r2.Graph = nil
		body = CommentMarker + "\n" + GitHubSummary(&r2, o) + footer
	}
	if len(body) > commentLimit {
		body = strings.ToValidUTF8(body[:commentLimit], "") + "\n\n(cut: the step summary and the log have everything)\n"
	}
	return strings.TrimRight(body, "\n") + "\n"
}
