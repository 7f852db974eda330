//go:build unix

package main

import (
	"fmt"
	"os"
	"path/filepath"

	"golang.org/x/sys/unix"
)

var dataDirLock *os.File

// lockDataDir takes an exclusive lock on <dir>/lock for the life of the
// process (the kernel drops it when the process dies, even on kill -9), so a
// second instance on the same data dir fails at once instead of clobbering
// the first one's kubeconfigs and blocking on etcd's files.
func lockDataDir(dir string) error {
	f, err := os.OpenFile(filepath.Join(dir, "lock"), os.O_CREATE|os.O_RDWR, 0o600)
	if err != nil {
		return err
	}
	if err := unix.Flock(int(f.Fd()), unix.LOCK_EX|unix.LOCK_NB); err != nil {
		f.Close()
		return fmt.Errorf("data dir %s is in use by another kube-apiserver: %w", dir, err)
	}
	_ = f.Truncate(0)
	_, _ = fmt.Fprintf(f, "%d\n", os.Getpid())
	// Keep f reachable: an unreachable *os.File is closed by its finalizer,
	// which would drop the lock.
	dataDirLock = f
	return nil
}
