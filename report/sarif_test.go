package report

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"

	"github.com/retortdev/retort/internal/sarifschema"
	"github.com/retortdev/retort/lint"
)

func sarifOptions() SARIFOptions {
	return SARIFOptions{
		Root:    "/ws",
		Dir:     "/ws",
		Version: "1.2.3",
		Rules: []*lint.Rule{
			{ID: "multiple-heads", Summary: "The revision graph has more than one head.", Severity: lint.Error},
			{ID: "not-null-without-default", Summary: "Adding a NOT NULL column without a server default.", Severity: lint.Error},
			{ID: "header-mismatch", Summary: "The docstring header disagrees with the code.", Severity: lint.Warning},
		},
		Doc:     func(id string) string { return "# " + id + "\n\nWhy, bad, good.\n" },
		HelpURI: func(id string) string { return "https://example.com/rules/" + id + ".md" },
	}
}

func sarifOf(t *testing.T, r *Result, o SARIFOptions) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := SARIF(&buf, r, o); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func TestSARIFGolden(t *testing.T) {
	golden(t, "sarif/sample.sarif", string(sarifOf(t, sample(), sarifOptions())))
}

func validate(t *testing.T, b []byte) {
	t.Helper()
	if err := sarifschema.Validate(b); err != nil {
		t.Errorf("SARIF output does not match the 2.1.0 schema: %v", err)
	}
}

func TestSARIFSchema(t *testing.T) {
	// the sample, and an empty run (cli's tests validate every real rule)
	validate(t, sarifOf(t, sample(), sarifOptions()))
	validate(t, sarifOf(t, &Result{}, SARIFOptions{Dir: "/ws/sub"}))

	// and the validator does reject what is wrong
	bad := bytes.Replace(sarifOf(t, sample(), sarifOptions()), []byte(`"startLine": 5`), []byte(`"startLine": 0`), 1)
	if sarifschema.Validate(bad) == nil {
		t.Error("a region with startLine 0 passed the schema")
	}
}

type sarifDoc struct {
	Runs []struct {
		Tool struct {
			Driver struct {
				Rules []struct {
					ID   string `json:"id"`
					Help struct {
						Markdown string `json:"markdown"`
					} `json:"help"`
					DefaultConfiguration struct {
						Level string `json:"level"`
					} `json:"defaultConfiguration"`
				} `json:"rules"`
			} `json:"driver"`
		} `json:"tool"`
		Results []struct {
			RuleID    string `json:"ruleId"`
			RuleIndex int    `json:"ruleIndex"`
			Locations []struct {
				PhysicalLocation struct {
					ArtifactLocation struct {
						URI string `json:"uri"`
					} `json:"artifactLocation"`
					Region struct {
						StartLine   int `json:"startLine"`
						StartColumn int `json:"startColumn"`
					} `json:"region"`
				} `json:"physicalLocation"`
			} `json:"locations"`
			PartialFingerprints map[string]string `json:"partialFingerprints"`
		} `json:"results"`
	} `json:"runs"`
}

func parseSARIF(t *testing.T, b []byte) sarifDoc {
	t.Helper()
	var d sarifDoc
	if err := json.Unmarshal(b, &d); err != nil {
		t.Fatal(err)
	}
	return d
}

