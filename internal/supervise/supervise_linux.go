package supervise

import (
	"os/exec"
	"syscall"
)

// tieChildToParent makes the kernel send SIGTERM to the supervised child
// if the supervisor dies first (kill -9 of the parent), so the child
// removes its staging files and stops instead of running on unseen.
func tieChildToParent(cmd *exec.Cmd) {
	cmd.SysProcAttr = &syscall.SysProcAttr{Pdeathsig: syscall.SIGTERM}
}
