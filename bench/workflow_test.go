package bench

import "testing"

// BenchmarkPreCommitOneFile is the pre-commit hook on the 5000-revision
// history with one staged revision file: the whole project is read (the
// graph needs it), findings are kept for that file. Compare with
// BenchmarkLint5000.
func BenchmarkPreCommitOneFile(b *testing.B) {
	setup(b)
	run(b, binary, "lint", files[len(files)/2])
}
