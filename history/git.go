package history

import (
	"bufio"
	"bytes"
	"context"
	"crypto/sha1"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"hash"
	"io"
	"os"
	"os/exec"
	"path"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/retortdev/retort/revision"
)

// Options say where the base of a change is.
type Options struct {
	// Base is a git ref (--base); "" means the default: origin/$GITHUB_BASE_REF
	// inside a GitHub Actions pull request, else none.
	Base string
	// Applied is --applied: a revision whose ancestors (and itself) are
	// applied; "" for none.
	Applied string
	// Getenv reads the environment; nil means os.Getenv.
	Getenv func(string) string
	// Log receives one line for each fetch retort makes, and warnings.
	Log io.Writer
	// Hashes holds the hashes of files recorded as they loaded; nil for
	// none. Files it lacks are hashed when retort.sum is compared.
	Hashes *Hashes
	// Ahead is the git work GitAhead started for the project as it was
	// discovered; nil for none. Load waits for it and does not run again
	// the commands it ran, when it was started for the same project and
	// base.
	Ahead *Ahead
}

// Load builds the history of proj: the base ref's files read with git, and
// retort.sum when the project has one. It returns nil when neither is
// known. A base that was asked for (--base, or the pull request's base
// inside GitHub Actions) and cannot be read is a *BaseError: comparing
// with nothing would silently change which revisions are checked. Other
// errors are about the user's input (a bad retort.sum, an unknown
// --applied revision).
func Load(proj *revision.Project, opt Options) (*History, error) {
	logw := opt.Log
	if logw == nil {
		logw = io.Discard
	}
	sum, err := LoadSum(proj)
	if err != nil {
		return nil, err
	}
	b := baseOf(opt)
	var base, tip *Snapshot
	if b.ref != "" {
		a := aheadOf(proj, b)
		ran := opt.Ahead.take(proj, a)
		if ran == nil {
			ran = runAhead(context.Background(), a)
		}
		base, tip, err = gitBase(proj, b.ref, b.actions, b.getenv, logw, ran)
		if err != nil {
			return nil, &BaseError{Ref: b.ref, FromEnv: b.fromEnv, Err: err}
		}
	}
	if base == nil && sum == nil && opt.Applied == "" {
		return nil, nil
	}
	return newHistory(proj, base, tip, sum, opt.Applied, opt.Hashes)
}

// baseSpec is where Options say the base is.
type baseSpec struct {
	ref     string // the git ref; "" for none
	fromEnv bool   // the pull request's base, not --base
	actions bool   // the pull request's own base, inside GitHub Actions
	getenv  func(string) string
}

func baseOf(opt Options) baseSpec {
	getenv := opt.Getenv
	if getenv == nil {
		getenv = os.Getenv
	}
	ref := BaseRef(opt.Base, getenv)
	pr := PullRequestBase(getenv)
	// the pull request's own base: its merge commit knows the base tip
	actions := getenv("GITHUB_ACTIONS") == "true" && pr != "" && (ref == pr || ref == strings.TrimPrefix(pr, "origin/") || ref == "refs/remotes/"+pr)
	return baseSpec{ref: ref, fromEnv: ref != opt.Base, actions: actions, getenv: getenv}
}

// BaseRef is the git ref Load compares the project with: base (--base),
// else origin/$GITHUB_BASE_REF inside a GitHub Actions pull request; ""
// for none.
func BaseRef(base string, getenv func(string) string) string {
	if base == "" && getenv("GITHUB_ACTIONS") == "true" {
		return PullRequestBase(getenv)
	}
	return base
}

// PullRequestBase is the default base of a change inside a pull request:
// origin/$GITHUB_BASE_REF, the remote branch the pull request merges into;
// "" when GITHUB_BASE_REF is not set.
func PullRequestBase(getenv func(string) string) string {
	if pr := getenv("GITHUB_BASE_REF"); pr != "" {
		return "origin/" + pr
	}
	return ""
}

// ErrNoGit is why a base cannot be read when git is not installed.
var ErrNoGit = errors.New("git is not installed")

// BaseError is a base ref that cannot be read, with git's reason.
type BaseError struct {
	Ref     string
	FromEnv bool // the default, origin/$GITHUB_BASE_REF
	Err     error
}

