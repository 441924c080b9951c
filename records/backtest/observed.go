package backtest

import (
	"math"
	"slices"
	"time"

	"github.com/capsim/capsim/models/streams"
	"github.com/capsim/capsim/records"
)

// Metric is one series the backtest compares, hour by hour.
type Metric int

const (
	Requests          Metric = iota // requests arriving in the hour
	Concurrent                      // sessions placed and not ended, averaged over the hour
	Allocated                       // allocated capacity (streams), averaged over the hour's polls
	Idle                            // idle capacity (streams), averaged over the hour's polls
	PlacementTimeouts               // requests arriving in the hour that ended in ERROR placementTimeout
	InternalErrors                  // ... in ERROR internalError
	// a fleet's
	GameSessions   // game sessions created in the hour (placements that succeeded)
	ActiveGames    // game sessions not ended, averaged over the hour
	FleetInstances // instances, averaged over the hour (CloudWatch ActiveInstances)
	NumMetrics
)

var metricNames = [NumMetrics]string{"requests", "concurrent_sessions", "allocated_capacity", "idle_capacity",
	"placement_failures.placementTimeout", "placement_failures.internalError",
	"game_sessions", "active_game_sessions", "active_instances"}

func (m Metric) String() string { return metricNames[m] }

// Observed is what the records show per location and whole clock hour:
// Values[location][hour][metric], NaN where the records cannot tell (no
// polls: no allocated or idle capacity).
type Observed struct {
	Start     time.Time // the first hour compared, a whole UTC hour
	Hours     int       // whole hours compared, up to the export
	Locations []string  // sorted
	Values    [][][NumMetrics]float64
	Polled    bool // allocated and idle capacity (a fleet's: instances) were polled
	Fleet     bool // a fleet's game sessions (ObserveFleet), not stream sessions
	// Arrivals are each location's request times (Unix nanoseconds), for
	// a replay of the observed arrivals.
	Arrivals [][]int64
}

// Observe reads the records into hourly values over the whole hours from
// the hour of the first session to exportedAt (zero: the set's
// ExportedAt); polls may be nil. Sessions without a Location count at the
// location with the most sessions, as capsim fit counts them.
func Observe(set *records.SessionSet, polls *records.PollSet, exportedAt time.Time) (*Observed, error) {
	if len(set.Sessions) == 0 {
		return nil, mismatch("%s: no session to compare with", set.Source)
	}
	o, end, err := newObserved(set.Source, set.Sessions[0].CreatedAt, set.ExportedAt, exportedAt)
	if err != nil {
		return nil, err
	}
	idx := o.locations(set, polls)
	o.Arrivals = make([][]int64, len(o.Locations))
	o.alloc(Allocated, Idle, GameSessions, ActiveGames, FleetInstances)
	o.sessions(set, idx, end)
	for li := range o.Values {
		for h := range min(HiddenHours, o.Hours) {
			o.Values[li][h][Concurrent] = math.NaN()
		}
	}
	if polls != nil {
		o.polls(polls)
	}
	return o, nil
}

// HiddenHours are the first hours whose concurrent sessions are not
// compared: sessions created before the records begin are not in them,
// so the records undercount the sessions then in progress.
const HiddenHours = 3

// newObserved spans the whole hours from the hour of first to the export
// (exportedAt, or, if zero, latest): it returns the span and the export.
func newObserved(src string, first, latest int64, exportedAt time.Time) (*Observed, int64, error) {
	end := latest
	if !exportedAt.IsZero() {
		end = exportedAt.UnixNano()
	}
	start := time.Unix(0, first).UTC().Truncate(time.Hour)
	o := &Observed{Start: start, Hours: int((end - start.UnixNano()) / int64(time.Hour))}
	if o.Hours < 1 {
		return nil, 0, mismatch("%s: the records span less than one whole hour (%s to %s)", src,
			start.Format(time.RFC3339), time.Unix(0, end).UTC().Format(time.RFC3339))
	}
	return o, end, nil
}

