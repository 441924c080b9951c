//go:build !linux

package supervise

import "os/exec"

// tieChildToParent has no portable equivalent of Linux's parent-death
// signal; elsewhere a supervised child outlives a killed supervisor.
func tieChildToParent(*exec.Cmd) {}
