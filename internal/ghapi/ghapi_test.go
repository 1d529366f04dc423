package ghapi

import (
	"context"
	"strings"
	"testing"
)

const marker = "<!-- retort -->"

// TestStickyIgnoresOthersComments plants a comment that starts with the
// marker, written by someone else, before retort's own: retort creates and
// then updates its own comment and never touches the planted one, with a
// workflow's GITHUB_TOKEN (github-actions[bot]) and with a personal
// access token (GET /user names it).
func TestStickyIgnoresOthersComments(t *testing.T) {
	ctx := context.Background()
	for _, tc := range []struct {
		name, login string
		own         User // who retort's comments are by
	}{
		{"GITHUB_TOKEN", "", ActionsBot},
		{"personal access token", "alice", User{Login: "alice", Type: "User"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			api := NewFake("tok")
			defer api.Close()
			api.Login = tc.login
			planted := marker + "\n# pwned [x](https://evil.example)"
			api.Add(1, planted)                                                // a user
			api.AddBy(1, User{Login: "evil-app[bot]", Type: "Bot"}, planted)   // another app
			api.AddBy(1, User{Login: "github-actions", Type: "User"}, planted) // a user named like the bot
			api.AddBy(1, User{Login: "Alice-not", Type: "User"}, planted)      // another user
			c := &Client{BaseURL: api.URL, Token: "tok"}

			r, err := c.Sticky(ctx, "o/r", 1, marker, marker+"\nfirst", true)
			if err != nil || r != Created {
				t.Fatalf("first run: %v %v, want created (the marker comments are others')", r, err)
			}
			r, err = c.Sticky(ctx, "o/r", 1, marker, marker+"\nsecond", true)
			if err != nil || r != Updated {
				t.Fatalf("second run: %v %v, want updated", r, err)
			}
			got := api.Comments(1)
			if len(got) != 5 {
				t.Fatalf("%d comments, want the 4 planted and retort's: %q", len(got), got)
			}
			for _, b := range got[:4] {
				if b != planted {
					t.Errorf("a planted comment was changed to %q", b)
				}
			}
			if got[4] != marker+"\nsecond" {
				t.Errorf("retort's comment reads %q", got[4])
			}
			api.mu.Lock()
			author := api.comments[1][4].User
			api.mu.Unlock()
			if author != tc.own {
				t.Errorf("retort's comment is by %+v, want %+v", author, tc.own)
			}
		})
	}
}

// TestStickyFindsOwnComment: retort's earlier comment (by the token's
// identity) is found past the first page and updated, not duplicated.
func TestStickyFindsOwnComment(t *testing.T) {
	api := NewFake("tok")
	defer api.Close()
	for i := 0; i < 150; i++ {
		api.Add(2, "chatter")
	}
	api.AddBy(2, ActionsBot, marker+"\nold")
	c := &Client{BaseURL: api.URL, Token: "tok"}
	r, err := c.Sticky(context.Background(), "o/r", 2, marker, marker+"\nnew", true)
	if err != nil || r != Updated {
		t.Fatalf("%v %v, want updated", r, err)
	}
	got := api.Comments(2)
	if len(got) != 151 || got[150] != marker+"\nnew" || strings.Contains(strings.Join(got, ""), "old") {
		t.Errorf("%d comments, last %q", len(got), got[len(got)-1])
	}
}
