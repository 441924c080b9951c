package main

import (
	"errors"
	"flag"
	"fmt"
	"os"
	"runtime"
	"runtime/pprof"
)

// profileFlags are capsim run's --cpuprofile and --memprofile: Go pprof
// profiles of the whole command, for `go tool pprof` (issue 14).
type profileFlags struct{ cpu, mem string }

func (p *profileFlags) add(fs *flag.FlagSet) {
	fs.StringVar(&p.cpu, "cpuprofile", "", "write a CPU profile of the run to `FILE` (go tool pprof -top capsim FILE)")
	fs.StringVar(&p.mem, "memprofile", "", "write a heap profile (allocations, live memory) at the end of the run to `FILE`")
}

// start creates the profile files, so that an unwritable path fails
// before anything is simulated (exit status 1), and starts the CPU
// profile. stop ends it and writes the heap profile; a failure there
// becomes *err unless that is set already.
func (p *profileFlags) start() (stop func(err *error), err error) {
	var cpu, mem *os.File
	closeAll := func() {
		for _, f := range []*os.File{cpu, mem} {
			if f != nil {
				f.Close()
			}
		}
	}
	if p.cpu != "" {
		if cpu, err = os.Create(p.cpu); err != nil {
			return nil, fmt.Errorf("--cpuprofile: %w", err)
		}
	}
	if p.mem != "" {
		if mem, err = os.Create(p.mem); err != nil {
			closeAll()
			return nil, fmt.Errorf("--memprofile: %w", err)
		}
	}
	if cpu != nil {
		if err := pprof.StartCPUProfile(cpu); err != nil {
			closeAll()
			return nil, fmt.Errorf("--cpuprofile: %w", err)
		}
	}
	return func(errp *error) {
		var errs []error
		if cpu != nil {
			pprof.StopCPUProfile()
			errs = append(errs, wrapErr("--cpuprofile", cpu.Close()))
		}
		if mem != nil {
			runtime.GC() // the live heap as of the end of the run
			errs = append(errs, wrapErr("--memprofile", pprof.WriteHeapProfile(mem)), wrapErr("--memprofile", mem.Close()))
		}
		if err := errors.Join(errs...); err != nil && *errp == nil {
			*errp = err
		}
	}, nil
}

func wrapErr(what string, err error) error {
	if err == nil {
		return nil
	}
	return fmt.Errorf("%s: %w", what, err)
}
