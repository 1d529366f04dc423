package replay

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestFindPython(t *testing.T) {
	good, err := FindPython(context.Background(), "", "")
	if err != nil {
		t.Skipf("no python with alembic: %v", err)
	}
	dir := t.TempDir()
	// an interpreter without alembic is named, with the reason
	bad := filepath.Join(dir, "python3")
	os.WriteFile(bad, []byte("#!/bin/sh\necho \"ModuleNotFoundError: No module named 'alembic'\" >&2\nexit 1\n"), 0o755)
	_, err = FindPython(context.Background(), bad, "")
	if err == nil || !strings.Contains(err.Error(), bad+": cannot import alembic (ModuleNotFoundError: No module named 'alembic')") {
		t.Errorf("bad interpreter: %v", err)
	}
	// the project's virtualenv wins over PATH
	root := filepath.Join(dir, "project")
	os.MkdirAll(filepath.Join(root, ".venv", "bin"), 0o755)
	venv := filepath.Join(root, ".venv", "bin", "python")
	if err := os.Symlink(good, venv); err != nil {
		t.Fatal(err)
	}
	t.Setenv("PATH", dir) // only the bad python3 on PATH
	if got, err := FindPython(context.Background(), "", root); err != nil || got != venv {
		t.Errorf("venv: got %q, %v; want %q", got, err, venv)
	}
}
