// Package report writes diagnostics: text for people, JSON for machines.
// Every output format reads the same Result, so a finding looks the same
// whichever way it leaves retort.
package report

import (
	"github.com/retortdev/retort/lint"
	"github.com/retortdev/retort/revision"
)

// Result is what one run found.
type Result struct {
	Diagnostics []lint.Diagnostic
	Revisions   int      // revision files read
	InScope     int      // revisions whose operations were checked
	Heads       []string // sorted
	// Source returns a line of a file for context, or "".
	Source func(path string, line int) string

	// Optional, for the GitHub step summary (all may be left zero):
	Graph  *revision.Graph // drawn as Mermaid
	New    []string        // revisions this change adds, marked in the graph
	Steps  []Step          // replay steps with their timings
	Replay string          // one-line replay summary ("full plan on container ...")
}

// Step is one timed replay step.
type Step struct {
	Phase     string  `json:"phase"`
	Action    string  `json:"action"` // upgrade, downgrade, snapshot...
	Revision  string  `json:"revision"`
	Seconds   float64 `json:"seconds"`
	OK        bool    `json:"ok"`
	Error     string  `json:"error,omitempty"`
	Traceback string  `json:"traceback,omitempty"`
	// Statements are the SQL statements the step ran, with the locks they
	// took, when the replay recorded them.
	Statements []Statement `json:"statements,omitempty"`
}

// Statement is one SQL statement of a replay step.
type Statement struct {
	Path    string   `json:"path"`
	Line    int      `json:"line"`
	SQL     string   `json:"sql"`
	Seconds float64  `json:"seconds"`
	Locks   []Lock   `json:"locks,omitempty"`
	Rewrote []string `json:"rewrote,omitempty"`
}

// Lock is a lock a statement took on a relation.
type Lock struct {
	Relation string `json:"relation"`
	Mode     string `json:"mode"`
}

// Summary counts the findings.
type Summary struct {
	Revisions int      `json:"revisions"`
	Heads     []string `json:"heads"`
	Errors    int      `json:"errors"`
	Warnings  int      `json:"warnings"`
	Notices   int      `json:"notices"`
}

// Summarize counts r's findings by severity.
func (r *Result) Summarize() Summary {
	e, w, n := lint.Count(r.Diagnostics)
	heads := r.Heads
	if heads == nil {
		heads = []string{}
	}
	return Summary{Revisions: r.Revisions, Heads: heads, Errors: e, Warnings: w, Notices: n}
}
