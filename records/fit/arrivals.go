package fit

import (
	"cmp"
	"math"
	"slices"
	"time"
)

// HoursPerDay is the number of hour-of-day buckets (UTC).
const HoursPerDay = 24

// Period is the observed span, from the first clock hour holding a
// record to the export.
type Period struct {
	Start time.Time `json:"start"` // a whole UTC hour
	End   time.Time `json:"end"`   // the export
}

// Hours is the span's length in hours.
func (p Period) Hours() float64 { return p.End.Sub(p.Start).Hours() }

// clockHours is the number of clock hours the period touches.
func (p Period) clockHours() int { return int(math.Ceil(p.Hours())) }

// ClockHour is one clock hour of the period at one place: its requests,
// and whether they are a spike.
type ClockHour struct {
	Start    time.Time `json:"start"`
	Count    int64     `json:"count"`
	Exposure float64   `json:"exposure_hours"` // 1, or less for the period's last, partial hour
	// Expected is the count the curve (without this hour) expects; PValue
	// the one-sided probability of a count this high or higher under it
	// (conditional binomial test, see FindSpikes); NaN where untested.
	Expected float64 `json:"expected"`
	PValue   float64 `json:"p_value"`
	Spike    bool    `json:"spike"`
}

// HourRate is the rate of one hour of the day (or of one weekday's hour):
// requests per hour with its exact interval, from Count requests over
// Exposure hours, spike hours left out.
type HourRate struct {
	Hour     int      `json:"hour"`
	Count    int64    `json:"count"`
	Exposure float64  `json:"exposure_hours"`
	Rate     Interval `json:"rate_per_hour"`
}

// Curve is the arrivals of one place (a location) by hour of the day.
type Curve struct {
	Place string                `json:"place"`
	Total int64                 `json:"total"` // requests in the period
	Hours [HoursPerDay]HourRate `json:"hours"`
	// Weekdays are the hourly rates per weekday (Sunday first), with two or
	// more weeks of data; nil otherwise.
	Weekdays [][HoursPerDay]HourRate `json:"weekdays,omitempty"`
	Clock    []ClockHour             `json:"clock_hours"`
}

// SpikeCount returns the clock hours flagged as spikes.
func (c *Curve) SpikeCount() int {
	n := 0
	for _, h := range c.Clock {
		if h.Spike {
			n++
		}
	}
	return n
}

// clockOf builds the clock hours of the period from arrival times (Unix
// nanoseconds, inside the period).
func clockOf(p Period, arrivals []int64) []ClockHour {
	n := p.clockHours()
	out := make([]ClockHour, n)
	for k := range out {
		start := p.Start.Add(time.Duration(k) * time.Hour)
		end := start.Add(time.Hour)
		if p.End.Before(end) {
			end = p.End
		}
		out[k] = ClockHour{Start: start, Exposure: end.Sub(start).Hours(), Expected: math.NaN(), PValue: math.NaN()}
	}
	t0 := p.Start.UnixNano()
	for _, a := range arrivals {
		k := int((a - t0) / int64(time.Hour))
		if k >= 0 && k < n {
			out[k].Count++
		}
	}
	return out
}

// group says which clock hours share a rate: the hour of the day, or the
// weekday and hour.
func group(start time.Time, weekly bool) int {
	g := start.UTC().Hour()
	if weekly {
		g += HoursPerDay * int(start.UTC().Weekday())
	}
	return g
}

// weekly reports whether the period holds two or more weeks: enough to
// give each weekday's hours two clock hours or more.
func (p Period) weekly() bool { return p.Hours() >= 14*24 }

// FindSpikes flags the clock hours whose counts the others of their group
// (the same hour of the day; with two weeks or more, the same weekday and
// hour) make implausible. The test of hour k, given the group's other
// hours not flagged, is exact and conditional: with N requests in k and
// the rest together, k's share is Binomial(N, e_k/(e_k+e_rest)) when they
// share one rate; the p-value is P(X >= n_k). Holm's step-down procedure
// over every hour tested keeps the chance of flagging any hour of a
// spike-free record at most alpha. Flagging repeats with flagged hours left
// out of the rest until no more are found (a spike must not hide another).
// A group with one clock hour is not tested.
func FindSpikes(clock []ClockHour, weekly bool, alpha float64) {
	for range 10 {
		type test struct {
			k int
			p float64
		}
		var tests []test
		sumN, sumE, cnt := map[int]int64{}, map[int]float64{}, map[int]int{}
		for _, h := range clock {
			if !h.Spike {
				g := group(h.Start, weekly)
				sumN[g] += h.Count
				sumE[g] += h.Exposure
				cnt[g]++
			}
		}
		for k := range clock {
			h := &clock[k]
			g := group(h.Start, weekly)
			nRest, eRest, others := sumN[g], sumE[g], cnt[g]
			if !h.Spike {
				nRest, eRest, others = nRest-h.Count, eRest-h.Exposure, others-1
			}
			if others == 0 || eRest <= 1e-9 {
				continue
			}
			share := h.Exposure / (h.Exposure + eRest)
			h.Expected = float64(nRest) * h.Exposure / eRest
			h.PValue = upperTail(h.Count, h.Count+nRest, share)
			if !h.Spike {
				tests = append(tests, test{k, h.PValue})
			}
		}
		slices.SortStableFunc(tests, func(a, b test) int { return cmp.Compare(a.p, b.p) })
		found := false
		m := len(tests)
		for i, t := range tests {
			if t.p > alpha/float64(m-i) {
				break
			}
			clock[t.k].Spike = true
			found = true
		}
		if !found {
			return
		}
	}
}

// rates pools the clock hours not flagged by group.
func rates(clock []ClockHour, weekly bool, level float64) []HourRate {
	groups := HoursPerDay
	if weekly {
		groups *= 7
	}
	out := make([]HourRate, groups)
	for _, h := range clock {
		if h.Spike {
			continue
		}
		g := &out[group(h.Start, weekly)]
		g.Count += h.Count
		g.Exposure += h.Exposure
	}
	for i := range out {
		out[i].Hour = i % HoursPerDay
		out[i].Rate = PoissonRate(out[i].Count, out[i].Exposure, level)
	}
	return out
}

// newCurve fits one place's arrivals over the period.
func newCurve(place string, p Period, arrivals []int64, level, alpha float64) Curve {
	c := Curve{Place: place, Total: int64(len(arrivals)), Clock: clockOf(p, arrivals)}
	FindSpikes(c.Clock, p.weekly(), alpha)
	copy(c.Hours[:], rates(c.Clock, false, level))
	if p.weekly() {
		w := rates(c.Clock, true, level)
		c.Weekdays = make([][HoursPerDay]HourRate, 7)
		for d := range 7 {
			copy(c.Weekdays[d][:], w[d*HoursPerDay:])
		}
	}
	return c
}