func TestSARIFRules(t *testing.T) {
	o := sarifOptions()
	d := parseSARIF(t, sarifOf(t, sample(), o))
	got := d.Runs[0].Tool.Driver.Rules
	// one entry per rule given, in order, each with its doc as help, then
	// the rules of findings outside the list
	for i, r := range o.Rules {
		if got[i].ID != r.ID {
			t.Fatalf("rule %d is %q, want %q", i, got[i].ID, r.ID)
		}
		if got[i].Help.Markdown != o.Doc(r.ID) {
			t.Errorf("rule %s: help is not its documentation", r.ID)
		}
		if want := sarifLevel(r.Severity); got[i].DefaultConfiguration.Level != want {
			t.Errorf("rule %s: level %q, want %q", r.ID, got[i].DefaultConfiguration.Level, want)
		}
	}
	extra := map[string]bool{}
	for _, r := range got[len(o.Rules):] {
		extra[r.ID] = true
	}
	if !extra["roundtrip-drift"] {
		t.Errorf("a finding's rule outside rules.All has no entry: %v", extra)
	}
	for _, res := range d.Runs[0].Results {
		if got[res.RuleIndex].ID != res.RuleID {
			t.Errorf("result %s points at rule %d (%s)", res.RuleID, res.RuleIndex, got[res.RuleIndex].ID)
		}
	}
}

func TestSARIFLocations(t *testing.T) {
	r := sample()
	r.Diagnostics = r.Diagnostics[:1]
	r.Diagnostics[0].Path = "versions/b1_users.py"
	r.Diagnostics[0].Column = 4
	r.Source = func(string, int) string { return "é = \"a0\"" } // 2 bytes, 1 code point
	d := parseSARIF(t, sarifOf(t, r, SARIFOptions{Root: "/repo", Dir: "/repo/svc/migrations"}))
	loc := d.Runs[0].Results[0].Locations[0].PhysicalLocation
	if loc.ArtifactLocation.URI != "svc/migrations/versions/b1_users.py" {
		t.Errorf("uri %q is not relative to the repository root", loc.ArtifactLocation.URI)
	}
	if loc.Region.StartLine != 5 || loc.Region.StartColumn != 3 {
		t.Errorf("region %+v, want line 5 column 3 (code points)", loc.Region)
	}
}

func fingerprints(t *testing.T, r *Result) []string {
	var out []string
	for _, res := range parseSARIF(t, sarifOf(t, r, sarifOptions())).Runs[0].Results {
		out = append(out, res.PartialFingerprints[SARIFFingerprint])
	}
	return out
}

func TestSARIFFingerprints(t *testing.T) {
	before := fingerprints(t, sample())

	// the same findings three lines further down: same fingerprints
	moved := sample()
	src := moved.Source
	for i := range moved.Diagnostics {
		if moved.Diagnostics[i].Line > 0 {
			moved.Diagnostics[i].Line += 3
		}
	}
	moved.Source = func(p string, l int) string { return src(p, l-3) }
	if after := fingerprints(t, moved); strings.Join(after, " ") != strings.Join(before, " ") {
		t.Errorf("fingerprints changed when lines moved:\n%v\n%v", before, after)
	}

	// reformatting the line (whitespace) keeps them too
	spaced := sample()
	spaced.Source = func(p string, l int) string { return "  " + strings.ReplaceAll(src(p, l), " ", "   ") + "\t" }
	if after := fingerprints(t, spaced); strings.Join(after, " ") != strings.Join(before, " ") {
		t.Errorf("fingerprints changed with whitespace:\n%v\n%v", before, after)
	}

	// a different line gives a different fingerprint
	edited := sample()
	edited.Source = func(p string, l int) string { return src(p, l) + " # edited" }
	after := fingerprints(t, edited)
	if after[0] == before[0] {
		t.Error("the fingerprint did not change with the line's text")
	}

	// every fingerprint in one run is distinct; identical lines count up
	seen := map[string]bool{}
	for _, f := range before {
		if seen[f] {
			t.Errorf("duplicate fingerprint %s", f)
		}
		seen[f] = true
	}
	twice := sample()
	twice.Diagnostics = append(twice.Diagnostics[:1], twice.Diagnostics[0])
	fs := fingerprints(t, twice)
	if !strings.HasSuffix(fs[0], ":1") || !strings.HasSuffix(fs[1], ":2") || strings.TrimSuffix(fs[0], ":1") != strings.TrimSuffix(fs[1], ":2") {
		t.Errorf("identical findings: %v, want hash:1 and hash:2", fs)
	}
}
