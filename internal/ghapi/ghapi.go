// Package ghapi is the sliver of GitHub's REST API that retort uses: one
// sticky comment per pull request, found by a marker, created once and
// updated on every run.
package ghapi

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"
)

// Client talks to GitHub's REST API at BaseURL (GITHUB_API_URL:
// https://api.github.com, or a GitHub Enterprise server's /api/v3).
type Client struct {
	BaseURL string
	Token   string
	HTTP    *http.Client
}

type comment struct {
	ID   int64  `json:"id"`
	Body string `json:"body"`
	User User   `json:"user"`
}

// User is a comment's author, or the token's identity.
type User struct {
	Login string `json:"login"`
	Type  string `json:"type"` // User, Bot
}

// ActionsBot writes the comments of a workflow's GITHUB_TOKEN (an
// installation token, for which GET /user fails).
var ActionsBot = User{Login: "github-actions[bot]", Type: "Bot"}

// Result says what Sticky did.
type Result string

const (
	Created   Result = "created"
	Updated   Result = "updated"
	Unchanged Result = "unchanged"
	Skipped   Result = "not needed" // nothing to say and no comment yet
)

// Sticky makes the pull request's comment that starts with marker read
// body: it updates the existing one, or creates it when create is true
// (a run without findings does not start a conversation).
func (c *Client) Sticky(ctx context.Context, repo string, pr int, marker, body string, create bool) (Result, error) {
	if !strings.Contains(repo, "/") {
		return "", fmt.Errorf("repository %q is not owner/name", repo)
	}
	existing, err := c.find(ctx, repo, pr, marker, c.self(ctx))
	if err != nil {
		return "", err
	}
	switch {
	case existing != nil && existing.Body == body:
		return Unchanged, nil
	case existing != nil:
		err := c.do(ctx, http.MethodPatch, fmt.Sprintf("/repos/%s/issues/comments/%d", repo, existing.ID), map[string]string{"body": body}, nil)
		return Updated, err
	case create:
		err := c.do(ctx, http.MethodPost, fmt.Sprintf("/repos/%s/issues/%d/comments", repo, pr), map[string]string{"body": body}, nil)
		return Created, err
	}
	return Skipped, nil
}

// self is the token's identity: GET /user for a personal access token,
// else (GitHub refuses it to the installation token of GITHUB_TOKEN)
// ActionsBot.
func (c *Client) self(ctx context.Context) User {
	var u User
	if err := c.do(ctx, http.MethodGet, "/user", nil, &u); err == nil && u.Login != "" {
		return u
	}
	return ActionsBot
}

// find returns the first comment of the pull request that starts with
// marker and that author wrote, reading every page: anyone can write the
// marker, and a comment by someone else is never taken over.
func (c *Client) find(ctx context.Context, repo string, pr int, marker string, author User) (*comment, error) {
	for page := 1; ; page++ {
		var cs []comment
		path := fmt.Sprintf("/repos/%s/issues/%d/comments?per_page=100&page=%d", repo, pr, page)
		if err := c.do(ctx, http.MethodGet, path, nil, &cs); err != nil {
			return nil, err
		}
		for i := range cs {
			if sameUser(cs[i].User, author) && strings.HasPrefix(strings.TrimSpace(cs[i].Body), marker) {
				return &cs[i], nil
			}
		}
		if len(cs) < 100 {
			return nil, nil
		}
	}
}

// sameUser says whether a comment's author is who: the same login (GitHub
// logins ignore case), and the same type when who is a bot.
func sameUser(author, who User) bool {
	if !strings.EqualFold(author.Login, who.Login) {
		return false
	}
	return who.Type != "Bot" || author.Type == "Bot"
}

func (c *Client) do(ctx context.Context, method, path string, in, out any) error {
	var body io.Reader
	if in != nil {
		b, err := json.Marshal(in)
		if err != nil {
			return err
		}
		body = bytes.NewReader(b)
	}
	req, err := http.NewRequestWithContext(ctx, method, strings.TrimRight(c.BaseURL, "/")+path, body)
	if err != nil {
		return err
	}
	req.Header.Set("Accept", "application/vnd.github+json")
	req.Header.Set("X-GitHub-Api-Version", "2022-11-28")
	req.Header.Set("User-Agent", "retort")
	if c.Token != "" {
		req.Header.Set("Authorization", "Bearer "+c.Token)
	}
	if in != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	hc := c.HTTP
	if hc == nil {
		hc = http.DefaultClient
	}
	resp, err := hc.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
	if resp.StatusCode/100 != 2 {
		var e struct {
			Message string `json:"message"`
		}
		_ = json.Unmarshal(b, &e)
		if e.Message == "" {
			e.Message = strings.TrimSpace(string(b))
		}
		return fmt.Errorf("%s %s: %s: %s", method, strings.SplitN(path, "?", 2)[0], resp.Status, e.Message)
	}
	if out != nil {
		if err := json.Unmarshal(b, out); err != nil {
			return fmt.Errorf("%s %s: %v", method, path, err)
		}
	}
	return nil
}
