//go:build unix && !linux

package replay

import "syscall"

// Only Linux has a parent-death signal; elsewhere a killed retort can leave
// its children behind (a later local run sweeps the cluster directory).
func setDeathSignal(*syscall.SysProcAttr, syscall.Signal) {}
