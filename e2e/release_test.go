package e2e

import (
	"bufio"
	"context"
	"crypto/sha256"
	"debug/elf"
	"encoding/hex"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"sort"
	"strings"
	"testing"
	"time"
)

const releaseVersion = "v0.0.0-e2e"

// releaseScript runs .github/release.sh, the release workflow's packaging,
// and returns the file it wrote (the last line it prints).
func releaseScript(t *testing.T, ctx context.Context, env []string, args ...string) string {
	t.Helper()
	root := repoRoot(t)
	return lastLine(run(t, ctx, root, env, filepath.Join(root, ".github", "release.sh"), args...))
}

func lastLine(s string) string {
	lines := strings.Split(strings.TrimSpace(s), "\n")
	return lines[len(lines)-1]
}

func needTools(t *testing.T) {
	t.Helper()
	for _, tool := range []string{"bash", "tar", "go"} {
		if _, err := exec.LookPath(tool); err != nil {
			t.Skipf("needs %s", tool)
		}
	}
}

// TestReleaseTargetsBuild builds every target of the release workflow's
// matrix as far as this machine can: linux/amd64 natively (release.sh runs
// it and checks `retort version`), linux/arm64 with the aarch64 cross
// compiler (a static aarch64 ELF), and darwin/amd64 and darwin/arm64 as far
// as checkDarwin can; linking for macOS needs its SDK, which only the
// workflow's macOS runners have.
func TestReleaseTargetsBuild(t *testing.T) {
	if testing.Short() {
		t.Skip("builds retort for four targets; skipped with -short")
	}
	needTools(t)
	ctx, cancel := context.WithTimeout(context.Background(), 25*time.Minute)
	defer cancel()
	out := t.TempDir()

	t.Run("linux/amd64", func(t *testing.T) {
		if runtime.GOOS != "linux" || runtime.GOARCH != "amd64" {
			t.Skip("the native build runs on linux/amd64")
		}
		archive := releaseScript(t, ctx, nil, "build", releaseVersion, "linux", "amd64", out)
		checkLinuxArchive(t, ctx, archive, elf.EM_X86_64)
	})
	t.Run("linux/arm64", func(t *testing.T) {
		cc, err := exec.LookPath("aarch64-linux-gnu-gcc")
		if err != nil {
			t.Skip("needs aarch64-linux-gnu-gcc (apt-get install gcc-aarch64-linux-gnu; bash .ci/setup does)")
		}
		archive := releaseScript(t, ctx, []string{"CC=" + cc}, "build", releaseVersion, "linux", "arm64", out)
		checkLinuxArchive(t, ctx, archive, elf.EM_AARCH64)
	})
	for _, arch := range []string{"amd64", "arm64"} {
		t.Run("darwin/"+arch, func(t *testing.T) { checkDarwin(t, ctx, arch) })
	}
}

