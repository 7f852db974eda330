package main

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"syscall"
	"time"
)

// component is one running process of the tree, its output in logs/<name>.log.
type component struct {
	name    string
	cmd     *exec.Cmd
	logFile string
	done    chan struct{}
}

type exitedComponent struct {
	name, logFile string
	err           error
}

// spawn starts a component. The kernel kills it when this process dies (even
// on SIGKILL), so a crash of the launcher is a crash of the whole cluster.
func (cp *controlPlane) spawn(name string, args ...string) error {
	logFile := filepath.Join(cp.o.dataDir, "logs", name+".log")
	out, err := os.OpenFile(logFile, os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o600)
	if err != nil {
		return err
	}
	defer out.Close()
	fmt.Fprintf(out, "--- %s started at %s\n", name, time.Now().UTC().Format(time.RFC3339))
	cmd := exec.Command(filepath.Join(cp.o.binDir, name), args...)
	cmd.Stdout, cmd.Stderr = out, out
	cmd.SysProcAttr = &syscall.SysProcAttr{Pdeathsig: syscall.SIGKILL}
	// Pdeathsig fires when the thread that forked exits: fork from a thread
	// that stays alive (the main one, locked for the launcher's lifetime).
	runtime.LockOSThread()
	if err := cmd.Start(); err != nil {
		return fmt.Errorf("starting %s: %w", name, err)
	}
	c := &component{name: name, cmd: cmd, logFile: logFile, done: make(chan struct{})}
	cp.procs = append(cp.procs, c)
	go func() {
		err := cmd.Wait()
		close(c.done)
		cp.exited <- exitedComponent{name: name, logFile: logFile, err: err}
	}()
	return nil
}

// stopAll stops the components in reverse start order: SIGTERM, then SIGKILL
// after a grace period.
func (cp *controlPlane) stopAll() {
	for i := len(cp.procs) - 1; i >= 0; i-- {
		c := cp.procs[i]
		select {
		case <-c.done:
			continue
		default:
		}
		_ = c.cmd.Process.Signal(syscall.SIGTERM)
		select {
		case <-c.done:
		case <-time.After(10 * time.Second):
			_ = c.cmd.Process.Kill()
			<-c.done
		}
	}
}
