package backtest

import (
	"math"
	"slices"
	"time"

	"github.com/capsim/capsim/models/fleets"
	"github.com/capsim/capsim/records"
)

// ObserveFleet reads a fleet's game sessions (and, if given, its
// CloudWatch exports) into hourly values per location: game sessions
// created, game sessions not ended (averaged over the hour, from the
// HiddenHours-th hour on) and instances (the hour's mean of
// ActiveInstances "<location>" points), over the whole hours from the
// first game session to exportedAt (zero: the set's ExportedAt).
func ObserveFleet(set *records.GameSessionSet, ms *records.MetricSet, exportedAt time.Time) (*Observed, error) {
	if len(set.Sessions) == 0 {
		return nil, mismatch("%s: no game session to compare with", set.Source)
	}
	o, end, err := newObserved(set.Source, set.Sessions[0].CreatedAt, set.ExportedAt, exportedAt)
	if err != nil {
		return nil, err
	}
	for _, n := range set.Locations {
		if !slices.Contains(o.Locations, n) {
			o.Locations = append(o.Locations, n)
		}
	}
	slices.Sort(o.Locations)
	o.Fleet = true
	o.alloc(Requests, Concurrent, Allocated, Idle, PlacementTimeouts, InternalErrors, FleetInstances)
	o.Arrivals = make([][]int64, len(o.Locations))
	t0, hour := o.Start.UnixNano(), int64(time.Hour)
	for i := range set.Sessions {
		g := &set.Sessions[i]
		li := slices.Index(o.Locations, set.Locations[g.Location])
		if g.CreatedAt >= end {
			continue
		}
		if k := int((g.CreatedAt - t0) / hour); k < o.Hours {
			o.Values[li][k][GameSessions]++
		}
		if g.Status == records.GameError {
			continue
		}
		stop := end
		if g.TerminatedAt != 0 {
			stop = g.TerminatedAt
		}
		for k := int((g.CreatedAt - t0) / hour); k < o.Hours; k++ {
			lo, hi := max(t0+int64(k)*hour, g.CreatedAt), min(t0+int64(k+1)*hour, stop)
			if hi <= lo {
				break
			}
			o.Values[li][k][ActiveGames] += float64(hi-lo) / float64(hour)
		}
	}
	for li := range o.Values {
		for h := range min(HiddenHours, o.Hours) {
			o.Values[li][h][ActiveGames] = math.NaN()
		}
	}
	if ms != nil {
		o.instances(ms)
	}
	return o, nil
}

// instances averages each hour's ActiveInstances points.
func (o *Observed) instances(ms *records.MetricSet) {
	t0 := o.Start.UnixNano()
	for _, s := range ms.Series {
		li := slices.Index(o.Locations, s.Location)
		if s.Metric != "ActiveInstances" || li < 0 {
			continue
		}
		sum, n := make([]float64, o.Hours), make([]float64, o.Hours)
		for _, p := range s.Points {
			if k := int((p.At - t0) / int64(time.Hour)); p.At >= t0 && k < o.Hours {
				sum[k] += p.Value
				n[k]++
			}
		}
		for k := range sum {
			if n[k] > 0 {
				o.Values[li][k][FleetInstances] = sum[k] / n[k]
				o.Polled = true
			}
		}
	}
}

// CompareFleets puts a fleet's observed values against the replications'
// (their fleets results, hourly timeseries over the window w): game
// sessions created against the placement requests whose first
// destination is the location (a fitted scenario has one queue per
// location), active game sessions, instances.
func CompareFleets(obs *Observed, w Window, reps []*fleets.Result) (*Report, error) {
	if err := enough(len(reps)); err != nil {
		return nil, err
	}
	out := simTable(obs, len(reps))
	cols := map[Metric]int{GameSessions: fleets.ColRequests, ActiveGames: fleets.ColActive, FleetInstances: fleets.ColInstances}
	for r, res := range reps {
		for _, lr := range res.Locations {
			if err := addRows(out, obs, w, r, lr.Location, lr.Timeseries, cols); err != nil {
				return nil, err
			}
		}
	}
	return compare(obs, out, len(reps)), nil
}
