package report

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"io"
	"path/filepath"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/retortdev/retort/lint"
)

// SARIFOptions is what a SARIF log needs beyond the findings.
type SARIFOptions struct {
	// Root is the repository root: artifact URIs are relative to it
	// (uriBaseId %SRCROOT%).
	Root string
	// Dir is the directory the findings' paths are relative to.
	Dir string
	// Version is retort's version.
	Version string
	// Rules are the rules to describe (rules.All), each with its help.
	Rules []*lint.Rule
	// Doc returns a rule's Markdown documentation (rules.Doc).
	Doc func(id string) string
	// HelpURI returns a rule's documentation URL; nil for none.
	HelpURI func(id string) string
}

// SARIFFingerprint is the key of retort's entry in partialFingerprints.
// The same value also goes under primaryLocationLineHash, the one key
// GitHub code scanning reads (and would otherwise compute itself).
const SARIFFingerprint = "retort/v1"

type sarifLog struct {
	Schema  string     `json:"$schema"`
	Version string     `json:"version"`
	Runs    []sarifRun `json:"runs"`
}

type sarifRun struct {
	Tool               sarifTool                   `json:"tool"`
	OriginalURIBaseIDs map[string]sarifArtifactLoc `json:"originalUriBaseIds,omitempty"`
	Results            []sarifResult               `json:"results"`
	ColumnKind         string                      `json:"columnKind"`
}

type sarifTool struct {
	Driver sarifDriver `json:"driver"`
}

type sarifDriver struct {
	Name           string      `json:"name"`
	Version        string      `json:"version,omitempty"`
	InformationURI string      `json:"informationUri"`
	Rules          []sarifRule `json:"rules"`
}

type sarifText struct {
	Text     string `json:"text"`
	Markdown string `json:"markdown,omitempty"`
}

type sarifRule struct {
	ID                   string         `json:"id"`
	Name                 string         `json:"name"`
	ShortDescription     sarifText      `json:"shortDescription"`
	FullDescription      sarifText      `json:"fullDescription"`
	Help                 *sarifText     `json:"help,omitempty"`
	HelpURI              string         `json:"helpUri,omitempty"`
	DefaultConfiguration sarifRuleConf  `json:"defaultConfiguration"`
	Properties           map[string]any `json:"properties,omitempty"`
}

type sarifRuleConf struct {
	Level string `json:"level"`
}

type sarifResult struct {
	RuleID              string            `json:"ruleId"`
	RuleIndex           *int              `json:"ruleIndex,omitempty"`
	Level               string            `json:"level"`
	Message             sarifText         `json:"message"`
	Locations           []sarifLocation   `json:"locations,omitempty"`
	PartialFingerprints map[string]string `json:"partialFingerprints"`
	Properties          map[string]any    `json:"properties,omitempty"`
}

type sarifLocation struct {
	PhysicalLocation sarifPhysical `json:"physicalLocation"`
}

type sarifPhysical struct {
	ArtifactLocation sarifArtifactLoc `json:"artifactLocation"`
	Region           *sarifRegion     `json:"region,omitempty"`
}

type sarifArtifactLoc struct {
	URI       string `json:"uri"`
	URIBaseID string `json:"uriBaseId,omitempty"`
}

type sarifRegion struct {
	StartLine   int `json:"startLine"`
	StartColumn int `json:"startColumn,omitempty"`
	EndLine     int `json:"endLine,omitempty"`
	EndColumn   int `json:"endColumn,omitempty"`
}

