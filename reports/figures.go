package reports

import (
	"errors"
	"fmt"
	"math"

	"github.com/capsim/capsim/models/streams"
	"github.com/capsim/capsim/sim"
)

// Band is a series' mean over replications, bucket by bucket, with the 95%
// confidence half-width of that mean (NaN with one replication, or where the
// value is undefined in every replication).
//
// A Band either holds its values (Mean and CI95, one per bucket) or, as
// NewFigures returns them, computes bucket k's values when asked, from the
// replications' timeseries: a long run's figures then cost no memory per
// bucket. Read a Band through Len and At, which serve both kinds; a
// computing Band is not safe for concurrent use.
type Band struct {
	Mean, CI95 []float64
	src        *bandSource
}

// bandSource computes a Band's values on demand.
type bandSource struct {
	n  int
	at func(k int) (mean, ci95 float64)
}

// Len returns the number of buckets.
func (b Band) Len() int {
	if b.src != nil {
		return b.src.n
	}
	return len(b.Mean)
}

// Computed reports whether the band computes its values when read (Mean
// and CI95 are then nil).
func (b Band) Computed() bool { return b.src != nil }

// At returns the mean and the 95% half-width at bucket k.
func (b Band) At(k int) (mean, ci95 float64) {
	if b.src != nil {
		return b.src.at(k)
	}
	return b.Mean[k], b.CI95[k]
}

// Lower and Upper return the band's edges at bucket k; a NaN half-width
// gives the mean itself.
func (b Band) Lower(k int) float64 { m, c := b.At(k); return m - nanZero(c) }

// Upper returns the band's upper edge at bucket k.
func (b Band) Upper(k int) float64 { m, c := b.At(k); return m + nanZero(c) }

func nanZero(x float64) float64 {
	if math.IsNaN(x) {
		return 0
	}
	return x
}

// ReasonBand is one ERROR reason's failures per hour.
type ReasonBand struct {
	Reason  string // as the service spells it, e.g. placementTimeout
	PerHour Band   // failures per hour in each bucket
}

// LocationFigures is everything the plots show of one location. Series have
// one value per bucket of StepSeconds, from the scenario start (warm-up
// included); bucket k covers [k*StepSeconds, (k+1)*StepSeconds).
type LocationFigures struct {
	StreamGroup, Location, Class string
	Tenancy                      int
	StepSeconds                  float64

	// Slots (one slot holds one stream session), time-averaged per bucket.
	Allocated, Streaming, Idle Band
	Waiting                    Band // requests waiting, time-averaged
	// AlwaysOn and Maximum are the settings in force (slots), as means over
	// replications (they differ only if a timeline action changes them).
	AlwaysOn, Maximum Band
	// RequestsPerHour is the demand: arrivals that chose this location
	// first, per hour.
	RequestsPerHour Band
	// Utilisation is streaming / allocated per bucket (a replication with
	// nothing allocated in the bucket is skipped there).
	Utilisation Band
	// Failures has one entry per ERROR reason, in Reason order.
	Failures []ReasonBand
	// CostUSD and IdleCostUSD are per bucket; CumulativeCostUSD is the
	// running total from the scenario start.
	CostUSD, IdleCostUSD, CumulativeCostUSD Band

	// Latency merges the placement latencies (seconds) of every
	// replication, after the warm-up.
	Latency *sim.Sketch
}

// Hours returns the start of bucket k in hours since the scenario start.
func (l *LocationFigures) Hours(k int) float64 { return float64(k) * l.StepSeconds / 3600 }

// Buckets returns the number of buckets.
func (l *LocationFigures) Buckets() int { return l.Allocated.Len() }

// Timeout is a placement timeout to draw on latency plots.
type Timeout struct {
	Label   string  // e.g. "always-on timeout 75 s"
	Seconds float64 // seconds
}

// Figures is the data behind every plot of a run: per-location series and
// the run's summary.
type Figures struct {
	Summary       *Summary
	WarmupSeconds float64
	Timeouts      []Timeout
	Locations     []LocationFigures

	err *error // the first read error of a computing band
}