func (e *BaseError) Error() string {
	what, fix := fmt.Sprintf("--base %q", e.Ref), "give --base a ref this checkout has, or leave --base out to use retort.sum"
	if e.FromEnv {
		what = fmt.Sprintf("the pull request's base %q (origin/$GITHUB_BASE_REF)", e.Ref)
		fix = "check the repository out with git (actions/checkout), or name the base with --base"
	}
	return fmt.Sprintf("%s cannot be read: %v; without it retort cannot tell which revisions this change adds, so it stops rather than check a different set (%s)", what, e.Err, fix)
}

func (e *BaseError) Unwrap() error { return e.Err }

// gitTimeout bounds each git command retort runs.
const gitTimeout = 3 * time.Minute

// repo runs git in a repository.
type repo struct {
	dir string // where git runs
	top string // the work tree's top
	log io.Writer
	ctx context.Context // nil for none

	// ran holds what the commands run ahead said (runAhead), which are
	// not run again until a fetch changes the repository; when record
	// is set, the commands run are added to it
	ran    gitRan
	record bool

	// the project's files by absolute path, and the object id each was
	// found to equal: the base and the tip snapshots look the same
	// working files up, and hash each only once
	head    map[string]*revision.File
	matched map[string]string
}

func (r *repo) git(args ...string) (string, error) {
	return r.gitInput(nil, args...)
}

func (r *repo) gitInput(stdin io.Reader, args ...string) (string, error) {
	key := ranKey(r.dir, args)
	if stdin == nil {
		if res, ok := r.ran[key]; ok {
			return res.out, res.err
		}
	}
	if args[0] == "fetch" {
		clear(r.ran) // what the commands said before may change now
	}
	out, err := r.run(stdin, args)
	if r.record && stdin == nil {
		r.ran[key] = gitResult{out: out, err: err}
	}
	return out, err
}

func (r *repo) run(stdin io.Reader, args []string) (string, error) {
	parent := r.ctx
	if parent == nil {
		parent = context.Background()
	}
	// a fetch that hangs (a remote that does not answer) must not hang lint
	ctx, cancel := context.WithTimeout(parent, gitTimeout)
	defer cancel()
	cmd := exec.CommandContext(ctx, "git", args...)
	cmd.Dir = r.dir
	cmd.Env = append(os.Environ(), "GIT_TERMINAL_PROMPT=0", "LC_ALL=C")
	cmd.Stdin = stdin
	var out, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &stderr
	if err := cmd.Run(); err != nil {
		msg := strings.TrimSpace(stderr.String())
		if i := strings.IndexByte(msg, '\n'); i >= 0 {
			msg = msg[:i]
		}
		if msg == "" {
			msg = err.Error()
		}
		return out.String(), fmt.Errorf("git %s: %s", args[0], msg)
	}
	return out.String(), nil
}

func (r *repo) ok(args ...string) bool {
	_, err := r.git(args...)
	return err == nil
}

func (r *repo) fetch(what string, args ...string) error {
	full := append([]string{"fetch", "--no-tags"}, args...)
	fmt.Fprintf(r.log, "retort: %s is not in this checkout; fetching it (git %s)\n", what, strings.Join(full, " "))
	_, err := r.git(full...)
	return err
}

// repoDir is where git runs for proj.
func repoDir(proj *revision.Project) string {
	if len(proj.VersionDirs) > 0 {
		return proj.VersionDirs[0]
	}
	return proj.Root
}

func openRepo(proj *revision.Project, logw io.Writer, ran gitRan) (*repo, error) {
	if _, err := exec.LookPath("git"); err != nil {
		return nil, ErrNoGit
	}
	dir := repoDir(proj)
	r := &repo{dir: dir, log: logw, ran: ran}
	top, err := r.git("rev-parse", "--show-toplevel")
	if err != nil {
		return nil, fmt.Errorf("%s is not in a git work tree", dir)
	}
	r.top = strings.TrimSpace(top)
	return r, nil
}

