// Package supervise runs a command as a supervised child of itself, so
// that a crash of the Go runtime gets the command's own exit status for an
// internal error instead of the runtime's.
//
// Why: Go's runtime ends a program that fails fatally (out of memory, a
// stack overflow, concurrent map writes, a deadlock) with exit status 2,
// the status capsim keeps for bad input, and no recover() can catch it.
// The alternatives were weighed and are worse:
//   - debug.SetTraceback("crash") makes a fatal error raise SIGABRT
//     (status 134, not the documented 70) and may write a core file into
//     the working directory of a batch task;
//   - debug.SetCrashOutput alone redirects the report but cannot change
//     the status the runtime exits with;
//   - another status for bad input would break the documented interface
//     (exit 2) that scripts and batch engines test.
//
// So [Main] starts the executable again as a child: the child hands its
// crash report to the parent through a pipe (debug.SetCrashOutput), and
// the parent turns a child that crashed into the [Crash] status, whatever
// status the runtime chose. Everything else passes through unchanged: the
// child's standard streams are the parent's, its exit status becomes the
// parent's (128+N if a signal N killed it), and SIGINT/SIGTERM sent to the
// parent alone (a batch system's kill) are forwarded to the child, which
// cleans up as usual; on Linux the child is sent SIGTERM if the parent
// dies first. Where no child can be started, the command runs in-process.
// The cost is one extra process and exec at start-up.
package supervise
