package supervise

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

// Crash is how a supervisor reports a child the Go runtime stopped: the
// exit status and the one-line message (after the runtime's own report).
type Crash struct {
	Status  int
	Message string
}

// Main runs main as a supervised child of this executable, with args and
// the given streams, and returns the status to exit with: the child's own,
// 128+N when a signal N killed it, crash.Status (crash.Message on stderr)
// when the Go runtime reported a crash. In the child, or where no child
// can be started, it runs main in-process and returns its status.
func Main(args []string, stdin io.Reader, stdout, stderr io.Writer, crash Crash, main func() int) int {
	if !supervised() {
		if exe, err := os.Executable(); err == nil {
			if code, ok := supervise(exe, args, stdin, stdout, stderr, crash); ok {
				return code
			}
		}
	} else {
		reportCrashesToSupervisor()
	}
	return main()
}

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
// streams and returns the status the parent should exit with (see Main).
// A child that cannot be started at all is reported by ok == false, and
// the caller runs in-process instead.
func supervise(exe string, args []string, stdin io.Reader, stdout, stderr io.Writer, crash Crash) (code int, ok bool) {
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
	reports := make(chan []byte, 1)
	go func() {
		b, _ := io.ReadAll(io.LimitReader(r, 1<<20))
		reports <- b
	}()
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	for {
		select {
		case sig := <-sigs:
			_ = cmd.Process.Signal(sig)
		case err := <-done:
			report := <-reports
			return childStatus(err, report, stderr, crash), true
		}
	}
}

// childStatus maps how the child ended to the parent's exit status.
func childStatus(err error, report []byte, stderr io.Writer, crash Crash) int {
	if len(bytes.TrimSpace(report)) > 0 {
		fmt.Fprintln(stderr, crash.Message)
		return crash.Status
	}
	var ee *exec.ExitError
	if !errors.As(err, &ee) {
		if err != nil {
			fmt.Fprintf(stderr, "capsim: internal error: %v\n", err)
			return crash.Status
		}
		return 0
	}
	if ws, ok := ee.Sys().(syscall.WaitStatus); ok && ws.Signaled() {
		return 128 + int(ws.Signal())
	}
	return ee.ExitCode()
}
