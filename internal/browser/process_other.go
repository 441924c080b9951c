//go:build !unix

package browser

import "os/exec"

// setProcessGroup does nothing on this platform.
func setProcessGroup(cmd *exec.Cmd) {}

// killProcess kills the process started by cmd.
func killProcess(cmd *exec.Cmd) { _ = cmd.Process.Kill() }
