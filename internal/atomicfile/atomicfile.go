// Package atomicfile writes a file through a temporary file in the same
// folder and a rename, so that an interrupted write never leaves half a
// file behind.
package atomicfile

import (
	"os"
	"path/filepath"
)

// Write replaces path with data. The file gets the mode perm; a perm of 0
// keeps the mode of the file it replaces (0644 for a new file). On error
// the temporary file is removed and path is left as it was.
func Write(path string, data []byte, perm os.FileMode) error {
	mode := perm
	if mode == 0 {
		mode = 0o644
		if st, err := os.Stat(path); err == nil {
			mode = st.Mode().Perm()
		}
	}
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".retort-*")
	if err != nil {
		return err
	}
	_, err = tmp.Write(data)
	if err == nil {
		err = tmp.Chmod(mode)
	}
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(tmp.Name(), path)
	}
	if err != nil {
		os.Remove(tmp.Name())
		return err
	}
	return nil
}