// checkDarwin checks what can be checked of a macOS build without the
// macOS SDK (cgo cannot link, nor even preprocess runtime/cgo, without it):
// every package resolves for darwin with cgo, pg_query included; the
// packages free of cgo compile for darwin (replay's process handling has
// darwin files); the others have the same Go files on darwin as on linux,
// which the linux builds compile and link.
func checkDarwin(t *testing.T, ctx context.Context, arch string) {
	root := repoRoot(t)
	env := func(cgo string) []string { return []string{"GOOS=darwin", "GOARCH=" + arch, "CGO_ENABLED=" + cgo} }
	if errs := strings.TrimSpace(run(t, ctx, root, env("1"), "go", "list", "-e", "-deps",
		"-f", "{{with .Error}}{{.}}{{end}}", ".", "./...")); errs != "" {
		t.Fatalf("packages do not resolve for darwin/%s:\n%s", arch, errs)
	}
	if n := strings.TrimSpace(run(t, ctx, root, env("1"), "go", "list", "-f", "{{len .CgoFiles}}",
		"github.com/pganalyze/pg_query_go/v5/parser")); n == "0" {
		t.Errorf("pg_query's parser has no cgo files for darwin/%s", arch)
	}
	files := func(goos string) map[string]string {
		out := run(t, ctx, root, []string{"GOOS=" + goos, "GOARCH=" + arch, "CGO_ENABLED=1"}, "go", "list",
			"-f", `{{.ImportPath}} {{join .GoFiles ","}} {{range .Deps}}{{if eq . "github.com/pganalyze/pg_query_go/v5"}}cgo{{end}}{{end}}`, "./...")
		m := map[string]string{}
		for _, l := range strings.Split(strings.TrimSpace(out), "\n") {
			f := strings.Fields(l)
			m[f[0]] = strings.Join(f[1:], " ")
		}
		return m
	}
	darwin, linux := files("darwin"), files("linux")
	var pure []string
	same := 0
	for pkg, d := range darwin {
		if d == "" || d == "cgo" {
			continue // tests only
		}
		if !strings.HasSuffix(d, " cgo") {
			pure = append(pure, pkg)
		} else if d == linux[pkg] {
			same++
		} else {
			t.Errorf("%s (needs cgo to build) has darwin-only Go files that nothing here compiles: darwin %q, linux %q", pkg, d, linux[pkg])
		}
	}
	sort.Strings(pure)
	run(t, ctx, root, env("0"), "go", append([]string{"build"}, pure...)...)
	t.Logf("darwin/%s: %d packages compiled, %d have the same files as on linux; linking needs the macOS SDK (the release workflow's macOS runners)",
		arch, len(pure), same)
}