// alloc makes the value table, the metrics named NaN (not compared).
func (o *Observed) alloc(untold ...Metric) {
	o.Values = make([][][NumMetrics]float64, len(o.Locations))
	for i := range o.Values {
		o.Values[i] = make([][NumMetrics]float64, o.Hours)
		for h := range o.Values[i] {
			for _, m := range untold {
				o.Values[i][h][m] = math.NaN()
			}
		}
	}
}

// locations lists the locations of the sessions and polls, sorted, and
// maps each session location index to its row.
func (o *Observed) locations(set *records.SessionSet, polls *records.PollSet) []int {
	counts := make([]int, len(set.Locations))
	for i := range set.Sessions {
		counts[set.Sessions[i].Location]++
	}
	primary := 0
	for i, n := range set.Locations {
		if n != "" && (set.Locations[primary] == "" || counts[i] > counts[primary]) {
			primary = i
		}
	}
	for _, n := range set.Locations {
		if n != "" && !slices.Contains(o.Locations, n) {
			o.Locations = append(o.Locations, n)
		}
	}
	if polls != nil {
		for _, n := range polls.Locations {
			if !slices.Contains(o.Locations, n) {
				o.Locations = append(o.Locations, n)
			}
		}
	}
	slices.Sort(o.Locations)
	idx := make([]int, len(set.Locations))
	for i, n := range set.Locations {
		if n == "" {
			n = set.Locations[primary]
		}
		idx[i] = slices.Index(o.Locations, n)
	}
	return idx
}

// sessions counts requests and failures by arrival hour and integrates
// the placed sessions over each hour.
func (o *Observed) sessions(set *records.SessionSet, idx []int, end int64) {
	t0 := o.Start.UnixNano()
	hour := int64(time.Hour)
	for i := range set.Sessions {
		s := &set.Sessions[i]
		li := idx[s.Location]
		if s.CreatedAt >= end {
			continue
		}
		o.Arrivals[li] = append(o.Arrivals[li], s.CreatedAt)
		k := int((s.CreatedAt - t0) / hour)
		if k < o.Hours {
			v := &o.Values[li][k]
			v[Requests]++
			switch {
			case s.Status == streams.StatusError && s.Reason == records.ReasonPlacementTimeout:
				v[PlacementTimeouts]++
			case s.Status == streams.StatusError && s.Reason == records.ReasonInternalError:
				v[InternalErrors]++
			}
		}
		if s.Status == streams.StatusError || s.Status == streams.StatusActivating {
			continue // never held a slot
		}
		stop := s.UpdatedAt
		if !s.Ended() {
			stop = end
		}
		for k := max(int((s.CreatedAt-t0)/hour), 0); k < o.Hours; k++ {
			a, b := t0+int64(k)*hour, t0+int64(k+1)*hour
			lo, hi := max(a, s.CreatedAt), min(b, stop)
			if hi <= lo {
				break
			}
			o.Values[li][k][Concurrent] += float64(hi-lo) / float64(hour)
		}
	}
}

// polls averages each hour's polled allocated and idle capacity.
func (o *Observed) polls(polls *records.PollSet) {
	t0 := o.Start.UnixNano()
	type acc struct{ alloc, idle, n float64 }
	sums := make([][]acc, len(o.Locations))
	for i := range sums {
		sums[i] = make([]acc, o.Hours)
	}
	for _, p := range polls.Polls {
		k := int((p.At - t0) / int64(time.Hour))
		li := slices.Index(o.Locations, polls.Locations[p.Location])
		if p.At < t0 || k >= o.Hours || li < 0 || p.Allocated < 0 || p.Idle < 0 {
			continue
		}
		a := &sums[li][k]
		a.alloc += float64(p.Allocated)
		a.idle += float64(p.Idle)
		a.n++
	}
	for li := range sums {
		for k, a := range sums[li] {
			if a.n > 0 {
				o.Values[li][k][Allocated], o.Values[li][k][Idle] = a.alloc/a.n, a.idle/a.n
				o.Polled = true
			}
		}
	}
}