// NewFigures returns the plot data of a run from its replications, which
// must have timeseries (Config.TimeseriesStep > 0). The per-bucket Bands are
// computed when read, from the replications' timeseries (which must stay
// readable while the figures are used), so that figures cost no memory per
// bucket; a read error makes the values NaN and is reported by Err. Means
// are taken over replications in replication order, so the result is
// deterministic.
func NewFigures(summary *Summary, results []*streams.Result, timeouts []Timeout) (*Figures, error) {
	if len(results) == 0 {
		return nil, errors.New("reports: figures: no results")
	}
	if err := checkTimeseries(results); err != nil {
		return nil, fmt.Errorf("reports: figures: %w", err)
	}
	f := &Figures{Summary: summary, WarmupSeconds: summary.WarmupSeconds, Timeouts: timeouts, err: new(error)}
	for li := range results[0].Locations {
		l0 := &results[0].Locations[li]
		step := l0.Timeseries.StepSeconds
		perHour := 3600 / step
		rr := newRepRows(len(results), func(i int) *sim.Timeseries { return results[i].Locations[li].Timeseries },
			"reports: figures: ", f.err)
		col := rr.col
		lf := LocationFigures{
			StreamGroup: l0.Group, Location: l0.Location, Class: l0.Class,
			Tenancy: l0.Tenancy, StepSeconds: step,
			Allocated:       col(streams.ColAllocated, 1),
			Streaming:       col(streams.ColStreaming, 1),
			Idle:            col(streams.ColIdle, 1),
			Waiting:         col(streams.ColWaiting, 1),
			AlwaysOn:        col(streams.ColAlwaysOn, 1),
			Maximum:         col(streams.ColMaximum, 1),
			RequestsPerHour: col(streams.ColRequests, perHour),
			Utilisation: rr.band(func(_ int, row []float64) float64 {
				return ratio(row[streams.ColStreaming], row[streams.ColAllocated])
			}),
			CostUSD:           col(streams.ColCostUSD, 1),
			IdleCostUSD:       col(streams.ColIdleCostUSD, 1),
			CumulativeCostUSD: rr.cumulativeBand(streams.ColCostUSD),
			Latency:           sim.NewSketch(),
		}
		for reason := range streams.NumReasons {
			if !reason.IsError() {
				continue
			}
			lf.Failures = append(lf.Failures, ReasonBand{Reason: reason.String(),
				PerHour: col(streams.ColFailures(reason), perHour)})
		}
		for _, r := range results {
			lf.Latency.Merge(r.Locations[li].Latency)
		}
		f.Locations = append(f.Locations, lf)
	}
	return f, nil
}

// Err returns the first error met reading the replications' timeseries
// while the figures' bands were read, or nil.
func (f *Figures) Err() error {
	if f.err == nil {
		return nil
	}
	return *f.err
}

// repRows reads one location's timeseries rows in every replication.
type repRows struct {
	n      int
	rs     []*sim.TimeseriesReader
	rows   [][]float64 // rows[i] is replication i's row at the last k read
	xs     []float64
	prefix string // of a read error
	err    *error
}

// newRepRows reads the timeseries ts(i) of replications i < nRep; the
// first read error, prefixed, is kept in *err.
func newRepRows(nRep int, ts func(i int) *sim.Timeseries, prefix string, err *error) *repRows {
	rr := &repRows{n: ts(0).Buckets(), prefix: prefix, err: err,
		rows: make([][]float64, nRep), xs: make([]float64, nRep)}
	for i := range nRep {
		rr.rs = append(rr.rs, ts(i).NewReader())
	}
	return rr
}

// read loads every replication's row k; it reports false after an error.
func (rr *repRows) read(k int) bool {
	for i, r := range rr.rs {
		row, err := r.Row(k)
		if err != nil {
			if *rr.err == nil {
				*rr.err = fmt.Errorf("%s%w", rr.prefix, err)
			}
			return false
		}
		rr.rows[i] = row
	}
	return true
}

// col returns the Band of column c times scale.
func (rr *repRows) col(c int, scale float64) Band {
	if scale == 1 {
		return rr.band(func(_ int, row []float64) float64 { return row[c] })
	}
	return rr.band(func(_ int, row []float64) float64 { return row[c] * scale })
}

