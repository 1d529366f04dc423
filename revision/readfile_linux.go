package revision

import (
	"strings"
	"syscall"
)

// sourceReader reads the files of one parsing goroutine (see
// parseFiles). It opens each file relative to its directory, which it
// opens once: the kernel then walks one name per file, not the whole
// path (/home/.../migrations/versions/0001_x.py), a walk that cost more
// than reading a revision file. Close releases the directories.
type sourceReader struct {
	scratch, slab []byte // see read
	// dir is the directory of the file read last, and fd its descriptor
	// (-1 when it could not be opened); dirs holds the others opened
	dir  string
	fd   int
	dirs map[string]int
}

// open opens path for reading: by openat in its directory, when that
// directory opens, else by its path, which gives the error open(2) gives.
func (r *sourceReader) open(path string) (int, error) {
	i := strings.LastIndexByte(path, '/')
	if i < 0 {
		return openRetry(path, syscall.O_RDONLY|syscall.O_CLOEXEC)
	}
	dir, name := path[:i], path[i+1:]
	if dir == "" {
		dir = "/"
	}
	if r.dirs == nil || dir != r.dir {
		r.useDir(dir)
	}
	if r.fd < 0 || name == "" {
		return openRetry(path, syscall.O_RDONLY|syscall.O_CLOEXEC)
	}
	for {
		fd, err := syscall.Openat(r.fd, name, syscall.O_RDONLY|syscall.O_CLOEXEC, 0)
		if err != syscall.EINTR {
			return fd, err
		}
	}
}

// useDir makes dir the reader's current directory, opening it the
// first time.
func (r *sourceReader) useDir(dir string) {
	if r.dirs == nil {
		r.dirs = map[string]int{}
	}
	fd, ok := r.dirs[dir]
	if !ok {
		var err error
		fd, err = openRetry(dir, syscall.O_RDONLY|syscall.O_CLOEXEC|syscall.O_DIRECTORY)
		if err != nil {
			fd = -1
		}
		r.dirs[dir] = fd
	}
	r.dir, r.fd = dir, fd
}

// Close closes the directories the reader opened.
func (r *sourceReader) Close() {
	for _, fd := range r.dirs {
		if fd >= 0 {
			syscall.Close(fd)
		}
	}
	r.dirs, r.dir, r.fd = nil, "", -1
}
