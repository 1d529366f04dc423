//go:build unix

package revision

import (
	"bytes"
	"os"
	"syscall"
)

// readSourceWith reads a whole file as os.ReadFile does, through
// *scratch, a buffer the caller keeps from file to file: open, read to the end, close, and one
// allocation of the file's size, without asking for the size first. It
// uses plain system calls: os.Open would register each of a history's
// thousands of files with the runtime's poller (and fail to, for a
// regular file), several calls per file that reading it does not need.
func readSourceWith(path string, scratch *[]byte) ([]byte, error) {
	fd, err := openRetry(path, syscall.O_RDONLY|syscall.O_CLOEXEC)
	if err != nil {
		return nil, &os.PathError{Op: "open", Path: path, Err: err}
	}
	return readFD(fd, path, scratch)
}

// readFD reads the open file fd to its end as readSourceWith does, and
// closes it; path names it in errors.
func readFD(fd int, path string, scratch *[]byte) ([]byte, error) {
	defer syscall.Close(fd)
	buf := (*scratch)[:0]
	if cap(buf) == 0 {
		buf = make([]byte, 0, 64<<10) // more than a revision file takes
	}
	defer func() { *scratch = buf[:0] }()
	for {
		if len(buf) == cap(buf) {
			buf = append(buf, 0)[:len(buf)]
		}
		// the read that returns 0 stays: only it tells the end of a file
		// from a short read (an I/O error after part of the file, a file
		// system that returns less than asked), and asking for the size
		// first (fstat) would cost the same system call
		n, err := syscall.Read(fd, buf[len(buf):cap(buf)])
		if err == syscall.EINTR {
			continue
		}
		if err != nil {
			return nil, &os.PathError{Op: "read", Path: path, Err: err}
		}
		if n <= 0 {
			return bytes.Clone(buf), nil
		}
		buf = buf[:len(buf)+n]
	}
}

// openRetry opens path with a plain system call, again when a signal
// interrupts it.
func openRetry(path string, mode int) (int, error) {
	for {
		fd, err := syscall.Open(path, mode, 0)
		if err != syscall.EINTR {
			return fd, err
		}
	}
}

// read reads the file at path as readSourceWith does, through the
// reader's scratch buffer, opening it in its directory where the
// platform can (see sourceReader.open).
func (r *sourceReader) read(path string) ([]byte, error) {
	fd, err := r.open(path)
	if err != nil {
		return nil, &os.PathError{Op: "open", Path: path, Err: err}
	}
	return readFD(fd, path, &r.scratch)
}
