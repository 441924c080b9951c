package backtest

import (
	"cmp"
	"fmt"
	"math"
	"slices"
	"time"

	"github.com/capsim/capsim/models/streams"
	"github.com/capsim/capsim/sim"
)

// HourBand is one hour of one series: the observed value against the
// simulated prediction band.
type HourBand struct {
	Start    time.Time `json:"start"`
	Observed float64   `json:"observed"`
	Low      float64   `json:"low"`
	High     float64   `json:"high"`
	Median   float64   `json:"median"`
	Inside   bool      `json:"inside"`
	// Score is how far outside the band the observation is, in standard
	// deviations of the replications (at least 1): 0 inside.
	Score float64 `json:"score"`
}

// Series is one location's metric, hour by hour.
type Series struct {
	Location string     `json:"location"`
	Metric   string     `json:"metric"`
	Hours    []HourBand `json:"hours"` // hours the records can tell
	Inside   int        `json:"inside"`
}

// Coverage is the share of the series' hours inside the band.
func (s *Series) Coverage() float64 { return float64(s.Inside) / float64(len(s.Hours)) }

// Outside is an hour outside its band, for the ranking.
type Outside struct {
	Location string `json:"location"`
	Metric   string `json:"metric"`
	HourBand
}

// Report is a backtest: every series, the coverage and the hours outside,
// worst first.
type Report struct {
	Start        time.Time `json:"start"`
	Hours        int       `json:"hours"`
	Replications int       `json:"replications"`
	// Level is the band's coverage of a new draw from the replications'
	// distribution: (R+1-2k)/(R+1) for the k-th smallest and largest of R.
	Level    float64            `json:"band_level"`
	Series   []Series           `json:"series"`
	Coverage float64            `json:"coverage"` // of every hour of every series
	ByMetric map[string]float64 `json:"coverage_by_metric"`
	Outside  []Outside          `json:"outside"`
}

// BandRank is k of the band [k-th smallest, k-th largest] of R
// replications: the largest with (R+1-2k)/(R+1) at least 0.9, at least 1.
func BandRank(r int) int { return max(1, int(math.Floor(0.05*float64(r+1)))) }

// Compare puts the observed values against the replications' (their
// streams results, with hourly timeseries over the window w).
func Compare(obs *Observed, w Window, reps []*streams.Result) (*Report, error) {
	if err := enough(len(reps)); err != nil {
		return nil, err
	}
	sims, err := simulated(obs, w, reps)
	if err != nil {
		return nil, err
	}
	return compare(obs, sims, len(reps)), nil
}

func enough(n int) error {
	if n < 2 {
		return fmt.Errorf("backtest: %d replications: a band needs at least 2 (19 for a 90%% band)", n)
	}
	return nil
}

// compare bands every observed hour of every series with the simulated
// values sims[location][hour][metric][replication].
func compare(obs *Observed, sims [][][NumMetrics][]float64, reps int) *Report {
	k := BandRank(reps)
	rep := &Report{Start: obs.Start, Hours: obs.Hours, Replications: reps,
		Level: float64(reps+1-2*k) / float64(reps+1), ByMetric: map[string]float64{}}
	inside, compared := [NumMetrics]int{}, [NumMetrics]int{}
	for li, loc := range obs.Locations {
		for m := range NumMetrics {
			s := Series{Location: loc, Metric: m.String()}
			for h := range obs.Hours {
				o := obs.Values[li][h][m]
				if math.IsNaN(o) {
					continue
				}
				b := band(sims[li][h][m], o, k)
				b.Start = obs.Start.Add(time.Duration(h) * time.Hour)
				s.Hours = append(s.Hours, b)
				compared[m]++
				if b.Inside {
					s.Inside++
					inside[m]++
				} else {
					rep.Outside = append(rep.Outside, Outside{loc, m.String(), b})
				}
			}
			if len(s.Hours) > 0 {
				rep.Series = append(rep.Series, s)
			}
		}
	}
	var in, all int
	for m := range NumMetrics {
		if compared[m] > 0 {
			rep.ByMetric[m.String()] = float64(inside[m]) / float64(compared[m])
			in += inside[m]
			all += compared[m]
		}
	}
	rep.Coverage = float64(in) / float64(all)
	slices.SortStableFunc(rep.Outside, func(a, b Outside) int { return cmp.Compare(b.Score, a.Score) })
	return rep
}

// band is the order-statistic band of the replications' values.
func band(vals []float64, obs float64, k int) HourBand {
	s := slices.Clone(vals)
	slices.Sort(s)
	n := len(s)
	b := HourBand{Observed: obs, Low: s[k-1], High: s[n-k], Median: s[n/2]}
	if n%2 == 0 {
		b.Median = (s[n/2-1] + s[n/2]) / 2
	}
	b.Inside = obs >= b.Low && obs <= b.High
	if !b.Inside {
		var mean, ss float64
		for _, v := range s {
			mean += v / float64(n)
		}
		for _, v := range s {
			ss += (v - mean) * (v - mean)
		}
		sd := max(math.Sqrt(ss/float64(n-1)), 1)
		b.Score = max(b.Low-obs, obs-b.High) / sd
	}
	return b
}

// simulated reads the replications' hourly values per observed location:
// [location][hour][metric][replication], summed over the stream groups
// holding the location.
func simulated(obs *Observed, w Window, reps []*streams.Result) ([][][NumMetrics][]float64, error) {
	out := simTable(obs, len(reps))
	cols := map[Metric]int{Requests: streams.ColRequests, Concurrent: streams.ColStreaming, Allocated: streams.ColAllocated, Idle: streams.ColIdle,
		PlacementTimeouts: streams.ColFailures(streams.ReasonPlacementTimeout), InternalErrors: streams.ColFailures(streams.ReasonInternalError)}
	for r, res := range reps {
		for _, lr := range res.Locations {
			if err := addRows(out, obs, w, r, lr.Location, lr.Timeseries, cols); err != nil {
				return nil, err
			}
		}
	}
	return out, nil
}

// simTable is [location][hour][metric][replication], zero.
func simTable(obs *Observed, reps int) [][][NumMetrics][]float64 {
	out := make([][][NumMetrics][]float64, len(obs.Locations))
	for li := range out {
		out[li] = make([][NumMetrics][]float64, obs.Hours)
		for h := range out[li] {
			for m := range NumMetrics {
				out[li][h][m] = make([]float64, reps)
			}
		}
	}
	return out
}

// addRows adds replication r's hourly values of one location's timeseries
// (each metric from its column) to out.
func addRows(out [][][NumMetrics][]float64, obs *Observed, w Window, r int, loc string, ts *sim.Timeseries, cols map[Metric]int) error {
	li := slices.Index(obs.Locations, loc)
	if li < 0 {
		return nil
	}
	if ts == nil || ts.StepSeconds != 3600 || ts.Buckets() < w.FirstBucket+obs.Hours {
		return fmt.Errorf("backtest: replication %d, %s: want hourly timeseries over the window (%d buckets)", r, loc, w.FirstBucket+obs.Hours)
	}
	rd := ts.NewReader()
	for h := range obs.Hours {
		row, err := rd.Row(w.FirstBucket + h)
		if err != nil {
			return err
		}
		for m, c := range cols {
			out[li][h][m][r] += row[c]
		}
	}
	return nil
}
