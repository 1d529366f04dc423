//go:build !unix

package revision

import "os"

// readSource reads a whole file.
func readSource(path string) ([]byte, error) { return os.ReadFile(path) }

// readSourceWith is readSource; scratch serves the Unix version only.
func readSourceWith(path string, _ *[]byte) ([]byte, error) { return os.ReadFile(path) }
