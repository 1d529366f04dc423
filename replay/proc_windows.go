package replay

import (
	"errors"
	"os"
	"syscall"
)

type credential struct{ uid, gid int }

func procAttr(*credential, bool) *syscall.SysProcAttr { return nil }

func killGroup(p *os.Process) { _ = p.Kill() }

func quit(p *os.Process) { _ = p.Kill() }

func dumpSignal(*os.Process) bool { return false }

func alive(pid int) bool {
	p, err := os.FindProcess(pid)
	if err != nil {
		return false
	}
	_ = p.Release()
	return true
}

func unprivileged() (*credential, error) {
	return nil, errors.New("running as an administrator is not supported by --db local")
}
