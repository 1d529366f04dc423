package history

import (
	"context"
	"fmt"
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