// checkLinuxArchive opens a release archive: retort and README.md, the
// binary a static ELF of the wanted machine.
func checkLinuxArchive(t *testing.T, ctx context.Context, archive string, machine elf.Machine) {
	t.Helper()
	if want := "retort_" + strings.TrimPrefix(releaseVersion, "v") + "_"; !strings.HasPrefix(filepath.Base(archive), want) {
		t.Errorf("archive %s, want a name starting %s", archive, want)
	}
	list := strings.Fields(run(t, ctx, "", nil, "tar", "-tzf", archive))
	sort.Strings(list)
	if strings.Join(list, " ") != "README.md retort" {
		t.Errorf("%s holds %v, want README.md and retort", archive, list)
	}
	dir := t.TempDir()
	run(t, ctx, "", nil, "tar", "-xzf", archive, "-C", dir, "retort")
	f, err := elf.Open(filepath.Join(dir, "retort"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if f.Machine != machine {
		t.Errorf("%s: ELF machine %s, want %s", archive, f.Machine, machine)
	}
	for _, p := range f.Progs {
		if p.Type == elf.PT_INTERP {
			t.Errorf("%s: dynamically linked (has an interpreter); the release links linux binaries statically", archive)
		}
	}
}

// TestReleaseChecksumsAndInstall packages a release with release.sh (the
// host's archive plus a second one), checks checksums.txt against every
// archive, then runs the composite action's installer (action/install.sh)
// against the release served on loopback: it installs the binary of this
// OS and architecture, reuses it from the tool cache (checked again on
// every use: a planted archive is downloaded again), refuses an archive
// whose sha256 does not match, and builds from the action's source when
// the ref has no release.
func TestReleaseChecksumsAndInstall(t *testing.T) {
	if testing.Short() {
		t.Skip("builds retort; skipped with -short")
	}
	needTools(t)
	if runtime.GOOS != "linux" && runtime.GOOS != "darwin" {
		t.Skip("the action runs on linux and macOS runners")
	}
	ctx, cancel := context.WithTimeout(context.Background(), 15*time.Minute)
	defer cancel()
	root := repoRoot(t)

	dist := t.TempDir()
	archive := releaseScript(t, ctx, nil, "build", releaseVersion, runtime.GOOS, runtime.GOARCH, dist)
	// a second archive (another target's name, other bytes): the checksum
	// file covers every archive, and the installer must pick its own
	other := "linux_arm64"
	if runtime.GOARCH == "arm64" {
		other = "linux_amd64"
	}
	otherName := "retort_" + strings.TrimPrefix(releaseVersion, "v") + "_" + other + ".tar.gz"
	writeFile(t, filepath.Join(dist, otherName), append(mustRead(t, archive), "another target"...))
	sums := releaseScript(t, ctx, nil, "checksums", dist)

	// checksums.txt: sha256sum's format, one line per archive, sorted
	b, err := os.ReadFile(sums)
	if err != nil {
		t.Fatal(err)
	}
	line := regexp.MustCompile(`^([0-9a-f]{64})  (retort_[^ /]+\.tar\.gz)$`)
	var names []string
	sc := bufio.NewScanner(strings.NewReader(string(b)))
	for sc.Scan() {
		m := line.FindStringSubmatch(sc.Text())
		if m == nil {
			t.Fatalf("checksums.txt line %q is not \"<sha256>  <archive>\"", sc.Text())
		}
		data, err := os.ReadFile(filepath.Join(dist, m[2]))
		if err != nil {
			t.Fatalf("checksums.txt names %s: %v", m[2], err)
		}
		if got := sha256.Sum256(data); hex.EncodeToString(got[:]) != m[1] {
			t.Errorf("checksums.txt: %s has sha256 %x, the file says %s", m[2], got, m[1])
		}
		names = append(names, m[2])
	}
	want := []string{filepath.Base(archive), otherName}
	sort.Strings(want)
	if !sort.StringsAreSorted(names) || strings.Join(names, " ") != strings.Join(want, " ") {
		t.Errorf("checksums.txt lists %v, want %v in order", names, want)
	}
	if _, err := exec.LookPath("sha256sum"); err == nil {
		run(t, ctx, dist, nil, "sha256sum", "-c", "checksums.txt")
	}

	// the release, served as GitHub serves release assets
	// (<base>/<tag>/<asset>, 404 for anything else); requests are recorded
	www := t.TempDir()
	var requests []string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		requests = append(requests, r.URL.Path)
		http.FileServer(http.Dir(www)).ServeHTTP(w, r)
	}))
	defer srv.Close()
	publish := func(tag string, files ...string) {
		t.Helper()
		for _, f := range files {
			if err := copyFile(f, filepath.Join(www, tag, filepath.Base(f))); err != nil {
				t.Fatal(err)
			}
		}
	}
	publish(releaseVersion, archive, filepath.Join(dist, otherName), sums)

	tmp := t.TempDir()
	install := func(cache string, env ...string) (string, []string, error) {
		requests = nil
		output := filepath.Join(t.TempDir(), "output")
		base := []string{"RETORT_DOWNLOAD_URL=" + srv.URL, "RUNNER_TEMP=" + tmp, "RUNNER_TOOL_CACHE=" + cache,
			"RETORT_ACTION_PATH=" + root, "GITHUB_OUTPUT=" + output, "RETORT_ACTION_REF=", "RETORT_VERSION=",
			"RUNNER_OS=", "RUNNER_ARCH="}
		out, err := tryRun(ctx, t.TempDir(), append(base, env...), filepath.Join(root, "action", "install.sh"))
		if err == nil {
			b, rerr := os.ReadFile(output)
			if rerr != nil || strings.TrimSpace(string(b)) != "bin="+lastLine(out) {
				t.Errorf("GITHUB_OUTPUT holds %q (%v), want bin=<the path printed last>:\n%s", b, rerr, out)
			}
		}
		return out, append([]string(nil), requests...), err
	}
	sum := sha256.Sum256(mustRead(t, archive))
	cache := filepath.Join(t.TempDir(), "toolcache")
	// the tool cache keeps the verified archive; the binary that runs is
	// unpacked from it into RUNNER_TEMP on every use
	cached := filepath.Join(cache, "retort", hex.EncodeToString(sum[:]), filepath.Base(archive))
	checkBinary := func(t *testing.T, out string) {
		t.Helper()
		bin := lastLine(out)
		if !strings.HasPrefix(bin, tmp+string(filepath.Separator)) || filepath.Base(bin) != "retort" {
			t.Errorf("installed %q, want a retort under RUNNER_TEMP %s:\n%s", bin, tmp, out)
			return
		}
		if v := strings.TrimSpace(run(t, ctx, "", nil, bin, "version")); v != "retort "+strings.TrimPrefix(releaseVersion, "v") {
			t.Errorf("the installed binary says %q", v)
		}
	}
	checkCached := func(t *testing.T) {
		t.Helper()
		if got := sha256.Sum256(mustRead(t, cached)); got != sum {
			t.Errorf("the tool cache holds an archive with sha256 %x, want %x", got, sum)
		}
	}

	t.Run("release of the action's ref", func(t *testing.T) {
		out, reqs, err := install(cache, "RETORT_ACTION_REF="+releaseVersion)
		if err != nil {
			t.Fatalf("install.sh: %v\n%s", err, out)
		}
		checkBinary(t, out)
		checkCached(t)
		if !strings.Contains(out, "sha256 "+hex.EncodeToString(sum[:])+" verified") {
			t.Errorf("no verified checksum in the log:\n%s", out)
		}
		if want := []string{"/" + releaseVersion + "/checksums.txt", "/" + releaseVersion + "/" + filepath.Base(archive)}; strings.Join(reqs, " ") != strings.Join(want, " ") {
			t.Errorf("requests %v, want %v", reqs, want)
		}
	})
	t.Run("tool cache", func(t *testing.T) {
		out, reqs, err := install(cache, "RETORT_VERSION="+releaseVersion, "RETORT_ACTION_REF=main")
		if err != nil {
			t.Fatalf("install.sh: %v\n%s", err, out)
		}
		if !strings.Contains(out, "sha256 "+hex.EncodeToString(sum[:])+" verified against checksums.txt) from the tool cache") {
			t.Errorf("not the cached archive, verified:\n%s", out)
		}
		checkBinary(t, out)
		if len(reqs) != 1 || !strings.HasSuffix(reqs[0], "/checksums.txt") {
			t.Errorf("requests %v, want checksums.txt alone", reqs)
		}
	})
	t.Run("planted tool cache", func(t *testing.T) {
		// an earlier job on a shared runner replaced the cached archive
		// with one holding its own retort, and left a binary where the
		// cache once kept it: neither runs, the release is downloaded again
		planted := t.TempDir()
		writeFile(t, filepath.Join(planted, "retort"), []byte("#!/bin/sh\necho planted\n"))
		if err := os.Chmod(filepath.Join(planted, "retort"), 0o755); err != nil {
			t.Fatal(err)
		}
		run(t, ctx, planted, nil, "tar", "-czf", cached, "retort")
		if err := copyFile(filepath.Join(planted, "retort"), filepath.Join(filepath.Dir(cached), "retort")); err != nil {
			t.Fatal(err)
		}
		out, reqs, err := install(cache, "RETORT_VERSION="+releaseVersion)
		if err != nil {
			t.Fatalf("install.sh: %v\n%s", err, out)
		}
		if strings.Contains(out, "planted") || !strings.Contains(out, "in the tool cache has sha256") {
			t.Errorf("the planted archive was not refused:\n%s", out)
		}
		checkBinary(t, out)
		checkCached(t)
		if want := []string{"/" + releaseVersion + "/checksums.txt", "/" + releaseVersion + "/" + filepath.Base(archive)}; strings.Join(reqs, " ") != strings.Join(want, " ") {
			t.Errorf("requests %v, want %v", reqs, want)
		}
	})
	t.Run("ref from the action's path", func(t *testing.T) {
		// where the runner puts a remote action: _actions/<owner>/<repo>/<ref>
		dir := filepath.Join(t.TempDir(), "_actions", "retortdev", "retort", releaseVersion)
		if err := os.MkdirAll(dir, 0o755); err != nil {
			t.Fatal(err)
		}
		out, reqs, err := install(cache, "RETORT_ACTION_PATH="+dir)
		if err != nil {
			t.Fatalf("install.sh: %v\n%s", err, out)
		}
		checkBinary(t, out)
		if !strings.Contains(out, "from the tool cache") || len(reqs) != 1 || reqs[0] != "/"+releaseVersion+"/checksums.txt" {
			t.Errorf("not the release of the path's ref (requests %v):\n%s", reqs, out)
		}
	})
	t.Run("ref with a slash from the action's path", func(t *testing.T) {
		// uses: retortdev/retort@release/v1 puts the action in
		// _actions/retortdev/retort/release/v1: the ref is release/v1 (a
		// branch, built from source), not v1 (a release)
		dir := filepath.Join(t.TempDir(), "_actions", "retortdev", "retort", "release", "v1")
		if err := os.MkdirAll(dir, 0o755); err != nil {
			t.Fatal(err)
		}
		// without Go, so that the build stops at once with the ref it saw
		out, reqs, err := install(cache, "RETORT_ACTION_PATH="+dir, "PATH="+noGoPath(t))
		if err == nil {
			t.Fatalf("install.sh built without Go:\n%s", out)
		}
		if len(reqs) != 0 || !strings.Contains(out, "the action's ref release/v1 is not a release tag") {
			t.Errorf("not the ref release/v1 (requests %v):\n%s", reqs, out)
		}
	})
	t.Run("tampered archive", func(t *testing.T) {
		const tag = "v0.0.1-tampered"
		bad := mustRead(t, archive)
		bad[len(bad)/2] ^= 0x40
		writeFile(t, filepath.Join(www, tag, filepath.Base(archive)), bad)
		publish(tag, sums)
		fresh := filepath.Join(t.TempDir(), "toolcache")
		out, _, err := install(fresh, "RETORT_VERSION="+tag)
		if err == nil {
			t.Fatalf("install.sh accepted an archive whose sha256 does not match checksums.txt:\n%s", out)
		}
		if !strings.Contains(out, "does not match "+hex.EncodeToString(sum[:])) || !strings.Contains(out, "not installing it") {
			t.Errorf("the error does not say the checksum is wrong:\n%s", out)
		}
		if strings.Contains(out, "building retort") {
			t.Errorf("a wrong checksum fell back to a build:\n%s", out)
		}
		if _, err := os.Stat(filepath.Join(fresh, "retort", hex.EncodeToString(sum[:]), filepath.Base(archive))); err == nil {
			t.Errorf("the tampered archive is in the tool cache")
		}
	})
	t.Run("no release and no Go", func(t *testing.T) {
		out, _, err := install(cache, "RETORT_VERSION=v9.9.9", "PATH="+noGoPath(t))
		if err == nil {
			t.Fatalf("install.sh succeeded without a release and without Go:\n%s", out)
		}
		for _, want := range []string{"no release v9.9.9 at " + srv.URL, "no Go on the runner", "actions/setup-go"} {
			if !strings.Contains(out, want) {
				t.Errorf("the log lacks %q:\n%s", want, out)
			}
		}
	})
	t.Run("branch built from source", func(t *testing.T) {
		out, reqs, err := install(cache, "RETORT_ACTION_REF=main")
		if err != nil {
			t.Fatalf("install.sh: %v\n%s", err, out)
		}
		if len(reqs) != 0 {
			t.Errorf("a branch ref downloaded %v", reqs)
		}
		if !strings.Contains(out, "the action's ref main is not a release tag: building retort main from "+root) {
			t.Errorf("no build from the action's source in the log:\n%s", out)
		}
		if v := strings.TrimSpace(run(t, ctx, "", nil, lastLine(out), "version")); v != "retort main" {
			t.Errorf("the built binary says %q", v)
		}
	})
}

// noGoPath is a PATH without go (the test skips when go is in /usr/bin or /bin).
func noGoPath(t *testing.T) string {
	t.Helper()
	if p, err := exec.LookPath("go"); err == nil && (filepath.Dir(p) == "/usr/bin" || filepath.Dir(p) == "/bin") {
		t.Skip("go is in /usr/bin or /bin: cannot hide it")
	}
	return "/usr/bin:/bin"
}

func mustRead(t *testing.T, path string) []byte {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return b
}
