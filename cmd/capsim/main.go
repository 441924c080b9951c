package main

import (
	"io"
	"os"
	"os/signal"
	"syscall"
)

func main() {
	os.Exit(supervisedMain(os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
}

// supervisedMain runs capsim as a supervised child of itself (crash.go), so
// that a Go runtime crash exits 70, and returns the child's exit status. In
// the child, or where no child can be started, it runs Main in-process with
// SIGINT and SIGTERM turned into their exit statuses (signals.go).
func supervisedMain(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	if !supervised() {
		if exe, err := os.Executable(); err == nil {
			if code, ok := supervise(exe, args, stdin, stdout, stderr); ok {
				return code
			}
		}
	} else {
		reportCrashesToSupervisor()
	}
	sigs := make(chan os.Signal, 1)
	signal.Notify(sigs, os.Interrupt, syscall.SIGTERM)
	go watchSignals(sigs, stderr, os.Exit)
	return Main(args, stdout, stderr)
}