// gitBase reads the project's revision files at the merge base of HEAD and
// ref and at ref's tip. In a GitHub pull request whose checkout is the
// merge commit (HEAD is $GITHUB_SHA with two parents) the first parent is
// the base tip, and also the merge base. The commands in ran (runAhead's)
// are not run again.
func gitBase(proj *revision.Project, ref string, actions bool, getenv func(string) string, logw io.Writer, ran gitRan) (base, tip *Snapshot, err error) {
	r, err := openRepo(proj, logw, ran)
	if err != nil {
		return nil, nil, err
	}
	shallow := strings.TrimSpace(must(r.git("rev-parse", "--is-shallow-repository"))) == "true"
	if actions {
		if first := r.prMergeParent(getenv("GITHUB_SHA")); first != "" {
			if !r.ok("cat-file", "-e", first+"^{commit}") {
				if err := r.fetch(ref+" (the first parent of the merge commit)", "--depth=1", "origin", first); err != nil {
					return nil, nil, err
				}
			}
			s, err := r.snapshot(first, ref, proj)
			return s, s, err
		}
	}
	tipCommit, err := r.resolve(ref, shallow || actions)
	if err != nil {
		return nil, nil, err
	}
	tip, err = r.snapshot(tipCommit, ref, proj)
	if err != nil {
		return nil, nil, err
	}
	mb, ok := r.mergeBase(tipCommit, ref, shallow)
	if !ok {
		fmt.Fprintf(logw, "retort: cannot find where HEAD branched off %s; comparing with its tip, so revisions added there since are not taken as deleted here\n", ref)
		return withoutNewer(tip, proj), tip, nil
	}
	if mb == tipCommit {
		base = tip
	} else if base, err = r.snapshot(mb, ref, proj); err != nil {
		return nil, nil, err
	}
	if len(base.Revisions) == 0 && len(proj.Graph.Revs) > 0 {
		fmt.Fprintf(logw, "retort: %s has no revision files in the versions folders; every revision counts as new in this change\n", ref)
	}
	return base, tip, nil
}

func must(s string, _ error) string { return s }

// prMergeParent returns the first parent of HEAD when HEAD is the merge
// commit GitHub made for a pull request, else "".
func (r *repo) prMergeParent(sha string) string {
	head, err := r.git("rev-parse", "HEAD")
	if err != nil || sha == "" || strings.TrimSpace(head) != sha {
		return ""
	}
	// read the parents from the commit object: a shallow checkout hides them
	// from rev-list
	obj, err := r.git("cat-file", "commit", "HEAD")
	if err != nil {
		return ""
	}
	return firstOfTwoParents(obj)
}

// firstOfTwoParents returns the first parent of a commit object with two
// parents, else "".
func firstOfTwoParents(obj string) string {
	var parents []string
	for _, line := range strings.Split(obj, "\n") {
		if line == "" {
			break
		}
		if p, ok := strings.CutPrefix(line, "parent "); ok {
			parents = append(parents, strings.TrimSpace(p))
		}
	}
	if len(parents) != 2 {
		return ""
	}
	return parents[0]
}

// resolve finds ref's commit, fetching it from its remote when it is
// missing and fetching is allowed (a shallow or CI checkout).
func (r *repo) resolve(ref string, mayFetch bool) (string, error) {
	if c, err := r.git("rev-parse", "--verify", "--quiet", ref+"^{commit}"); err == nil {
		return strings.TrimSpace(c), nil
	}
	remote, branch := "", ref
	remotes := strings.Fields(must(r.git("remote")))
	for _, rm := range remotes {
		if b, ok := strings.CutPrefix(ref, rm+"/"); ok && b != "" {
			remote, branch = rm, b
			break
		}
	}
	if remote == "" {
		for _, rm := range remotes {
			if rm == "origin" {
				remote = rm
			}
		}
	}
	if remote == "" {
		return "", fmt.Errorf("%q is not a commit in this repository", ref)
	}
	local := "refs/remotes/" + remote + "/" + branch
	if !mayFetch {
		return "", fmt.Errorf("%q is not a commit in this repository (run: git fetch %s %s)", ref, remote, branch)
	}
	if err := r.fetch(ref, "--depth=1", remote, "+refs/heads/"+branch+":"+local); err != nil {
		return "", err
	}
	c, err := r.git("rev-parse", "--verify", "--quiet", local+"^{commit}")
	if err != nil {
		return "", fmt.Errorf("%q is not a commit in this repository, even after fetching it", ref)
	}
	return strings.TrimSpace(c), nil
}

