package main

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"os/signal"
	"runtime"
	"runtime/debug"
	"syscall"
)

// Go's runtime ends a program that fails fatally (out of memory, a stack
// overflow, concurrent map writes, a deadlock) with exit status 2, the
// status capsim keeps for bad input, and no recover() can catch it. So
// main runs capsim as a child of itself: the child hands its crash report
// to the parent through a pipe (debug.SetCrashOutput), and the parent turns
// a child that crashed into exit 70, internal error, whatever status the
// runtime chose. Everything else passes through unchanged: the child's
// standard streams are the parent's, its exit status becomes the parent's,
// and SIGINT/SIGTERM sent to the parent alone (a batch system's kill) are
// forwarded to the child, which cleans up as usual.

// supervisedEnv marks the child; crashFD is the crash pipe's descriptor in
// the child (ExtraFiles[0]).
const (
	supervisedEnv = "CAPSIM_SUPERVISED"
	crashFD       = 3
)

// supervised reports whether this process is the child of a supervisor.
func supervised() bool { return os.Getenv(supervisedEnv) == "1" }

// reportCrashesToSupervisor sends the runtime's crash report to the pipe
// the supervisor gave this child. It returns false where that fails (the
// child then runs without it; its fatal errors keep Go's status 2).
func reportCrashesToSupervisor() bool {
	f := os.NewFile(crashFD, "capsim-crash-pipe")
	if f == nil {
		return false
	}
	return debug.SetCrashOutput(f, debug.CrashOptions{}) == nil
}

// supervise runs exe with args as a supervised child with the given
// streams and returns the status the parent should exit with: the child's
// own, 128+N when a signal N killed it, and exitInternal (with a one-line
// message on stderr) when the Go runtime reported a crash. A child that
// cannot be started at all is reported by ok == false, and the caller runs
// capsim in-process instead.
func supervise(exe string, args []string, stdin io.Reader, stdout, stderr io.Writer) (code int, ok bool) {
	r, w, err := os.Pipe()
	if err != nil {
		return 0, false
	}
	defer r.Close()
	cmd := exec.Command(exe, args...)
	cmd.Stdin, cmd.Stdout, cmd.Stderr = stdin, stdout, stderr
	cmd.ExtraFiles = []*os.File{w}
	cmd.Env = append(os.Environ(), supervisedEnv+"=1")
	tieChildToParent(cmd)
	sigs := make(chan os.Signal, 2)
	signal.Notify(sigs, os.Interrupt, syscall.SIGTERM)
	defer signal.Stop(sigs)
	// The parent-death signal is tied to the thread that starts the child:
	// keep this goroutine on that thread until the child has ended.
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	if err := cmd.Start(); err != nil {
		w.Close()
		return 0, false
	}
	w.Close() // the child holds the write end now; EOF when it exits
	crash := make(chan []byte, 1)
	go func() {
		b, _ := io.ReadAll(io.LimitReader(r, 1<<20))
		crash <- b
	}()
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	for {
		select {
		case sig := <-sigs:
			_ = cmd.Process.Signal(sig)
		case err := <-done:
			report := <-crash
			return childStatus(err, report, stderr), true
		}
	}
}

// childStatus maps how the child ended to the parent's exit status.
func childStatus(err error, report []byte, stderr io.Writer) int {
	if len(bytes.TrimSpace(report)) > 0 {
		fmt.Fprintln(stderr, "capsim: internal error: the Go runtime stopped capsim (its report is above); this is a bug in capsim, please report it with the scenario and command line")
		return exitInternal
	}
	var ee *exec.ExitError
	if !errors.As(err, &ee) {
		if err != nil {
			fmt.Fprintf(stderr, "capsim: internal error: %v\n", err)
			return exitInternal
		}
		return 0
	}
	if ws, ok := ee.Sys().(syscall.WaitStatus); ok && ws.Signaled() {
		return 128 + int(ws.Signal())
	}
	return ee.ExitCode()
}
