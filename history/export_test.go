package history

import (
	"context"
	"fmt"
	"path/filepath"
	"slices"
	"strings"

	"github.com/retortdev/retort/revision"
)

// ReadEveryBlob switches snapshot back to reading and comparing every
// blob, for the tests that check the blob id comparison against it.
var ReadEveryBlob = &readEveryBlob

// BlobIs is blobHasher.is.
func BlobIs(content []byte, oid string) bool { return (&blobHasher{}).is(content, oid) }

// AheadAgrees runs runAhead for proj and the base opt names, then again
// on its own each command it recorded. It returns how many it recorded
// and the ones whose output or error differ from what they said alone.
func AheadAgrees(proj *revision.Project, opt Options) (n int, differ []string) {
	a := aheadOf(proj, baseOf(opt))
	ran := runAhead(context.Background(), a)
	for key, res := range ran {
		parts := strings.Split(key, "\x00")
		r := &repo{dir: parts[0]}
		out, err := r.run(nil, parts[1:])
		if res.listed { // git ls-tree, parsed as revisionFiles does
			args := parts[1:]
			entries := revisionBlobs(out, args[slices.Index(args, "--")+1:], a.recursive)
			for i := range entries {
				entries[i].abs = filepath.Join(parts[0], filepath.FromSlash(entries[i].path))
			}
			if len(entries) == 0 || !slices.Equal(entries, res.entries) || err != nil {
				differ = append(differ, fmt.Sprintf("git %v: ahead %v; alone %v, %v", args, res.entries, entries, err))
			}
			continue
		}
		if out != res.out || fmt.Sprint(err) != fmt.Sprint(res.err) {
			differ = append(differ, fmt.Sprintf("git %v: ahead %q, %v; alone %q, %v", parts[1:], res.out, res.err, out, err))
		}
	}
	return len(ran), differ
}

// AheadRunning reports whether the goroutine of a GitAhead is running.
func AheadRunning(a *Ahead) bool {
	select {
	case <-a.done:
		return false
	default:
		return true
	}
}
