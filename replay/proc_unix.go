//go:build unix

package replay

import (
	"errors"
	"fmt"
	"os"
	"os/user"
	"strconv"
	"syscall"
)

// credential is the unprivileged user a root retort runs PostgreSQL as.
type credential struct{ uid, gid int }

// procAttr puts a child in its own process group (a terminal's Ctrl-C
// reaches retort only, which then stops the child in order), as cred when
// set, and, where the OS can, makes it die with retort: SIGKILL, or for
// postgres SIGQUIT (immediate shutdown of the whole cluster).
func procAttr(cred *credential, postgres bool) *syscall.SysProcAttr {
	a := &syscall.SysProcAttr{Setpgid: true}
	if cred != nil {
		a.Credential = &syscall.Credential{Uid: uint32(cred.uid), Gid: uint32(cred.gid), NoSetGroups: true}
	}
	sig := syscall.SIGKILL
	if postgres {
		sig = syscall.SIGQUIT
	}
	setDeathSignal(a, sig)
	return a
}

// killGroup kills a child and everything in its process group.
func killGroup(p *os.Process) { _ = syscall.Kill(-p.Pid, syscall.SIGKILL) }

// quit asks postgres for an immediate shutdown.
func quit(p *os.Process) { _ = p.Signal(syscall.SIGQUIT) }

// dumpSignal asks the driver to write its Python stack (faulthandler).
func dumpSignal(p *os.Process) bool { return p.Signal(syscall.SIGUSR1) == nil }

func alive(pid int) bool {
	err := syscall.Kill(pid, 0)
	return err == nil || errors.Is(err, syscall.EPERM)
}

func unprivileged() (*credential, error) {
	for _, name := range []string{"postgres", "nobody"} {
		u, err := user.Lookup(name)
		if err != nil {
			continue
		}
		uid, err1 := strconv.Atoi(u.Uid)
		gid, err2 := strconv.Atoi(u.Gid)
		if err1 != nil || err2 != nil || uid == 0 {
			continue
		}
		return &credential{uid: uid, gid: gid}, nil
	}
	return nil, fmt.Errorf("running as root and no unprivileged user (postgres, nobody) to run initdb as")
}
