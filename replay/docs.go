package replay

import (
	"embed"
	"strings"
)

//go:embed docs/*.md
var docs embed.FS

// Doc returns the documentation of a replay rule (docs/<id>.md), or "".
func Doc(id string) string {
	b, err := docs.ReadFile("docs/" + id + ".md")
	if err != nil {
		return ""
	}
	return string(b)
}

// DocSummary is the first line of prose of a replay rule's documentation.
func DocSummary(id string) string {
	for _, line := range strings.Split(Doc(id), "\n") {
		line = strings.TrimSpace(line)
		if line != "" && !strings.HasPrefix(line, "#") {
			return line
		}
	}
	return ""
}
