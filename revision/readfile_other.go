//go:build !unix

package revision

import "os"

// sourceReader reads the files of one parsing goroutine (see parseFiles).
type sourceReader struct{}

func (r *sourceReader) read(path string) ([]byte, error) { return os.ReadFile(path) }

// Close releases nothing.
func (r *sourceReader) Close() {}
