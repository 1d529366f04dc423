package report

import (
	"bytes"
	"os"
	"regexp"
	"strings"
	"testing"

	"github.com/sethvargo/go-githubactions"

	"github.com/retortdev/retort/lint"
	"github.com/retortdev/retort/replay"
	"github.com/retortdev/retort/revision"
)

// evilID is a revision id a pull request may choose: it ends a code span,
// ends the paragraph, plants retort's marker, a heading and a link.
const evilID = "a1`\n\n<!-- retort -->\n# pwned [x](https://evil.example)\r# again"

func injected(t *testing.T) *Result {
	t.Helper()
	src := `"""add ` + "```" + ` [y](https://evil.example) <img src=x> "quoted"

Revision ID: a1
"""
revision = "a1` + "`" + `\n\n<!-- retort -->\n# pwned [x](https://evil.example)\r# again"
down_revision = "a0"
`
	files := []*revision.File{
		rev("migrations/versions/a0_init.py", "a0", "", "init"),
		revision.Parse("migrations/versions/a1_evil.py", []byte(src)),
	}
	if files[1].Revision != evilID {
		t.Fatalf("the fixture's revision is %q, want %q", files[1].Revision, evilID)
	}
	g := revision.NewGraph(files)
	return &Result{
		Diagnostics: []lint.Diagnostic{{Rule: "missing-revision-id", Severity: lint.Error, Path: "migrations/versions/a1_evil.py", Line: 5,
			Revision: evilID, Message: "revision " + evilID + " is odd", Hint: "see [z](https://evil.example) and `code`"}},
		Revisions: 2,
		Heads:     g.Heads,
		Graph:     g,
		New:       []string{evilID},
		Steps: []replay.Step{{Phase: "upgrade", Action: "upgrade", Revision: evilID, Seconds: 0.2, OK: true,
			StepTrace: replay.StepTrace{Statements: []replay.Statement{{Path: "migrations/versions/a1_evil.py", Line: 9, Seconds: 0.1,
				Locks: []replay.Lock{{Relation: evilID, Mode: "AccessExclusiveLock\n# mode"}}}}}}},
	}
}

// TestMarkdownInjection renders a revision id, a revision message, a
// finding and lock data that carry Markdown into the pull request comment
// (and so the step summary): nothing of it may become a heading, a link,
// an image, HTML, a second marker, or leave the Mermaid block.
func TestMarkdownInjection(t *testing.T) {
	r := injected(t)
	if len(r.Heads) != 1 || r.Heads[0] != evilID {
		t.Fatalf("heads %q", r.Heads)
	}
	out := GitHubComment(r, GitHubOptions{}, "retort dev · [run 1](https://github.com/o/r/actions/runs/1)\n# pwned <b>")
	// (the id's marker stays in its code span, where it is text; the
	// loop below checks that no "<!--" is outside one)
	if !strings.HasPrefix(out, CommentMarker+"\n") || strings.Count(out, "\n"+CommentMarker) != 0 {
		t.Errorf("the comment has more than its own marker:\n%s", out)
	}
	code := regexp.MustCompile("`[^`\n]*`")
	lines := strings.Split(out, "\n")
	inMermaid := false
	for i, l := range lines {
		switch {
		case l == "```mermaid":
			inMermaid = true
			continue
		case inMermaid && l == "```":
			inMermaid = false
			continue
		case inMermaid:
			if strings.Contains(l, "`") || !(strings.HasPrefix(l, "  ") || l == "flowchart TD") {
				t.Errorf("line %d of the Mermaid block is not retort's: %q", i+1, l)
			}
			if strings.Count(l, `"`)%2 != 0 || strings.Contains(l, "<img") {
				t.Errorf("line %d of the Mermaid block leaves its label: %q", i+1, l)
			}
			continue
		}
		if strings.HasPrefix(strings.TrimLeft(l, " "), "# ") || strings.HasPrefix(l, "```") || strings.ContainsRune(l, '\r') {
			t.Errorf("line %d is Markdown from the input: %q", i+1, l)
		}
		unescaped := strings.ReplaceAll(l, "\\`", "")
		prose := code.ReplaceAllString(unescaped, "")
		if strings.Count(unescaped, "`")%2 != 0 {
			t.Errorf("line %d has an unclosed code span: %q", i+1, l)
		}
		for _, bad := range []string{"[x](", "[y](", "[z](", "<img", "<b>", "<!--"} {
			if strings.Contains(prose, bad) && i > 0 {
				t.Errorf("line %d has %q outside a code span: %q", i+1, bad, l)
			}
		}
	}
	if inMermaid {
		t.Errorf("the Mermaid block never ends:\n%s", out)
	}
	// retort's own link in the footer stays a link
	if !strings.Contains(out, "[run 1](https://github.com/o/r/actions/runs/1)") {
		t.Errorf("the footer lost its link:\n%s", out)
	}
}

// TestOutputsOneLine: a revision id with a line break cannot end the heads
// output early and set outputs of its own (go-githubactions writes every
// output with the same fixed delimiter).
func TestOutputsOneLine(t *testing.T) {
	env := newGHEnv(t)
	a := githubactions.New(githubactions.WithWriter(&bytes.Buffer{}), githubactions.WithGetenv(env.getenv))
	const delim = "_GitHubActionsFileCommandDelimeter_"
	r := &Result{Heads: []string{"b2", "a1\n" + delim + "\nerrors<<" + delim + "\n0\n" + delim}, Revisions: 2,
		Diagnostics: []lint.Diagnostic{{Rule: "multiple-heads", Severity: lint.Error, Message: "m"}}}
	GitHubOutputs(a, r, GitHubOptions{SARIFFile: "x.sarif\nwarnings=9"})
	b, err := os.ReadFile(env.vars["GITHUB_OUTPUT"])
	if err != nil {
		t.Fatal(err)
	}
	got := parseOutputs(t, string(b))
	if len(got) != 4 || got["errors"] != "1" || got["warnings"] != "0" || strings.ContainsAny(got["heads"], "\r\n") ||
		!strings.HasPrefix(got["heads"], "b2 a1") || strings.ContainsAny(got["sarif-file"], "\r\n") {
		t.Errorf("outputs %q from:\n%s", got, b)
	}
}

// parseOutputs reads a GITHUB_OUTPUT file as the runner does: name=value
// lines and name<<delimiter blocks; a name set twice is an error.
func parseOutputs(t *testing.T, s string) map[string]string {
	t.Helper()
	out := map[string]string{}
	lines := strings.Split(strings.TrimSuffix(s, "\n"), "\n")
	for i := 0; i < len(lines); i++ {
		var name, value string
		if n, delim, ok := strings.Cut(lines[i], "<<"); ok {
			var v []string
			for i++; i < len(lines) && lines[i] != delim; i++ {
				v = append(v, lines[i])
			}
			name, value = n, strings.Join(v, "\n")
		} else if n, v, ok := strings.Cut(lines[i], "="); ok {
			name, value = n, v
		} else {
			t.Fatalf("GITHUB_OUTPUT line %d %q is no output", i+1, lines[i])
		}
		if _, dup := out[name]; dup {
			t.Errorf("output %s is set twice", name)
		}
		out[name] = value
	}
	return out
}
