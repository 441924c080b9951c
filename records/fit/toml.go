package fit

import (
	"bytes"
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/capsim/capsim/scenarios"
)

// LengthsFile is the file an empirical session length is written to,
// beside the scenario.
const LengthsFile = "session-lengths.csv"

// empiricalQuantiles is how many quantiles an empirical length keeps.
const empiricalQuantiles = 1000

// DefaultReconnectProbability is the share of dropped clients that come
// back: the records show only the failures (reconnectionTimeout), so the
// disconnect rate is the failure rate over 1 minus this default.
var DefaultReconnectProbability = scenarios.DefaultClient().ReconnectProbability

// tw writes TOML text.
type tw struct{ bytes.Buffer }

func (w *tw) line(format string, args ...any) { fmt.Fprintf(w, format+"\n", args...) }

func num(v float64) string {
	if v == 0 {
		return "0"
	}
	return strconv.FormatFloat(v, 'g', 4, 64)
}

func dur(d time.Duration) string { return strconv.Quote(scenarios.CompactDuration(d)) }

func secs(s float64) time.Duration {
	return time.Duration(math.Round(s)) * time.Second
}

func (iv Interval) text(level float64, format func(float64) string) string {
	return fmt.Sprintf("%.0f%% CI %s–%s", 100*level, format(iv.Low), format(iv.High))
}

// Scenario returns the scenario's TOML and the files it names beside it
// (an empirical session length), written once: every fitted value with a
// comment naming the data it came from.
func (f *Streams) Scenario() ([]byte, map[string][]byte) {
	var w tw
	files := map[string][]byte{}
	f.header(&w)
	f.service(&w)
	f.group(&w)
	for i := range f.Curves {
		f.demand(&w, &f.Curves[i], files)
	}
	f.timeline(&w)
	return w.Bytes(), files
}

func (f *Streams) name() string {
	if f.opt.Name != "" {
		return f.opt.Name
	}
	if f.StreamGroup != "" {
		return "fitted-" + f.StreamGroup
	}
	return "fitted"
}

func (f *Streams) groupName() string {
	if f.StreamGroup != "" {
		return f.StreamGroup
	}
	return "observed"
}

func (f *Streams) header(w *tw) {
	t := f.Tally
	w.line("# Fitted by capsim fit from %s: %d records read, %d sessions kept, period %s.", f.Source, t.Records, t.Kept, f.periodText())
	w.line("# Every fitted value names the data it came from; \"default:\" marks one the records cannot tell.")
	w.line("# What the records held and how each untidy case was read: fit.json (\"tally\", \"notes\").")
	w.line("name = %q", f.name())
	w.line("description = %q", fmt.Sprintf("Fitted to %d stream sessions of %s, %s.", t.Kept, f.groupName(), f.periodText()))
	w.line("")
	w.line("[simulation]")
	w.line("# virtual time 0 is %s, a UTC midnight (hourly curves start there);", f.Virtual0.Format("2006-01-02T15:04Z"))
	w.line("# the observed period starts after the warm-up, at %s.", f.Period.Start.Format("2006-01-02T15:04Z"))
	horizon := f.Warmup + time.Duration(f.Period.clockHours())*time.Hour
	w.line("horizon = %s", dur(horizon))
	w.line("warmup = %s", dur(f.Warmup))
	w.line("seed = %d", f.opt.Seed)
	w.line("replications = %d", f.opt.Replications)
	step := max(time.Minute, (horizon / 2000).Round(time.Minute))
	w.line("timeseries_step = %s", dur(step))
	w.line("")
}

func (f *Streams) rate(key string) *Rate {
	for i := range f.Rates {
		if f.Rates[i].Key == key || f.Rates[i].Name == key {
			return &f.Rates[i]
		}
	}
	return nil
}

func (f *Streams) service(w *tw) {
	w.line("[service]")
	r := f.rate("internal_error_probability")
	w.line("internal_error_probability = %s  # %d of %.0f: %s (%s)", num(r.Est.Value), r.Count, r.Of, r.Data, r.Est.text(f.Level, num))
	w.line("# default: every other [service] key (fit.json \"defaults\"); the allocation delays need a capacity")
	w.line("# series polled faster than an allocation takes, which GetStreamGroup's counters do not resolve.")
	w.line("")
}

func (f *Streams) group(w *tw) {
	c := f.Capacity
	w.line("[[stream_group]]")
	w.line("name = %q", f.groupName())
	w.line("class = %q  # %s", c.Class, c.ClassFrom)
	for _, l := range c.Locations {
		w.line("  [[stream_group.location]]")
		w.line("  name = %q  # %s; at most %d sessions at once in the records", l.Name, l.From, l.PeakConcurrent)
		w.line("  always_on = %d", l.AlwaysOn)
		if l.OnDemand > 0 && l.TargetIdle == 0 && l.Maximum == 0 {
			w.line("  on_demand = %d", l.OnDemand)
			continue
		}
		w.line("  target_idle = %d", l.TargetIdle)
		w.line("  maximum = %d", l.Maximum)
	}
	w.line("")
	for _, l := range c.Locations {
		if strings.HasPrefix(l.PriceFrom, "shipped") {
			continue
		}
		w.line("[[price]]")
		w.line("class = %q", c.Class)
		w.line("location = %q", l.Name)
		w.line("usd_per_hour = %s", num(l.PriceUSD))
		w.line("source = %q", l.PriceFrom)
		w.line("")
	}
}
