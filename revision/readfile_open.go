//go:build unix && !linux

package revision

import "syscall"

// sourceReader reads the files of one parsing goroutine (see
// parseFiles) by their paths: openat is in the syscall package on
// Linux only.
type sourceReader struct{ scratch, slab []byte }

func (r *sourceReader) open(path string) (int, error) {
	return openRetry(path, syscall.O_RDONLY|syscall.O_CLOEXEC)
}

// Close releases nothing.
func (r *sourceReader) Close() {}