// mergeBase finds where HEAD branched off tip, deepening a shallow
// history when it must.
func (r *repo) mergeBase(tip, ref string, shallow bool) (string, bool) {
	if mb, err := r.git("merge-base", "HEAD", tip); err == nil {
		return strings.TrimSpace(mb), true
	}
	if !shallow {
		return "", false
	}
	remote, spec := "origin", ""
	for _, rm := range strings.Fields(must(r.git("remote"))) {
		if b, ok := strings.CutPrefix(ref, rm+"/"); ok && b != "" {
			remote, spec = rm, "+refs/heads/"+b+":refs/remotes/"+rm+"/"+b
		}
	}
	for _, n := range []int{50, 1000} {
		fmt.Fprintf(r.log, "retort: the checkout is shallow; fetching %d more commits of history to find where HEAD branched off %s\n", n, ref)
		args := []string{"fetch", "--no-tags", "--deepen=" + strconv.Itoa(n), remote}
		if spec != "" {
			args = append(args, spec)
		}
		if _, err := r.git(args...); err != nil {
			return "", false
		}
		if mb, err := r.git("merge-base", "HEAD", tip); err == nil {
			return strings.TrimSpace(mb), true
		}
	}
	return "", false
}

// withoutNewer drops from a tip snapshot the revisions the project lacks
// that no revision of the project descends from: without a merge base
// they are more likely new at the base than deleted here. The ones kept
// are found in one walk up from the revisions both have, rather than a
// walk down from each revision the project lacks.
func withoutNewer(tip *Snapshot, proj *revision.Project) *Snapshot {
	out := &Snapshot{Name: tip.Name, Revisions: map[string]*BaseRevision{}, Heads: tip.Heads, Graph: tip.Graph}
	var both []string
	for id := range tip.Graph.Revs {
		if proj.Graph.Revs[id] != nil {
			both = append(both, id)
		}
	}
	below := tip.Graph.DownAncestors(both...) // the revisions both have, and their ancestors
	for id, br := range tip.Revisions {
		if proj.Graph.Revs[id] == nil && !below[id] {
			continue
		}
		out.Revisions[id] = br
	}
	return out
}

// snapshot reads and parses the revision files of the project's versions
// folders at commit.
func (r *repo) snapshot(commit, name string, proj *revision.Project) (*Snapshot, error) {
	entries, err := r.revisionFiles(commit, proj.VersionDirs, proj.Recursive)
	if err != nil {
		return nil, err
	}
	files, err := r.readChanged(entries, proj)
	if err != nil {
		return nil, err
	}
	if sameFiles(files, proj.Files) {
		// no revision file changed since commit (a change that touches no
		// migration): the project's graph is the commit's
		return snapshotOf(name, proj.Graph), nil
	}
	return NewSnapshot(name, files), nil
}

// revisionFiles lists with git ls-tree the revision files of the
// versions folders versionDirs at commit (recursive says whether they are
// read recursively), each with its absolute path.
func (r *repo) revisionFiles(commit string, versionDirs []string, recursive bool) ([]blobEntry, error) {
	dirs, args, err := r.lsTree(commit, versionDirs)
	if err != nil {
		return nil, err
	}
	atTop := *r
	atTop.dir = r.top
	key := ranKey(atTop.dir, args)
	if res, ok := r.ran[key]; ok && res.listed {
		return res.entries, nil
	}
	out, err := atTop.git(args...)
	if err != nil {
		return nil, err
	}
	entries := revisionBlobs(out, dirs, recursive)
	for i := range entries {
		entries[i].abs = filepath.Join(r.top, filepath.FromSlash(entries[i].path))
	}
	if r.record {
		r.ran[key] = gitResult{entries: entries, listed: true} // rather than the output
	}
	return entries, nil
}

