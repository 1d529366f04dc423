package ghapi

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
)

// Fake is an in-memory stand-in for GitHub's issue comments API, for
// tests: list (paged), create and update, with a bearer token check, and
// GET /user.
type Fake struct {
	*httptest.Server
	Token string
	// Login is the token's user (a personal access token): GET /user
	// answers it and new comments are its. Empty, the token is a
	// workflow's GITHUB_TOKEN: GET /user is refused and ActionsBot writes.
	Login string

	mu       sync.Mutex
	comments map[int][]*FakeComment // by pull request
	nextID   int64
	Requests []string // "METHOD path", in order
	// Fail, when set, is the status every request gets.
	Fail int
}

// FakeComment is a stored comment.
type FakeComment struct {
	ID   int64  `json:"id"`
	Body string `json:"body"`
	User User   `json:"user"`
}

// NewFake starts a fake API on loopback; Close stops it.
func NewFake(token string) *Fake {
	f := &Fake{Token: token, comments: map[int][]*FakeComment{}, nextID: 1000}
	f.Server = httptest.NewServer(http.HandlerFunc(f.serve))
	return f
}

// Comments returns the bodies of a pull request's comments.
func (f *Fake) Comments(pr int) []string {
	f.mu.Lock()
	defer f.mu.Unlock()
	var out []string
	for _, c := range f.comments[pr] {
		out = append(out, c.Body)
	}
	return out
}

// Add stores a comment, as another user (octocat) would write it.
func (f *Fake) Add(pr int, body string) {
	f.AddBy(pr, User{Login: "octocat", Type: "User"}, body)
}

// AddBy stores a comment by author.
func (f *Fake) AddBy(pr int, author User, body string) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.nextID++
	f.comments[pr] = append(f.comments[pr], &FakeComment{ID: f.nextID, Body: body, User: author})
}

// self is who the token writes as.
func (f *Fake) self() User {
	if f.Login == "" {
		return ActionsBot
	}
	return User{Login: f.Login, Type: "User"}
}

func (f *Fake) serve(w http.ResponseWriter, r *http.Request) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.Requests = append(f.Requests, r.Method+" "+r.URL.Path)
	fail := func(code int, msg string) {
		w.WriteHeader(code)
		fmt.Fprintf(w, `{"message":%q}`, msg)
	}
	if f.Fail != 0 {
		fail(f.Fail, "Resource not accessible by integration")
		return
	}
	if r.Header.Get("Authorization") != "Bearer "+f.Token || r.Header.Get("X-GitHub-Api-Version") == "" {
		fail(http.StatusUnauthorized, "Bad credentials")
		return
	}
	if r.URL.Path == "/user" && r.Method == http.MethodGet {
		if f.Login == "" {
			fail(http.StatusForbidden, "Resource not accessible by integration")
			return
		}
		_ = json.NewEncoder(w).Encode(f.self())
		return
	}
	parts := strings.Split(strings.Trim(r.URL.Path, "/"), "/")
	// repos/{o}/{r}/issues/{n}/comments or repos/{o}/{r}/issues/comments/{id}
	if len(parts) != 6 || parts[0] != "repos" || parts[3] != "issues" {
		fail(http.StatusNotFound, "Not Found")
		return
	}
	var in struct {
		Body string `json:"body"`
	}
	if r.Method != http.MethodGet {
		if err := json.NewDecoder(r.Body).Decode(&in); err != nil || in.Body == "" {
			fail(http.StatusUnprocessableEntity, "body is missing")
			return
		}
	}
	switch {
	case parts[5] == "comments" && r.Method == http.MethodGet:
		pr, _ := strconv.Atoi(parts[4])
		per, _ := strconv.Atoi(r.URL.Query().Get("per_page"))
		page, _ := strconv.Atoi(r.URL.Query().Get("page"))
		if per <= 0 {
			per = 30
		}
		if page <= 0 {
			page = 1
		}
		all := f.comments[pr]
		lo, hi := min((page-1)*per, len(all)), min(page*per, len(all))
		_ = json.NewEncoder(w).Encode(all[lo:hi])
	case parts[5] == "comments" && r.Method == http.MethodPost:
		pr, _ := strconv.Atoi(parts[4])
		f.nextID++
		c := &FakeComment{ID: f.nextID, Body: in.Body, User: f.self()}
		f.comments[pr] = append(f.comments[pr], c)
		w.WriteHeader(http.StatusCreated)
		_ = json.NewEncoder(w).Encode(c)
	case parts[4] == "comments" && r.Method == http.MethodPatch:
		id, _ := strconv.ParseInt(parts[5], 10, 64)
		for _, cs := range f.comments {
			for _, c := range cs {
				if c.ID == id {
					if c.User != f.self() {
						fail(http.StatusForbidden, "Must have admin rights to Repository.")
						return
					}
					c.Body = in.Body
					_ = json.NewEncoder(w).Encode(c)
					return
				}
			}
		}
		fail(http.StatusNotFound, "Not Found")
	default:
		fail(http.StatusNotFound, "Not Found")
	}
}