// band returns the Band of get applied to bucket k of replication i's row,
// estimated over replications.
func (rr *repRows) band(get func(i int, row []float64) float64) Band {
	return Band{src: &bandSource{n: rr.n, at: func(k int) (float64, float64) {
		if !rr.read(k) {
			return math.NaN(), math.NaN()
		}
		for i, row := range rr.rows {
			rr.xs[i] = get(i, row)
		}
		e := sim.NewEstimate(rr.xs)
		return e.Mean, e.CI95
	}}}
}

// cumulativeBand returns the Band of column c's running total from bucket
// 0, summed in bucket order; reading buckets in increasing order costs one
// step each.
func (rr *repRows) cumulativeBand(c int) Band {
	next := 0 // the running totals include buckets [0, next)
	run := make([]float64, len(rr.rs))
	return rr.band(func(i int, _ []float64) float64 { return run[i] }).withAdvance(func(k int) bool {
		if k < next-1 {
			next = 0
			clear(run)
		}
		for ; next <= k; next++ {
			if !rr.read(next) {
				return false
			}
			for i, row := range rr.rows {
				run[i] += row[c]
			}
		}
		return true
	})
}

// withAdvance returns b computing bucket k only after prepare(k) succeeds.
func (b Band) withAdvance(prepare func(k int) bool) Band {
	at := b.src.at
	return Band{src: &bandSource{n: b.src.n, at: func(k int) (float64, float64) {
		if !prepare(k) {
			return math.NaN(), math.NaN()
		}
		return at(k)
	}}}
}

// checkTimeseries reports whether every replication has timeseries of the
// same shape for the same locations.
func checkTimeseries(results []*streams.Result) error {
	if err := checkLocations(results); err != nil {
		return err
	}
	return checkSeries(streams.RowWidth, streamSeries(results))
}

// series are the timeseries of nLoc locations (replication 0's count) in
// each of nRep replications: at returns replication rep's timeseries of
// location li (nil if it has none) and the location's two names (group or
// fleet, location).
type series struct {
	nRep, nLoc int
	at         func(rep, li int) (ts *sim.Timeseries, a, b string)
}

// streamSeries reads the timeseries of the stream locations of results.
func streamSeries(results []*streams.Result) series {
	return seriesOf(results, func(r *streams.Result) []streams.LocationResult { return r.Locations },
		func(l *streams.LocationResult) (*sim.Timeseries, string, string) {
			return l.Timeseries, l.Group, l.Location
		})
}

// seriesOf reads the timeseries of the locations (locs) of results, each
// location's series and names read by loc; without a replication 0 there
// are no locations.
func seriesOf[R, L any](results []*R, locs func(*R) []L, loc func(*L) (*sim.Timeseries, string, string)) series {
	s := series{nRep: len(results), at: func(rep, li int) (*sim.Timeseries, string, string) {
		return loc(&locs(results[rep])[li])
	}}
	if len(results) > 0 && results[0] != nil {
		s.nLoc = len(locs(results[0]))
	}
	return s
}

// checkSeries reports whether every location of every replication has a
// well-formed timeseries of rows of width values, of replication 0's step
// and bucket count.
func checkSeries(width int, s series) error {
	for i := range s.nRep {
		for li := range s.nLoc {
			ts, a, b := s.at(i, li)
			name := a + "/" + b
			if ts == nil {
				return fmt.Errorf("replication %d, %s: no timeseries (TimeseriesStep is 0)", i, name)
			}
			if math.IsInf(ts.StepSeconds, 0) {
				return fmt.Errorf("replication %d, %s: step %v s is not positive", i, name, ts.StepSeconds)
			}
			if err := ts.Check(); err != nil {
				return fmt.Errorf("replication %d, %s: %w", i, name, err)
			}
			if ts.Width() != width {
				return fmt.Errorf("replication %d, %s: rows of %d values, want %d", i, name, ts.Width(), width)
			}
			if t0, _, _ := s.at(0, li); ts.StepSeconds != t0.StepSeconds || ts.Buckets() != t0.Buckets() {
				return fmt.Errorf("replication %d, %s: %d buckets of %v s, replication 0 has %d of %v s",
					i, name, ts.Buckets(), ts.StepSeconds, t0.Buckets(), t0.StepSeconds)
			}
		}
	}
	return nil
}
