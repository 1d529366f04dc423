// Package lint holds what every check shares: the Diagnostic, the Rule and
// its Pass, the runner, suppression comments and the configuration.
package lint

import (
	"fmt"
	"strings"
)

// Severity orders findings; a higher value is more severe.
type Severity int

const (
	Notice Severity = iota + 1
	Warning
	Error
)

func (s Severity) String() string {
	switch s {
	case Notice:
		return "notice"
	case Warning:
		return "warning"
	case Error:
		return "error"
	}
	return "unknown"
}

// ParseSeverity reads "error", "warning" or "notice".
func ParseSeverity(s string) (Severity, error) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "error":
		return Error, nil
	case "warning", "warn":
		return Warning, nil
	case "notice", "info", "note":
		return Notice, nil
	}
	return 0, fmt.Errorf("unknown severity %q (want error, warning or notice)", s)
}

// MarshalText writes the severity as its lowercase name.
func (s Severity) MarshalText() ([]byte, error) { return []byte(s.String()), nil }

// UnmarshalText reads a severity name.
func (s *Severity) UnmarshalText(b []byte) error {
	v, err := ParseSeverity(string(b))
	if err != nil {
		return err
	}
	*s = v
	return nil
}

// Diagnostic is one finding at one place. Lines and columns are 1-based; a
// zero line means the finding is about the whole file or project.
type Diagnostic struct {
	Rule     string   `json:"rule"`
	Severity Severity `json:"severity"`
	Path     string   `json:"path"`
	Line     int      `json:"line"`
	Column   int      `json:"column"`
	Message  string   `json:"message"`
	Revision string   `json:"revision"`
	Hint     string   `json:"hint"`
	// Replay says whether a replay with rows in the tables saw what a
	// static finding claims (a table rewrite): "confirmed" or "not
	// observed"; "" when no such replay ran.
	Replay string `json:"replay,omitempty"`
}

// String is the one-line form: path:line:col: severity: message [rule].
func (d Diagnostic) String() string {
	return fmt.Sprintf("%s:%d:%d: %s: %s [%s]", d.Path, d.Line, d.Column, d.Severity, d.Message, d.Rule)
}
