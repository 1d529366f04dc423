package e2e

import (
	"bufio"
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
	"unicode"
)

// Local images, built without any registry (.ci/setup builds the base).
const (
	baseImage = "retort-test/bookworm-base"
	goImage   = "retort-test/go:1.26-bookworm" // stands in for golang:1.26-bookworm
	// runnerImage is act's ubuntu-latest: the job needs bash and git, which
	// the toolchain image has (act starts Docker actions itself, and no
	// JavaScript action is used, so neither a Docker client nor node).
	runnerImage = goImage
	// actionImage is the name act gives the image of `uses: ./docker`;
	// built here beforehand, act runs it with --rebuild=false.
	actionImage = "act-docker-dockeraction:latest"
	// jobImage is act's ubuntu-latest for the composite action: the
	// toolchain image plus a Python of the job's own (job.Dockerfile).
	jobImage = "retort-test/act-job-python"
)

// repoRoot is the repository holding this package.
func repoRoot(t *testing.T) string {
	t.Helper()
	wd, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	return filepath.Dir(wd)
}

// run runs a command and returns its combined output; it fails the test
// on error.
func run(t *testing.T, ctx context.Context, dir string, env []string, name string, args ...string) string {
	t.Helper()
	out, err := tryRun(ctx, dir, env, name, args...)
	if err != nil {
		t.Fatalf("%s %s: %v\n%s", name, strings.Join(args, " "), err, tail(out, 60))
	}
	return out
}

func tryRun(ctx context.Context, dir string, env []string, name string, args ...string) (string, error) {
	cmd := exec.CommandContext(ctx, name, args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), env...)
	var buf bytes.Buffer
	cmd.Stdout, cmd.Stderr = &buf, &buf
	err := cmd.Run()
	return buf.String(), err
}

func tail(s string, n int) string {
	lines := strings.Split(strings.TrimRight(s, "\n"), "\n")
	if len(lines) > n {
		lines = lines[len(lines)-n:]
	}
	return strings.Join(lines, "\n")
}

// label reads an image label, "" when the image or label is missing.
func label(ctx context.Context, image, key string) string {
	out, err := tryRun(ctx, "", nil, "docker", "image", "inspect", "--format", fmt.Sprintf("{{ index .Config.Labels %q }}", key), image)
	if err != nil {
		return ""
	}
	s := strings.TrimSpace(out)
	if s == "<no value>" {
		return ""
	}
	return s
}

func hashOf(parts ...string) string {
	h := sha256.New()
	for _, p := range parts {
		h.Write([]byte(p))
		h.Write([]byte{0})
	}
	return hex.EncodeToString(h.Sum(nil))[:16]
}

// ensureImage builds image from dockerfile, in the context that prepare
// returns, unless an image with the same inputs (the Dockerfile, the base
// image, buildArgs and extra) exists.
func ensureImage(t *testing.T, ctx context.Context, image, dockerfile string, prepare func() string, buildArgs []string, extra ...string) {
	t.Helper()
	df, err := os.ReadFile(dockerfile)
	if err != nil {
		t.Fatal(err)
	}
	baseID, _ := tryRun(ctx, "", nil, "docker", "image", "inspect", "--format", "{{.Id}}", baseImage)
	inputs := append([]string{string(df), strings.TrimSpace(baseID)}, buildArgs...)
	want := hashOf(append(inputs, extra...)...)
	if label(ctx, image, "retort.inputs") == want {
		return
	}
	t.Logf("building %s (once per machine)", image)
	start := time.Now()
	args := []string{"build", "-q", "--label", "retort.inputs=" + want, "--build-arg", "BASE_IMAGE=" + baseImage}
	for _, a := range buildArgs {
		args = append(args, "--build-arg", a)
	}
	args = append(args, "-f", dockerfile, "-t", image, prepare())
	run(t, ctx, "", []string{"DOCKER_BUILDKIT=0"}, "docker", args...)
	t.Logf("built %s in %.1fs", image, time.Since(start).Seconds())
}

// buildContext copies the repository's build inputs to a temporary
// directory and vendors the modules there (no module proxy is needed in the
// build, and no TLS either): go mod vendor leaves out the C sources of cgo
// modules (pg_query), so those modules are copied whole.
func buildContext(t *testing.T, ctx context.Context, root string) string {
	t.Helper()
	dst := t.TempDir()
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(root, p)
		if d.IsDir() {
			switch rel {
			case ".git", "vendor", "bin", ".bench", "e2e", "testdata", "docs":
				return filepath.SkipDir
			}
			return os.MkdirAll(filepath.Join(dst, rel), 0o755)
		}
		if !d.Type().IsRegular() || rel == "retort" || strings.HasSuffix(rel, ".test") {
			return nil
		}
		return copyFile(p, filepath.Join(dst, rel))
	})
	if err != nil {
		t.Fatal(err)
	}
	run(t, ctx, dst, []string{"GOFLAGS=-mod=mod"}, "go", "mod", "vendor")
	modcache := strings.TrimSpace(run(t, ctx, dst, nil, "go", "env", "GOMODCACHE"))
	f, err := os.Open(filepath.Join(dst, "vendor", "modules.txt"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		fields := strings.Fields(sc.Text())
		if len(fields) < 3 || fields[0] != "#" || strings.HasPrefix(fields[2], "=>") {
			continue
		}
		mod := filepath.Join(modcache, escapeModule(fields[1])+"@"+fields[2])
		if !hasCSources(mod) {
			continue
		}
		vend := filepath.Join(dst, "vendor", filepath.FromSlash(fields[1]))
		if err := os.RemoveAll(vend); err != nil {
			t.Fatal(err)
		}
		if err := copyTree(mod, vend); err != nil {
			t.Fatal(err)
		}
	}
	return dst
}

// escapeModule is the module cache's case encoding: "A" -> "!a".
func escapeModule(path string) string {
	var b strings.Builder
	for _, r := range path {
		if unicode.IsUpper(r) {
			b.WriteByte('!')
			b.WriteRune(unicode.ToLower(r))
		} else {
			b.WriteRune(r)
		}
	}
	return filepath.FromSlash(b.String())
}

func hasCSources(dir string) bool {
	found := false
	_ = filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || found {
			return filepath.SkipAll
		}
		if !d.IsDir() && (strings.HasSuffix(p, ".c") || strings.HasSuffix(p, ".h")) {
			found = true
			return filepath.SkipAll
		}
		return nil
	})
	return found
}

func copyTree(src, dst string) error {
	return filepath.WalkDir(src, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(src, p)
		if d.IsDir() {
			return os.MkdirAll(filepath.Join(dst, rel), 0o755)
		}
		if !d.Type().IsRegular() {
			return nil
		}
		return copyFile(p, filepath.Join(dst, rel))
	})
}

func copyFile(src, dst string) error {
	in, err := os.Open(src)
	if err != nil {
		return err
	}
	defer in.Close()
	info, err := in.Stat()
	if err != nil {
		return err
	}
	if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
		return err
	}
	out, err := os.OpenFile(dst, os.O_CREATE|os.O_WRONLY|os.O_TRUNC, info.Mode().Perm()|0o200)
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		return err
	}
	return out.Close()
}
