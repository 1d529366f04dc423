package cli

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"strings"
	"time"

	"github.com/retortdev/retort/internal/ghapi"
	"github.com/retortdev/retort/report"
)

// commentFooter says which retort, commit and run wrote the comment.
func commentFooter(e *Env) string {
	parts := []string{"retort " + Version}
	sha := e.getenv("GITHUB_SHA")
	if ev := readEvent(e); ev.PullRequest.Head.SHA != "" {
		sha = ev.PullRequest.Head.SHA
	}
	if len(sha) >= 7 {
		parts = append(parts, "commit "+sha[:7])
	}
	if server, repo, run := e.getenv("GITHUB_SERVER_URL"), e.getenv("GITHUB_REPOSITORY"), e.getenv("GITHUB_RUN_ID"); server != "" && repo != "" && run != "" {
		parts = append(parts, fmt.Sprintf("[run %s](%s/%s/actions/runs/%s)", run, strings.TrimRight(server, "/"), repo, run))
	}
	return strings.Join(parts, " · ")
}

type event struct {
	Number      int `json:"number"`
	PullRequest struct {
		Number int `json:"number"`
		Head   struct {
			SHA string `json:"sha"`
		} `json:"head"`
	} `json:"pull_request"`
}

// readEvent reads the webhook payload of the run (GITHUB_EVENT_PATH).
func readEvent(e *Env) event {
	var ev event
	if p := e.getenv("GITHUB_EVENT_PATH"); p != "" {
		if b, err := os.ReadFile(p); err == nil {
			_ = json.Unmarshal(b, &ev)
		}
	}
	return ev
}

// postComment creates or updates retort's comment on the pull request
// through the GitHub API (GITHUB_API_URL, GITHUB_TOKEN,
// GITHUB_REPOSITORY; the number from pr or the event). A run without
// findings updates an existing comment to "resolved" and creates none.
func postComment(e *Env, res *report.Result, pr int) error {
	if pr == 0 {
		ev := readEvent(e)
		pr = ev.PullRequest.Number
		if pr == 0 {
			pr = ev.Number
		}
	}
	if pr == 0 {
		return fmt.Errorf("no pull request: this run's event has none (give --pr N)")
	}
	token := e.getenv("GITHUB_TOKEN")
	if token == "" {
		return fmt.Errorf("GITHUB_TOKEN is not set")
	}
	repo := e.getenv("GITHUB_REPOSITORY")
	api := e.getenv("GITHUB_API_URL")
	if api == "" {
		api = "https://api.github.com"
	}
	body := report.GitHubComment(res, githubOptions(e, "retort"), commentFooter(e))
	c := &ghapi.Client{BaseURL: api, Token: token, HTTP: &http.Client{Timeout: 30 * time.Second}}
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	r, err := c.Sticky(ctx, repo, pr, report.CommentMarker, body, len(res.Diagnostics) > 0)
	if err != nil {
		return err
	}
	fmt.Fprintf(e.Stderr, "retort: pull request #%d comment %s\n", pr, r)
	return nil
}
