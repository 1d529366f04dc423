package cli

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// TestEntrypointComment runs the action's entrypoint with a stand-in
// retort that prints what it got: the comment input turns into
// RETORT_COMMENT=true and the token into GITHUB_TOKEN, for retort to post
// the pull request comment.
func TestEntrypointComment(t *testing.T) {
	if _, err := exec.LookPath("bash"); err != nil {
		t.Skip("needs bash")
	}
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("needs git (the entrypoint marks the workspace safe)")
	}
	script, _ := filepath.Abs(filepath.Join("..", "action", "entrypoint.sh"))
	bin := t.TempDir()
	fake := "#!/bin/sh\necho \"args=$*\"\necho \"comment=${RETORT_COMMENT:-unset}\"\necho \"token=${GITHUB_TOKEN:-unset}\"\n"
	if err := os.WriteFile(filepath.Join(bin, "retort"), []byte(fake), 0o755); err != nil {
		t.Fatal(err)
	}
	runEntry := func(inputs map[string]string) string {
		cmd := exec.Command("bash", script)
		cmd.Env = []string{"PATH=" + bin + ":" + os.Getenv("PATH"), "HOME=" + t.TempDir(), "GITHUB_WORKSPACE=" + t.TempDir(), "GITHUB_EVENT_NAME=pull_request"}
		for k, v := range inputs {
			cmd.Env = append(cmd.Env, "INPUT_"+k+"="+v)
		}
		out, err := cmd.CombinedOutput()
		if err != nil {
			t.Fatalf("entrypoint: %v\n%s", err, out)
		}
		return string(out)
	}
	out := runEntry(map[string]string{"COMMENT": "true", "GITHUB-TOKEN": "ghs_x", "PATH": "alembic.ini"})
	if !strings.Contains(out, "comment=true") || !strings.Contains(out, "token=ghs_x") || !strings.Contains(out, "args=check --format text --progress always --replay changed -- alembic.ini") {
		t.Errorf("comment: true:\n%s", out)
	}
	out = runEntry(map[string]string{"COMMENT": "false", "GITHUB-TOKEN": "ghs_x"})
	if !strings.Contains(out, "comment=unset") || !strings.Contains(out, "token=unset") {
		t.Errorf("comment: false:\n%s", out)
	}
}
