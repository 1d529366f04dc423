//go:build unix

package revision

import (
	"bytes"
	"os"
	"syscall"
)

// readFD reads the open file fd to its end, as os.ReadFile does, after
// the bytes *scratch holds (read from it already), and closes it; path
// names it in errors. It uses plain system calls: os.Open would register
// each of a history's thousands of files with the runtime's poller (and
// fail to, for a regular file), several calls per file that reading it
// does not need.
func readFD(fd int, path string, scratch *[]byte) ([]byte, error) {
	defer syscall.Close(fd)
	buf := *scratch // what was read of the file already, if anything
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
		n, err := readRetry(fd, buf[len(buf):cap(buf)])
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

// readRetry reads from fd with a plain system call, again when a signal
// interrupts it.
func readRetry(fd int, b []byte) (int, error) {
	for {
		n, err := syscall.Read(fd, b)
		if err != syscall.EINTR {
			return n, err
		}
	}
}

// read reads the file at path as os.ReadFile does, opening it in
// its directory where the platform can (see sourceReader.open). The
// file is read straight into the reader's slab, a block that the sources
// of many files share, so that no file is copied from a scratch buffer
// nor allocated alone; one that does not fit in the room left is read
// through the reader's scratch buffer. What it returns is the caller's: the next
// read does not touch it, and appending to it copies it.
func (r *sourceReader) read(path string) ([]byte, error) {
	fd, err := r.open(path)
	if err != nil {
		return nil, &os.PathError{Op: "open", Path: path, Err: err}
	}
	if cap(r.slab)-len(r.slab) < slabRoom {
		r.slab = make([]byte, 0, slabSize)
	}
	at := len(r.slab)
	free := r.slab[at:cap(r.slab)]
	n := 0
	for n < len(free) {
		m, err := readRetry(fd, free[n:])
		if err != nil {
			syscall.Close(fd)
			return nil, &os.PathError{Op: "read", Path: path, Err: err}
		}
		if m <= 0 {
			syscall.Close(fd)
			r.slab = r.slab[:at+n]
			return r.slab[at : at+n : at+n], nil
		}
		n += m
	}
	// larger than the room left: on in the scratch buffer
	r.scratch = append(r.scratch[:0], free...)
	return readFD(fd, path, &r.scratch)
}

// the slab of a sourceReader: a new one when less than slabRoom is left
// (a revision file takes a few kilobytes), which bounds what is lost at
// the end of each to less than 2%
const (
	slabSize = 1 << 20
	slabRoom = 16 << 10
)
