package simrun

import (
	"fmt"
	"runtime"
	"strings"
)

// InternalError is a recovered panic: a bug in capsim, never bad input.
// It carries where the panic happened, not a goroutine dump.
type InternalError struct {
	Value any
	Site  string // file:line of the panicking frame, if known
}

func (e *InternalError) Error() string {
	msg := fmt.Sprintf("internal error: %v", e.Value)
	if e.Site != "" {
		msg += " (at " + e.Site + ")"
	}
	return msg + "; this is a bug in capsim: please report it with the scenario and command line"
}

// Recovered records v, the value of a recover() called by the caller's
// deferred function, and the first frame outside the runtime: the
// function that panicked.
func Recovered(v any) *InternalError {
	pcs := make([]uintptr, 32)
	frames := runtime.CallersFrames(pcs[:runtime.Callers(3, pcs)])
	site := ""
	for {
		f, more := frames.Next()
		if !strings.HasPrefix(f.Function, "runtime.") && f.File != "" {
			site = fmt.Sprintf("%s:%d", trimPath(f.File), f.Line)
			break
		}
		if !more {
			break
		}
	}
	return &InternalError{Value: v, Site: site}
}

// trimPath keeps the module-relative part of a source path.
func trimPath(file string) string {
	for _, dir := range []string{"/sim/", "/models/", "/scenarios/", "/reports/", "/simrun/", "/experiment/", "/cmd/"} {
		if i := strings.LastIndex(file, dir); i >= 0 {
			return file[i+1:]
		}
	}
	return file
}

// UnmetError is a run that went as asked but whose requirements are not
// met: an assertion that failed, or no plan that meets them. It is
// capsim's exit status 3.
type UnmetError struct{ Msg string }

func (e *UnmetError) Error() string { return e.Msg }