// lsTree returns the versions folders versionDirs from the work tree's
// top, with forward slashes, and the git ls-tree command that lists their
// files at commit.
func (r *repo) lsTree(commit string, versionDirs []string) (dirs, args []string, err error) {
	realTop := r.top
	if p, err := filepath.EvalSymlinks(r.top); err == nil {
		realTop = p
	}
	for _, d := range versionDirs {
		abs, err := filepath.Abs(d)
		if err != nil {
			continue
		}
		if p, err := filepath.EvalSymlinks(abs); err == nil {
			abs = p
		}
		rel, ok := revision.RelWithin(realTop, abs)
		if !ok {
			continue
		}
		dirs = append(dirs, filepath.ToSlash(rel))
	}
	if len(dirs) == 0 {
		return nil, nil, fmt.Errorf("the versions folders are outside the git work tree %s", r.top)
	}
	args = []string{"ls-tree", "-r", "-z", "--full-tree", commit, "--"}
	for _, d := range dirs {
		if d == "." {
			args = append(args, ".")
		} else {
			args = append(args, d)
		}
	}
	return dirs, args, nil
}

// sameFiles reports whether files are the project's files pfiles: as
// many, and each one of them. The files of a snapshot have distinct
// paths, so that none is counted twice.
func sameFiles(files, pfiles []*revision.File) bool {
	if len(files) != len(pfiles) {
		return false
	}
	own := make(map[*revision.File]bool, len(pfiles))
	for _, f := range pfiles {
		own[f] = true
	}
	for _, f := range files {
		if !own[f] {
			return false
		}
	}
	return true
}

// blobEntry is a revision file of a tree: its path from the work tree's
// top, with forward slashes, and its blob's object id in hex; abs is its
// absolute path (revisionFiles sets it).
type blobEntry struct{ path, oid, abs string }

// revisionBlobs picks the revision files of the versions folders dirs
// out of the records of git ls-tree -r -z: "<mode> <type> <oid>\t<path>".
func revisionBlobs(out string, dirs []string, recursive bool) []blobEntry {
	var entries []blobEntry
	for len(out) > 0 {
		rec := out
		if i := strings.IndexByte(out, 0); i >= 0 {
			rec, out = out[:i], out[i+1:]
		} else {
			out = ""
		}
		tab := strings.IndexByte(rec, '\t')
		if tab < 0 {
			continue
		}
		meta, p := strings.Fields(rec[:tab]), rec[tab+1:]
		if len(meta) != 3 || meta[1] != "blob" || meta[0] == "120000" {
			continue
		}
		name := path.Base(p)
		if !strings.HasSuffix(name, ".py") || name == "__init__.py" || strings.HasPrefix(name, ".#") {
			continue
		}
		if !inVersionDir(p, dirs, recursive) {
			continue
		}
		entries = append(entries, blobEntry{path: p, oid: meta[2]})
	}
	return entries
}

// readEveryBlob makes readChanged read and compare every blob, as it did
// before it compared blob ids: the tests check that both ways agree.
var readEveryBlob = false

// readChanged returns the files of entries. A file the working tree
// still has with the same content is the project's own, neither read
// from git nor parsed again: its content hashes to the entry's object
// id. Only the others (edited, deleted, renamed, or stored by git other
// than as the working tree has them: CRLF line ends, filters) are read
// with git cat-file and parsed; a file still there keeps the project's
// path, a deleted one gets its absolute path.
func (r *repo) readChanged(entries []blobEntry, proj *revision.Project) ([]*revision.File, error) {
	if r.head == nil {
		r.head, r.matched = proj.FilesByAbsPath(), map[string]string{}
	}
	head := r.head
	files := make([]*revision.File, len(entries))
	var todo []int // the entries to read
	same := make([]bool, len(entries))
	if !readEveryBlob {
		parallel(len(entries), func(i int, h *blobHasher) {
			e := &entries[i]
			if f := head[e.abs]; f != nil && (r.matched[e.abs] == e.oid || h.is(f.Src, e.oid)) {
				same[i] = true
			}
		})
		for i, e := range entries {
			if same[i] {
				r.matched[e.abs] = e.oid
			}
		}
	}
	oids := make([]string, 0, len(entries))
	for i, e := range entries {
		if same[i] {
			files[i] = head[e.abs]
			continue
		}
		todo = append(todo, i)
		oids = append(oids, e.oid)
	}
	blobs, err := r.catFiles(oids)
	if err != nil {
		return nil, err
	}
	parallel(len(todo), func(k int, _ *blobHasher) {
		i := todo[k]
		path := entries[i].abs
		if f := head[path]; f != nil {
			if bytes.Equal(f.Src, blobs[k]) {
				files[i] = f
				return
			}
			path = f.Path
		}
		files[i] = revision.Parse(path, blobs[k])
	})
	return files, nil
}

