//go:build !linux

package revision

import "os"

// readDir calls fn with the name of each entry of the directory path and
// whether it is a directory (a symbolic link is not), in the order the
// directory lists them, as os.ReadDir finds them. name is valid during
// the call only.
func readDir(path string, fn func(name []byte, dir bool) error) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	entries, err := f.ReadDir(-1)
	f.Close()
	if err != nil {
		return err
	}
	for _, e := range entries {
		if err := fn([]byte(e.Name()), e.IsDir()); err != nil {
			return err
		}
	}
	return nil
}
