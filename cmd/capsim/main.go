package main

import (
	"io"
	"os"
	"os/signal"
	"syscall"

	"github.com/capsim/capsim/internal/supervise"
)

func main() {
	os.Exit(supervisedMain(os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
}

// supervisedMain runs capsim as a supervised child of itself (package
// supervise: a Go runtime crash exits 70, not the runtime's 2, the status
// of bad input), and in the child, or where no child can be started, Main
// in-process with SIGINT and SIGTERM turned into their exit statuses
// (signals.go).
func supervisedMain(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	crash := supervise.Crash{Status: exitInternal, Message: "capsim: internal error: the Go runtime stopped capsim (its report is above); " +
		"this is a bug in capsim, please report it with the scenario and command line"}
	return supervise.Main(args, stdin, stdout, stderr, crash, func() int {
		sigs := make(chan os.Signal, 1)
		signal.Notify(sigs, os.Interrupt, syscall.SIGTERM)
		go watchSignals(sigs, stderr, os.Exit)
		return Main(args, stdout, stderr)
	})
}
