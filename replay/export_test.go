package replay

// For the tests of package replay_test (merge_test.go).
var (
	LocalServer = localServer
	TestProject = testdata
)

// Shared hands out srv to many replays without ever stopping it.
func Shared(srv *Server) Provider { return shared{srv} }

// Case is a project of the test cases and the Python module it needs
// besides alembic ("" for none).
type Case struct{ Project, Needs string }

// Cases are the projects of cases.
func Cases() []Case {
	out := make([]Case, len(cases))
	for i, c := range cases {
		out[i] = Case{c.project, c.needs}
	}
	return out
}