// SARIF writes the findings as a SARIF 2.1.0 log for GitHub code scanning:
// one rule entry per rule (help from its documentation), one result per
// finding with its location relative to the repository root, and a
// fingerprint that survives lines moving: a hash of the rule, the path and
// the whitespace-normalised text of the line (plus an occurrence count for
// identical lines), never the line number.
func SARIF(w io.Writer, r *Result, o SARIFOptions) error {
	driver := sarifDriver{
		Name:           "retort",
		Version:        o.Version,
		InformationURI: "https://github.com/retortdev/retort",
		Rules:          []sarifRule{},
	}
	index := map[string]int{}
	addRule := func(id string, sev lint.Severity, summary string) {
		if _, ok := index[id]; ok {
			return
		}
		desc := limit(orDefault(summary, id), 1024) // GitHub's limit
		rule := sarifRule{
			ID:                   id,
			Name:                 ruleName(id),
			ShortDescription:     sarifText{Text: desc},
			FullDescription:      sarifText{Text: desc},
			Help:                 &sarifText{Text: desc}, // GitHub requires help.text
			DefaultConfiguration: sarifRuleConf{Level: sarifLevel(sev)},
			Properties:           map[string]any{"tags": []string{"alembic", "migrations", "postgresql"}},
		}
		if o.Doc != nil {
			if doc := o.Doc(id); doc != "" {
				rule.Help = &sarifText{Text: doc, Markdown: doc}
			}
		}
		if o.HelpURI != nil {
			rule.HelpURI = o.HelpURI(id)
		}
		index[id] = len(driver.Rules)
		driver.Rules = append(driver.Rules, rule)
	}
	for _, rl := range o.Rules {
		addRule(rl.ID, rl.Severity, rl.Summary)
	}
	// findings of rules outside the list (replay's) still get an entry
	for _, d := range r.Diagnostics {
		addRule(d.Rule, d.Severity, "")
	}

	run := sarifRun{Tool: sarifTool{Driver: driver}, Results: []sarifResult{}, ColumnKind: "unicodeCodePoints"}
	if o.Root != "" && filepath.IsAbs(o.Root) {
		run.OriginalURIBaseIDs = map[string]sarifArtifactLoc{
			"%SRCROOT%": {URI: "file://" + filepath.ToSlash(strings.TrimSuffix(o.Root, string(filepath.Separator))) + "/"},
		}
	}
	paths := GitHubOptions{Workspace: o.Root, Dir: o.Dir}
	seen := map[string]int{}
	for _, d := range r.Diagnostics {
		i := index[d.Rule]
		msg := d.Message
		if d.Hint != "" {
			msg += "\nhint: " + d.Hint
		}
		res := sarifResult{
			RuleID:    d.Rule,
			RuleIndex: &i,
			Level:     sarifLevel(d.Severity),
			Message:   sarifText{Text: msg},
		}
		if d.Replay != "" {
			res.Properties = map[string]any{"replay": d.Replay}
		}
		var text string
		if r.Source != nil && d.Line > 0 {
			text = r.Source(d.Path, d.Line)
		}
		uri := paths.Path(d.Path)
		if uri != "" {
			loc := sarifLocation{PhysicalLocation: sarifPhysical{ArtifactLocation: sarifArtifactLoc{URI: uri}}}
			if !strings.HasPrefix(uri, "/") {
				loc.PhysicalLocation.ArtifactLocation.URIBaseID = "%SRCROOT%"
			}
			if d.Line > 0 {
				// the region runs from the finding's column to the end of its line
				reg := &sarifRegion{StartLine: d.Line, StartColumn: max(codePointColumn(text, d.Column), 1)}
				if end := utf8.RuneCountInString(strings.TrimRight(text, " \t\r\n")) + 1; text != "" && end > reg.StartColumn {
					reg.EndLine, reg.EndColumn = d.Line, end
				}
				loc.PhysicalLocation.Region = reg
			}
			res.Locations = []sarifLocation{loc}
		}
		key := fingerprint(d.Rule, uri, text, d.Message)
		seen[key]++
		fp := key + ":" + strconv.Itoa(seen[key])
		res.PartialFingerprints = map[string]string{SARIFFingerprint: fp, "primaryLocationLineHash": fp}
		run.Results = append(run.Results, res)
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(sarifLog{
		Schema:  "https://json.schemastore.org/sarif-2.1.0.json",
		Version: "2.1.0",
		Runs:    []sarifRun{run},
	})
}

// fingerprint hashes what identifies a finding whatever line it is on.
// Without a source line (a finding about a whole file) the message stands
// in for it.
func fingerprint(rule, path, line, message string) string {
	norm := strings.Join(strings.Fields(line), " ")
	if norm == "" {
		norm = "message:" + message
	}
	h := sha256.Sum256([]byte(rule + "\x00" + path + "\x00" + norm))
	return hex.EncodeToString(h[:8]) // 16 hex digits, as primaryLocationLineHash has
}

// codePointColumn converts a 1-based byte column into a 1-based column in
// code points, as the run's columnKind says.
func codePointColumn(line string, col int) int {
	if col <= 1 || line == "" || col > len(line)+1 {
		return col
	}
	return utf8.RuneCountInString(line[:col-1]) + 1
}

func sarifLevel(s lint.Severity) string {
	switch s {
	case lint.Error:
		return "error"
	case lint.Warning:
		return "warning"
	}
	return "note"
}

// ruleName turns a kebab-case id into the PascalCase name SARIF viewers
// show: not-null-without-default -> NotNullWithoutDefault.
func ruleName(id string) string {
	var b strings.Builder
	for _, part := range strings.Split(id, "-") {
		if part == "" {
			continue
		}
		b.WriteString(strings.ToUpper(part[:1]) + part[1:])
	}
	return b.String()
}

// limit cuts s to at most n bytes, on a rune boundary.
func limit(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n]
}

func orDefault(s, def string) string {
	if s == "" {
		return def
	}
	return s
}
