package main

import (
	"fmt"
	"runtime"
	"strings"
)

// internalError is a recovered panic: a bug in capsim, never bad input.
// It carries where the panic happened, not a goroutine dump.
type internalError struct {
	value any
	site  string // file:line of the panicking frame, if known
}

func (e *internalError) Error() string {
	msg := fmt.Sprintf("internal error: %v", e.value)
	if e.site != "" {
		msg += " (at " + e.site + ")"
	}
	return msg + "; this is a bug in capsim: please report it with the scenario and command line"
}

// newInternalError records v and the first frame outside the runtime, as
// seen from a deferred recover.
func newInternalError(v any) *internalError {
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
	return &internalError{value: v, site: site}
}

// trimPath keeps the module-relative part of a source path.
func trimPath(file string) string {
	for _, dir := range []string{"/sim/", "/models/", "/scenarios/", "/reports/", "/cmd/"} {
		if i := strings.LastIndex(file, dir); i >= 0 {
			return file[i+1:]
		}
	}
	return file
}

// guard turns a panic in fn into an internalError returned by fn, so that a
// panicking replication on a worker goroutine does not kill the process
// with a goroutine dump.
func guard[T any](fn func(rep int) (T, error)) func(rep int) (T, error) {
	return func(rep int) (r T, err error) {
		defer func() {
			if v := recover(); v != nil {
				err = newInternalError(v)
			}
		}()
		return fn(rep)
	}
}
