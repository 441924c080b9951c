package main

import (
	"os"
	"os/signal"
	"syscall"
)

func main() {
	sigs := make(chan os.Signal, 1)
	signal.Notify(sigs, os.Interrupt, syscall.SIGTERM)
	go watchSignals(sigs, os.Stderr, os.Exit)
	os.Exit(Main(os.Args[1:], os.Stdout, os.Stderr))
}
