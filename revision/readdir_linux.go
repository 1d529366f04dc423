//go:build linux

package revision

import (
	"encoding/binary"
	"os"
	"syscall"
)

// readDir calls fn with the name of each entry of the directory path and
// whether it is a directory (a symbolic link is not), in the order the
// directory lists them. It finds what os.ReadDir finds, with its errors,
// but without a DirEntry and a string per entry, nor the sort: a versions
// folder of a long history holds tens of thousands of files. name is
// valid during the call only.
func readDir(path string, fn func(name []byte, dir bool) error) error {
	fd, err := openRetry(path, syscall.O_RDONLY|syscall.O_CLOEXEC)
	if err != nil {
		return &os.PathError{Op: "open", Path: path, Err: err}
	}
	defer syscall.Close(fd)
	buf := make([]byte, 32<<10)
	for {
		n, err := syscall.ReadDirent(fd, buf)
		if err == syscall.EINTR {
			continue
		}
		if err != nil {
			return &os.PathError{Op: "readdirent", Path: path, Err: err}
		}
		if n <= 0 {
			return nil
		}
		if err := eachDirent(path, buf[:n], fn); err != nil {
			return err
		}
	}
}

// eachDirent calls fn for each linux_dirent64 in b, as readDir says.
func eachDirent(path string, b []byte, fn func(name []byte, dir bool) error) error {
	const nameAt = 19 // d_ino u64, d_off s64, d_reclen u16, d_type u8, d_name
	for len(b) >= nameAt {
		reclen := int(binary.NativeEndian.Uint16(b[16:18]))
		if reclen < nameAt || reclen > len(b) {
			return nil
		}
		typ, name := b[18], b[nameAt:reclen]
		b = b[reclen:]
		for i, c := range name {
			if c == 0 {
				name = name[:i]
				break
			}
		}
		if string(name) == "." || string(name) == ".." {
			continue
		}
		dir := typ == syscall.DT_DIR
		if typ == syscall.DT_UNKNOWN {
			// the file system does not say: as os.ReadDir, ask lstat
			st, err := os.Lstat(path + "/" + string(name))
			if os.IsNotExist(err) {
				continue // gone since
			}
			if err != nil {
				return err
			}
			dir = st.IsDir()
		}
		if err := fn(name, dir); err != nil {
			return err
		}
	}
	return nil
}
