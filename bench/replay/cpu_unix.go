//go:build unix

package main

import "syscall"

// cpu is the CPU time of this process and of its children that ended:
// the Python driver, and the local cluster's postmaster with its backends.
func cpu() float64 {
	var self, kids syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &self)
	syscall.Getrusage(syscall.RUSAGE_CHILDREN, &kids)
	t := func(r syscall.Rusage) float64 {
		return float64(r.Utime.Nano()+r.Stime.Nano()) / 1e9
	}
	return t(self) + t(kids)
}
