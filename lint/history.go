package lint

import "github.com/retortdev/retort/revision"

// History is what a base ref (or retort.sum) knew about the project: the
// revisions already released, against which edits and deletions are found.
type History struct {
	// Source names where it came from: "origin/main" or "retort.sum".
	Source string
	// Files maps each revision id present at the base to its file there.
	Files map[string]*revision.File
	// Heads are the base's heads.
	Heads []string
	// Applied holds the revisions production is known to run; nil means
	// every revision of the base.
	Applied map[string]bool
}
