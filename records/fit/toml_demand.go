package fit

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/capsim/capsim/scenarios"
)

// demand writes one location's [[demand]]: its arrivals, the session
// length and the client behaviour (both fitted over every location).
func (f *Streams) demand(w *tw, c *Curve, files map[string][]byte) {
	w.line("[[demand]]")
	w.line("name = %q", c.Place)
	w.line("stream_group = %q", f.groupName())
	w.line("locations = [%q]  # the records show where a session ran, not the list it was started with", c.Place)
	f.length(w, c.Place, files)
	w.line("  [demand.arrivals]")
	w.line("  process = \"poisson\"")
	w.line("  # requests per hour at each UTC hour of the day: %d requests at %s, %s,", c.Total, c.Place, f.periodText())
	w.line("  # %d spike hour(s) left out of the curve (written as spikes below)", c.SpikeCount())
	w.line("  hourly = [")
	for h, r := range c.Hours {
		w.line("    %s,  # %02dh: %d requests in %s h, %s", num(r.Rate.Value), h, r.Count, num(r.Exposure), r.Rate.text(f.Level, num))
	}
	w.line("  ]")
	writeSpikes(w, c, f.Virtual0, "demand")
	f.client(w)
	w.line("")
}

// writeSpikes writes the clock hours flagged as spikes of c, as spikes of
// the table ("demand" or "fleet_demand"): the excess over the curve, for
// the hour it happened; at most scenarios.MaxSpikesPerDemand, the largest
// (spikeNotes says so).
func writeSpikes(w *tw, c *Curve, virtual0 time.Time, table string) {
	type sp struct {
		h      ClockHour
		excess float64
	}
	var all []sp
	for _, h := range c.Clock {
		if h.Spike {
			base := c.Hours[h.Start.Hour()].Rate.Value
			all = append(all, sp{h, max(float64(h.Count)/h.Exposure-base, 0)})
		}
	}
	// at most MaxSpikesPerDemand, the largest
	if len(all) > scenarios.MaxSpikesPerDemand {
		slices.SortStableFunc(all, func(a, b sp) int { return cmpFloat(b.excess, a.excess) })
		all = all[:scenarios.MaxSpikesPerDemand]
		slices.SortFunc(all, func(a, b sp) int { return a.h.Start.Compare(b.h.Start) })
	}
	for _, s := range all {
		if s.excess <= 0 {
			continue
		}
		w.line("  [[%s.arrivals.spikes]]  # %s: %d where the curve expects %s (p = %.2g)",
			table, s.h.Start.Format("2006-01-02T15:04Z"), s.h.Count, num(s.h.Expected), s.h.PValue)
		w.line("  start = %s", dur(s.h.Start.Sub(virtual0)))
		w.line("  ramp = \"0s\"")
		w.line("  hold = %s", dur(time.Duration(s.h.Exposure*float64(time.Hour)).Round(time.Second)))
		w.line("  decay = \"0s\"")
		w.line("  peak_per_hour = %s", num(s.excess))
	}
}

// spikeNotes says which curves have more spike hours than a demand holds.
func spikeNotes(curves []Curve) []string {
	var notes []string
	for i := range curves {
		if n := curves[i].SpikeCount(); n > scenarios.MaxSpikesPerDemand {
			notes = append(notes, fmt.Sprintf("%s: %d spike hours, more than a demand may hold: the %d largest written", curves[i].Place, n, scenarios.MaxSpikesPerDemand))
		}
	}
	return notes
}

