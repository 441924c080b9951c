package sim_test

import (
	"fmt"
	"time"

	"github.com/capsim/capsim/sim"
)

// printer is a Handler that prints each event it receives.
type printer struct{}

func (printer) Handle(now sim.Time, ev sim.Event) {
	fmt.Printf("%v: event %d\n", now, ev.ID)
}

// Schedule four events, cancel one, and run to a horizon. Events at equal
// times run in the order they were scheduled; the clock ends at the horizon.
func ExampleScheduler() {
	s := sim.NewScheduler()
	h := printer{}
	s.At(sim.At(90*time.Second), h, sim.Event{ID: 1})
	timeout := s.At(sim.At(75*time.Second), h, sim.Event{ID: 2})
	s.After(30*time.Second, h, sim.Event{ID: 3})
	s.At(sim.At(90*time.Second), h, sim.Event{ID: 4})

	fmt.Println("cancelled:", s.Cancel(timeout))
	fmt.Println("pending:", s.Pending())
	if err := s.Run(sim.At(2 * time.Minute)); err != nil {
		fmt.Println(err)
	}
	fmt.Println("now:", s.Now(), "fired:", s.Fired())
	// Output:
	// cancelled: true
	// pending: 3
	// 30s: event 3
	// 1m30s: event 1
	// 1m30s: event 4
	// now: 2m0s fired: 3
}
