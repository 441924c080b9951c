package fit

import (
	"fmt"
	"io"
	"strings"
)

// WriteText writes the fit in a few lines for a terminal: what was read,
// the period, each location's arrivals, the session length, the behaviour.
func (f *Streams) WriteText(w io.Writer) error {
	t := f.Tally
	var b strings.Builder
	fmt.Fprintf(&b, "%s: %d records read, %d sessions kept (%d duplicates, %d of another stream group, %d running at the export: censored)\n",
		f.Source, t.Records, t.Kept, t.Duplicates, t.OtherStreamGroup, t.Running)
	fmt.Fprintf(&b, "period       %s; stream group %s on %s (%s)\n", f.periodText(), f.groupName(), f.Capacity.Class, f.Capacity.ClassFrom)
	for _, c := range f.Curves {
		peak := 0
		for h := range c.Hours {
			if c.Hours[h].Rate.Value > c.Hours[peak].Rate.Value {
				peak = h
			}
		}
		fmt.Fprintf(&b, "arrivals     %s: %d requests, peak %s per hour at %02dh UTC, %d spike hours\n",
			c.Place, c.Total, num(c.Hours[peak].Rate.Value), peak, c.SpikeCount())
	}
	for _, pf := range f.lengthFits() {
		fmt.Fprintf(&b, "length       %s: %s %s\n", pf.place, pf.fit.Chosen, lengthText(pf.fit))
	}
	for _, r := range f.Rates {
		fmt.Fprintf(&b, "behaviour    %s: %s (%s)\n", r.Name, num(r.Est.Value), r.Est.text(f.Level, num))
	}
	for _, n := range f.Notes {
		fmt.Fprintf(&b, "note         %s\n", n)
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// WriteText writes the fleet fit in a few lines for a terminal.
func (f *Fleets) WriteText(w io.Writer) error {
	t := f.Tally
	var b strings.Builder
	fmt.Fprintf(&b, "%s: %d records read, %d game sessions kept (%d duplicates, %d of another fleet, %d running at the export: censored)\n",
		f.Source, t.Records, t.Kept, t.Duplicates, t.OtherFleet, t.Running)
	fmt.Fprintf(&b, "period       %s; fleet %s\n", f.periodText(), f.Fleet)
	for _, c := range f.Curves {
		fmt.Fprintf(&b, "arrivals     %s: %d game sessions, %d spike hours\n", c.Place, c.Total, c.SpikeCount())
	}
	fmt.Fprintf(&b, "game length  %s %s\n", f.Lengths.Chosen, lengthText(f.Lengths))
	for _, r := range f.Rates {
		fmt.Fprintf(&b, "rate         %s: %s (%s)\n", r.Name, num(r.Est.Value), r.Est.text(f.Level, num))
	}
	fmt.Fprintf(&b, "instances    processes per instance %d (%s)\n", f.ProcessesPerInstance, f.ProcessesFrom)
	for _, n := range f.Notes {
		fmt.Fprintf(&b, "note         %s\n", n)
	}
	_, err := io.WriteString(w, b.String())
	return err
}