func cmpFloat(a, b float64) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// length writes session_length: the chosen family's parameters, or an
// empirical file of the Kaplan–Meier quantiles.
func (f *Streams) length(w *tw, loc string, files map[string][]byte) {
	lf, own := f.lengthOf(loc)
	whose := "all locations: fewer than " + fmt.Sprint(MinLocationEnds) + " own ends here"
	if own {
		whose = "this location's"
	} else if len(f.Curves) == 1 {
		whose = "this location's"
	}
	file := LengthsFile
	if own {
		file = strings.TrimSuffix(LengthsFile, ".csv") + "-" + loc + ".csv"
	}
	data := fmt.Sprintf("ML fit to %d ended and %d censored play lengths (%s), %s; %s", lf.Events, lf.Censored, whose, f.periodText(), lf.Why)
	var spec string
	switch lf.Chosen {
	case "empirical":
		var b strings.Builder
		b.WriteString("session_length\n")
		for _, q := range lf.EmpiricalQuantiles(empiricalQuantiles) {
			fmt.Fprintf(&b, "%s\n", scenarios.CompactDuration(secs(q)))
		}
		files[file] = []byte(b.String())
		spec = fmt.Sprintf("{ dist = \"empirical\", file = %q }", file)
		data = fmt.Sprintf("%d Kaplan–Meier quantiles of %d ended and %d censored play lengths, %s; %s", empiricalQuantiles, lf.Events, lf.Censored, f.periodText(), lf.Why)
	case "lognormal":
		b := lf.Best()
		m, s := b.Param("median"), b.Param("sigma")
		spec = fmt.Sprintf("{ dist = \"lognormal\", median = %s, sigma = %s }", dur(secs(m.Value)), num(s.Value))
		data += fmt.Sprintf("; median %s, sigma %s", m.text(f.Level, func(v float64) string { return scenarios.CompactDuration(secs(v)) }), s.text(f.Level, num))
	default: // gamma, weibull
		b := lf.Best()
		m, s := b.Param("mean"), b.Param("shape")
		spec = fmt.Sprintf("{ dist = %q, mean = %s, shape = %s }", lf.Chosen, dur(secs(m.Value)), num(s.Value))
		data += fmt.Sprintf("; mean %s, shape %s", m.text(f.Level, func(v float64) string { return scenarios.CompactDuration(secs(v)) }), s.text(f.Level, num))
	}
	w.line("# %s", data)
	w.line("session_length = %s", spec)
}

// client writes the fitted client behaviour, the rest left at its defaults.
func (f *Streams) client(w *tw) {
	w.line("  [demand.client]")
	for _, key := range []string{"no_show_probability", "afk_rate_per_hour", "crash_rate_per_hour"} {
		if r := f.rate(key); r != nil {
			w.line("  %s = %s  # %d of %s: %s (%s)", key, num(r.Est.Value), r.Count, num(r.Of), r.Data, r.Est.text(f.Level, num))
		}
	}
	if r := f.rate("reconnect failures (reconnectionTimeout)"); r != nil {
		d := r.Est.Value / (1 - DefaultReconnectProbability)
		w.line("  # %d reconnect failures in %s connected hours: %s per hour (%s); the records show no reconnect that worked,",
			r.Count, num(r.Of), num(r.Est.Value), r.Est.text(f.Level, num))
		w.line("  # so drops = failures / (1 - reconnect_probability), with reconnect_probability at its default %s", num(DefaultReconnectProbability))
		w.line("  disconnect_rate_per_hour = %s", num(d))
	}
	if f.rate("crash_rate_per_hour") == nil {
		w.line("  crash_rate_per_hour = 0  # applicationExit is the players' own end in these records: crashes cannot be told apart")
	}
	w.line("  end_reason = %q  # %s", f.EndReason, f.endReasonWhy())
	if f.SessionLengthLimit > 0 {
		w.line("  session_length_limit = %s  # the median duration of the maxSessionLengthTimeout ends less TERMINATING", dur(f.SessionLengthLimit))
	} else {
		w.line("  # default: session_length_limit %s (no maxSessionLengthTimeout end in the records)", scenarios.CompactDuration(scenarios.DefaultClient().SessionLengthLimit))
	}
}

func (f *Streams) endReasonWhy() string {
	if f.opt.EndReason != "" {
		return "given"
	}
	return "the more frequent of apiTerminated and applicationExit in the records: the players' own end"
}

// timeline writes the capacity changes the polls show.
func (f *Streams) timeline(w *tw) {
	for _, ch := range f.Capacity.Changes {
		w.line("[[timeline]]  # polled at %s", ch.At.Format(time.RFC3339))
		w.line("at = %s", dur(ch.At.Sub(f.Virtual0).Round(time.Second)))
		w.line("action = \"UpdateStreamGroup\"")
		w.line("stream_group = %q", f.groupName())
		if ch.OnDemand > 0 && ch.TargetIdle == 0 && ch.Maximum == 0 {
			w.line("locations = [{ name = %q, always_on = %d, on_demand = %d }]", ch.Location, ch.AlwaysOn, ch.OnDemand)
		} else {
			w.line("locations = [{ name = %q, always_on = %d, target_idle = %d, maximum = %d }]", ch.Location, ch.AlwaysOn, ch.TargetIdle, ch.Maximum)
		}
		w.line("")
	}
}
