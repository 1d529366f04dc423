package cli

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"
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
	runEntry := func(inputs map[string]string, env ...string) string {
		cmd := exec.Command("bash", script)
		cmd.Env = append([]string{"PATH=" + bin + ":" + os.Getenv("PATH"), "HOME=" + t.TempDir(), "GITHUB_WORKSPACE=" + t.TempDir(), "GITHUB_EVENT_NAME=pull_request"}, env...)
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
	// the input wins over a GITHUB_TOKEN of the job's environment (the
	// composite action passes inputs with underscores)
	out = runEntry(map[string]string{"COMMENT": "true", "GITHUB_TOKEN": "ghp_input"}, "GITHUB_TOKEN=ghs_job")
	if !strings.Contains(out, "token=ghp_input") {
		t.Errorf("the github-token input did not win over the job's GITHUB_TOKEN:\n%s", out)
	}
	out = runEntry(map[string]string{"COMMENT": "true", "GITHUB_TOKEN": ""}, "GITHUB_TOKEN=ghs_job")
	if !strings.Contains(out, "token=ghs_job") {
		t.Errorf("an empty github-token input dropped the job's GITHUB_TOKEN:\n%s", out)
	}
	out = runEntry(map[string]string{"DRIFT_BASELINE": "drift.json"})
	if !strings.Contains(out, "args=check --format text --progress always --replay changed --drift-baseline drift.json") {
		t.Errorf("drift-baseline:\n%s", out)
	}
}

// TestActionInputsPassed parses both action.yml files: GitHub gives a
// composite action's steps no INPUT_* variables, so every input must be
// in the check step's env (as INPUT_<NAME> with underscores, from
// inputs.<name>), and the Docker action must have the same inputs. Each
// input must also be read by entrypoint.sh.
func TestActionInputsPassed(t *testing.T) {
	type action struct {
		Inputs map[string]any
		Runs   struct {
			Steps []struct {
				ID  string
				Env map[string]string
			}
		}
	}
	load := func(path string) action {
		b, err := os.ReadFile(filepath.Join("..", path))
		if err != nil {
			t.Fatal(err)
		}
		var a action
		if err := yaml.Unmarshal(b, &a); err != nil {
			t.Fatalf("%s: %v", path, err)
		}
		if len(a.Inputs) == 0 {
			t.Fatalf("%s has no inputs", path)
		}
		return a
	}
	composite, docker := load("action.yml"), load("docker/action.yml")
	entry, err := os.ReadFile(filepath.Join("..", "action", "entrypoint.sh"))
	if err != nil {
		t.Fatal(err)
	}
	var env map[string]string
	for _, s := range composite.Runs.Steps {
		if s.ID == "check" {
			env = s.Env
		}
	}
	if env == nil {
		t.Fatal("action.yml has no step with id check and an env")
	}
	// the image's python3 replays: the Docker action has no python input
	dockerLacks := map[string]bool{"python": true}
	for name := range composite.Inputs {
		upper := strings.ToUpper(name)
		key := "INPUT_" + strings.ReplaceAll(upper, "-", "_")
		if got, want := env[key], "${{ inputs."+name+" }}"; got != want {
			t.Errorf("action.yml: the check step's env has %s=%q, want %q", key, got, want)
		}
		if _, ok := docker.Inputs[name]; !ok && !dockerLacks[name] {
			t.Errorf("docker/action.yml lacks the input %s", name)
		}
		if !strings.Contains(string(entry), "input "+upper+")") && !strings.Contains(string(entry), " "+upper+"\n") {
			t.Errorf("entrypoint.sh never reads the input %s", name)
		}
	}
	for name := range docker.Inputs {
		if _, ok := composite.Inputs[name]; !ok {
			t.Errorf("docker/action.yml has the input %s, which action.yml lacks", name)
		}
	}
	for key := range env {
		if strings.HasPrefix(key, "INPUT_") {
			name := strings.ToLower(strings.ReplaceAll(strings.TrimPrefix(key, "INPUT_"), "_", "-"))
			if _, ok := composite.Inputs[name]; !ok {
				t.Errorf("action.yml: the check step passes %s, but there is no input %s", key, name)
			}
		}
	}
}
