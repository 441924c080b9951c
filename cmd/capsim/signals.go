package main

import (
	"fmt"
	"github.com/capsim/capsim/cmd/internal/progress"
	"io"
	"os"
	"syscall"
)

// watchSignals waits for SIGINT or SIGTERM on sigs, removes the staging
// files of the run in progress, says what is left (the note of
// staged.SetInterruptNote, by default nothing) and exits with 128 + the signal number (130
// for SIGINT, 143 for SIGTERM). It runs on its own goroutine; exit is
// os.Exit except in tests.
func watchSignals(sigs <-chan os.Signal, stderr io.Writer, exit func(int)) {
	sig, ok := <-sigs
	if !ok {
		return
	}
	note := staged.Interrupt()
	if progress.IsTerminal(stderr) { // clear the progress bar's line
		fmt.Fprint(stderr, "\r\x1b[K")
	}
	if note == "" {
		note = "no partial output left behind"
	}
	fmt.Fprintf(stderr, "capsim: %v: stopped; %s\n", sig, note)
	exit(signalExitCode(sig))
}

// signalExitCode is the shell's convention: 128 + the signal number.
func signalExitCode(sig os.Signal) int {
	if s, ok := sig.(syscall.Signal); ok {
		return 128 + int(s)
	}
	return exitInterrupted
}
