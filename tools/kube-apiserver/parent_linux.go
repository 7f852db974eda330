package main

import (
	"errors"
	"os"
	"syscall"

	"golang.org/x/sys/unix"
)

// exitWithParent asks the kernel to send SIGTERM when the parent dies.
func exitWithParent() error {
	ppid := os.Getppid()
	if err := unix.Prctl(unix.PR_SET_PDEATHSIG, uintptr(syscall.SIGTERM), 0, 0, 0); err != nil {
		return err
	}
	if os.Getppid() != ppid || ppid == 1 {
		return errors.New("parent process already exited")
	}
	return nil
}