// parallel calls do(i) for i in [0, n) on all cores, each worker with
// its own hasher.
func parallel(n int, do func(i int, h *blobHasher)) {
	next := make(chan int, n)
	for i := 0; i < n; i++ {
		next <- i
	}
	close(next)
	var wg sync.WaitGroup
	for w := 0; w < min(runtime.GOMAXPROCS(0), n); w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			h := &blobHasher{}
			for i := range next {
				do(i, h)
			}
		}()
	}
	wg.Wait()
}

// blobHasher computes git object ids of blobs, SHA-1 or (in a
// repository with objectFormat sha256) SHA-256 ones.
type blobHasher struct {
	sha1, sha256 hash.Hash
	sum          [sha256.Size]byte
	hex          [2 * sha256.Size]byte
}

// is reports whether content is the blob whose object id is oid: git's
// id of a blob is the hash of "blob <size>\x00" and the content, so that
// equal ids mean equal content.
func (b *blobHasher) is(content []byte, oid string) bool {
	var h hash.Hash
	switch len(oid) {
	case 2 * sha1.Size:
		if b.sha1 == nil {
			b.sha1 = sha1.New()
		}
		h = b.sha1
	case 2 * sha256.Size:
		if b.sha256 == nil {
			b.sha256 = sha256.New()
		}
		h = b.sha256
	default:
		return false
	}
	h.Reset()
	var header [32]byte
	h.Write(append(strconv.AppendInt(append(header[:0], "blob "...), int64(len(content)), 10), 0))
	h.Write(content)
	sum := h.Sum(b.sum[:0])
	n := hex.Encode(b.hex[:], sum)
	return string(b.hex[:n]) == oid
}

func inVersionDir(p string, dirs []string, recursive bool) bool {
	for _, d := range dirs {
		if d == "." {
			if recursive || !strings.Contains(p, "/") {
				return true
			}
			continue
		}
		if !strings.HasPrefix(p, d+"/") {
			continue
		}
		rest := p[len(d)+1:]
		if !strings.Contains(rest, "/") {
			return true
		}
		if recursive {
			// Alembic skips __pycache__ and hidden folders
			ok := true
			for _, part := range strings.Split(path.Dir(rest), "/") {
				if part == "__pycache__" || strings.HasPrefix(part, ".") {
					ok = false
				}
			}
			if ok {
				return true
			}
		}
	}
	return false
}

// catFiles reads blobs with one git cat-file --batch.
func (r *repo) catFiles(oids []string) ([][]byte, error) {
	if len(oids) == 0 {
		return nil, nil
	}
	ctx, cancel := context.WithTimeout(context.Background(), gitTimeout)
	defer cancel()
	cmd := exec.CommandContext(ctx, "git", "cat-file", "--batch")
	cmd.Dir = r.dir
	cmd.Env = append(os.Environ(), "LC_ALL=C")
	cmd.Stdin = strings.NewReader(strings.Join(oids, "\n") + "\n")
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		return nil, err
	}
	if err := cmd.Start(); err != nil {
		return nil, err
	}
	br := bufio.NewReaderSize(stdout, 1<<16)
	out := make([][]byte, len(oids))
	var readErr error
	for i := range oids {
		header, err := br.ReadString('\n')
		if err != nil {
			readErr = fmt.Errorf("git cat-file: %v", err)
			break
		}
		f := strings.Fields(header)
		if len(f) != 3 {
			readErr = fmt.Errorf("git cat-file: object %s: %s", oids[i], strings.TrimSpace(header))
			break
		}
		n, err := strconv.Atoi(f[2])
		if err != nil {
			readErr = fmt.Errorf("git cat-file: bad size in %q", strings.TrimSpace(header))
			break
		}
		buf := make([]byte, n+1) // the content and a newline
		if _, err := io.ReadFull(br, buf); err != nil {
			readErr = fmt.Errorf("git cat-file: %v", err)
			break
		}
		out[i] = buf[:n]
	}
	io.Copy(io.Discard, br)
	werr := cmd.Wait()
	if readErr != nil {
		return nil, readErr
	}
	if werr != nil {
		return nil, fmt.Errorf("git cat-file: %v: %s", werr, strings.TrimSpace(stderr.String()))
	}
	return out, nil
}
