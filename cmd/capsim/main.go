package main

import (
	"os"
	"os/signal"
	"syscall"
)

func main() {
	if !supervised() {
		if exe, err := os.Executable(); err == nil {
			if code, ok := supervise(exe, os.Args[1:], os.Stdin, os.Stdout, os.Stderr); ok {
				os.Exit(code)
			}
		}
	} else {
		reportCrashesToSupervisor()
	}
	sigs := make(chan os.Signal, 1)
	signal.Notify(sigs, os.Interrupt, syscall.SIGTERM)
	go watchSignals(sigs, os.Stderr, os.Exit)
	os.Exit(Main(os.Args[1:], os.Stdout, os.Stderr))
}
