package progress

import (
	"fmt"
	"io"
	"os"
	"strings"
	"sync"
	"time"

	"github.com/capsim/capsim/sim"
)

// Bar draws, on a terminal, how far the replications have come:
// finished ones, and the virtual time reached by those running, so that a
// single long replication shows progress too. It stays silent for runs
// shorter than about a second and when the output is not a terminal, so it
// never mixes into redirected or --json output. Wall-clock time lives here,
// in cmd/, never in the simulation; the models only report virtual time.
type Bar struct {
	mu       sync.Mutex
	w        io.Writer
	now      func() time.Time
	start    time.Time
	delay    time.Duration // nothing is drawn before this much wall time
	every    time.Duration // at most one redraw this often within a replication
	lastDraw time.Time
	drawn    bool
	enabled  bool

	total   int
	done    int
	horizon sim.Time         // virtual time a replication runs to
	running map[int]sim.Time // virtual time reached by replications in flight

	points, pointsDone int // a sweep's points (0 for a run) and those whole
}

// New is a bar drawn on w, unless quiet or w is not a terminal.
func New(w io.Writer, quiet bool) *Bar {
	return &Bar{w: w, now: time.Now, start: time.Now(), delay: time.Second, every: 100 * time.Millisecond,
		enabled: !quiet && IsTerminal(w), running: map[int]sim.Time{}}
}

// IsTerminal reports whether w is a terminal.
func IsTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	st, err := f.Stat()
	return err == nil && st.Mode()&os.ModeCharDevice != 0
}

// Plan sets the number of replications and the virtual horizon each runs to.
func (p *Bar) Plan(total int, horizon time.Duration) {
	p.total, p.horizon = total, sim.At(horizon)
}

// Tick returns the hook replication rep passes to the models
// (Options.Progress), or nil when nothing is drawn, so that a quiet run
// costs nothing.
func (p *Bar) Tick(rep int) func(sim.Time) {
	if !p.enabled {
		return nil
	}
	return func(t sim.Time) {
		p.mu.Lock()
		defer p.mu.Unlock()
		p.running[rep] = t
		if p.now().Sub(p.lastDraw) >= p.every {
			p.draw()
		}
	}
}

// Finished records that replication rep is done.
func (p *Bar) Finished(rep int) {
	if !p.enabled {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	delete(p.running, rep)
	p.done++
	p.draw()
}

// fraction is the share of the whole work done: finished replications plus
// the virtual time reached by running ones.
func (p *Bar) fraction() float64 {
	f := float64(p.done)
	if p.horizon > 0 {
		for _, t := range p.running {
			f += min(float64(t)/float64(p.horizon), 1)
		}
	}
	return f / float64(p.total)
}

// draw redraws the line; the caller holds mu.
func (p *Bar) draw() {
	elapsed := p.now().Sub(p.start)
	if elapsed < p.delay && p.done < p.total {
		return
	}
	if !p.drawn && p.done == p.total {
		return // finished before the bar was worth showing
	}
	const width = 30
	f := p.fraction()
	filled := int(width * f)
	eta := "?"
	if f > 0 {
		eta = time.Duration(float64(elapsed) * (1 - f) / f).Round(100 * time.Millisecond).String()
	}
	count, of := fmt.Sprintf("%d/%d replications", p.done, p.total), "of virtual time"
	switch {
	case p.points > 0:
		count, of = fmt.Sprintf("%d/%d points, %d/%d replications", p.pointsDone, p.points, p.done, p.total), "done"
	case p.total == 1:
		count = "rep 1/1"
	}
	// \r and erase-to-end-of-line: a shorter line leaves nothing stale.
	fmt.Fprintf(p.w, "\r[%s%s] %s · %.0f%% %s, %s elapsed, ETA %s\x1b[K",
		strings.Repeat("#", filled), strings.Repeat(".", width-filled), count, 100*f, of,
		elapsed.Round(100*time.Millisecond), eta)
	p.drawn, p.lastDraw = true, p.now()
}

// Finish clears the bar so that what follows starts on a clean line.
func (p *Bar) Finish() {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.drawn {
		fmt.Fprint(p.w, "\r\x1b[K")
		p.drawn = false
	}
}
