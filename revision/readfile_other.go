//go:build !unix

package revision

import "os"

// readSource reads a whole file.
func readSource(path string) ([]byte, error) { return os.ReadFile(path) }
