package main

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"syscall"

	"golang.org/x/sys/unix"
)

var dataDirLock *os.File

// lockDataDir holds <dir>/lock for the life of the process (the kernel drops
// it on any exit), so a second control plane on the same data fails at once.
func lockDataDir(dir string) error {
	f, err := os.OpenFile(filepath.Join(dir, "lock"), os.O_CREATE|os.O_RDWR, 0o600)
	if err != nil {
		return err
	}
	if err := unix.Flock(int(f.Fd()), unix.LOCK_EX|unix.LOCK_NB); err != nil {
		f.Close()
		return fmt.Errorf("data dir %s is in use by another kube-control-plane: %w", dir, err)
	}
	_ = f.Truncate(0)
	_, _ = fmt.Fprintf(f, "%d\n", os.Getpid())
	dataDirLock = f // reachable, so no finalizer closes it
	return nil
}

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
