//go:build unix

package browser

import (
	"os/exec"
	"syscall"
)

// setProcessGroup puts Chromium in a process group of its own so that
// killProcess reaches its zygote, renderer and GPU helpers too.
func setProcessGroup(cmd *exec.Cmd) {
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
}

// killProcess sends SIGKILL to the process group started by cmd (its id is
// the started process's pid) and to the process itself.
func killProcess(cmd *exec.Cmd) {
	_ = syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL)
	_ = cmd.Process.Kill()
}
