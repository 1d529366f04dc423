package replay

import (
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"testing"
)

func TestSweepStale(t *testing.T) {
	tmp := t.TempDir()
	t.Setenv("TMPDIR", tmp)
	dead := exec.Command("true")
	if err := dead.Run(); err != nil {
		t.Skip("no true(1)")
	}
	mk := func(name string, pid int) string {
		dir := filepath.Join(tmp, name)
		os.MkdirAll(filepath.Join(dir, "data"), 0o755)
		if pid > 0 {
			os.WriteFile(filepath.Join(dir, "retort.pid"), []byte(strconv.Itoa(pid)), 0o644)
		}
		return dir
	}
	stale := mk("retort-pg-stale", dead.Process.Pid)
	mine := mk("retort-pg-mine", os.Getpid())
	unknown := mk("retort-pg-unknown", 0)
	pgAlive := mk("retort-pg-pgalive", dead.Process.Pid)
	os.WriteFile(filepath.Join(pgAlive, "data", "postmaster.pid"), []byte(strconv.Itoa(os.Getpid())+"\n/x\n"), 0o644)
	sweepStale()
	for dir, keep := range map[string]bool{stale: false, mine: true, unknown: true, pgAlive: true} {
		_, err := os.Stat(dir)
		if exists := err == nil; exists != keep {
			t.Errorf("%s: exists=%v, want %v", filepath.Base(dir), exists, keep)
		}
	}
}
