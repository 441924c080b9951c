package main

import (
	"fmt"
	"io"
	"os"
	"strings"
	"time"
)

// progress draws "replications done / total, elapsed, ETA" on a terminal.
// It stays silent for runs shorter than about a second and when the output
// is not a terminal, so it never mixes into redirected or --json output.
// Wall-clock time lives here, in cmd/, never in the simulation.
type progress struct {
	w       io.Writer
	now     func() time.Time
	start   time.Time
	delay   time.Duration // nothing is drawn before this much wall time
	drawn   bool
	enabled bool
}

func newProgress(w io.Writer, quiet bool) *progress {
	return &progress{w: w, now: time.Now, start: time.Now(), delay: time.Second, enabled: !quiet && isTerminal(w)}
}

func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	st, err := f.Stat()
	return err == nil && st.Mode()&os.ModeCharDevice != 0
}

// update is called after each replication (serialised by sim.Replicate).
func (p *progress) update(done, total int) {
	if !p.enabled {
		return
	}
	elapsed := p.now().Sub(p.start)
	if elapsed < p.delay && done < total {
		return
	}
	if !p.drawn && done == total {
		return // finished before the bar was worth showing
	}
	const width = 30
	filled := width * done / total
	eta := "?"
	if done > 0 {
		eta = (elapsed * time.Duration(total-done) / time.Duration(done)).Round(100 * time.Millisecond).String()
	}
	fmt.Fprintf(p.w, "\r[%s%s] %d/%d replications, %s elapsed, ETA %s ",
		strings.Repeat("#", filled), strings.Repeat(".", width-filled), done, total,
		elapsed.Round(100*time.Millisecond), eta)
	p.drawn = true
}

// finish clears the bar so that what follows starts on a clean line.
func (p *progress) finish() {
	if p.drawn {
		fmt.Fprintf(p.w, "\r%s\r", strings.Repeat(" ", 80))
	}
}
