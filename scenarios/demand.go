package scenarios

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"math"
	"path"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/capsim/capsim/models/streams"
	"github.com/capsim/capsim/sim"
	"gonum.org/v1/gonum/stat/distuv"
)

func (b *builder) demands(cfg *streams.Config) {
	sc, p := b.sc, b.p
	if len(sc.Demands) == 0 && (len(sc.StreamGroups) > 0 || len(sc.Fleets) == 0) {
		p.add("demand", "a scenario needs at least one [[demand]]")
	}
	names := map[string]bool{}
	for i, d := range sc.Demands {
		path := fmt.Sprintf("demand[%d]", i)
		if names[d.Name] {
			p.add(path+".name", "demand %q is defined twice", d.Name)
		}
		names[d.Name] = true
		dc := streams.DemandConfig{Name: d.Name}
		gi := b.groupIndex(d.StreamGroup)
		if gi < 0 {
			p.add(path+".stream_group", "unknown stream group %q", d.StreamGroup)
		} else {
			dc.Group = gi
			seen := map[string]bool{}
			for li, n := range d.Locations {
				lp := fmt.Sprintf("%s.locations[%d]", path, li)
				if !b.everPresent[gi][n] {
					p.add(lp, "location %q is not in stream group %q (nor added by the timeline)", n, d.StreamGroup)
				}
				if seen[n] {
					p.add(lp, "location %q is listed twice", n)
				}
				seen[n] = true
			}
			if len(d.Locations) == 0 && b.sc.src.lines.has(path+".locations") {
				p.add(path+".locations", "an empty list names no location; leave locations out to use every location of stream group %q", d.StreamGroup)
			}
			if len(d.Locations) > 64 {
				p.add(path+".locations", "at most 64 locations per demand, got %d", len(d.Locations))
			}
			dc.Locations = d.Locations
		}
		var hasLengths bool
		dc.Arrivals, hasLengths = b.arrivals(path+".arrivals", d.Arrivals)
		if !hasLengths || b.sc.src.lines.has(path+".session_length") {
			dc.SessionLength = b.length(path+".session_length", d.SessionLength)
		}
		if d.SessionStartDelay != nil {
			dc.SessionStartDelay = b.dist(path+".session_start_delay", *d.SessionStartDelay)
		}
		dc.Client = b.client(path+".client", d.Client)
		cfg.Demands = append(cfg.Demands, dc)
	}
}

func (b *builder) client(path string, c Client) streams.Client {
	b.probability(path+".no_show_probability", c.NoShowProbability)
	b.probability(path+".reconnect_probability", c.ReconnectProbability)
	b.rate(path+".disconnect_rate_per_hour", c.DisconnectRatePerHour)
	b.rate(path+".afk_rate_per_hour", c.AFKRatePerHour)
	b.rate(path+".crash_rate_per_hour", c.CrashRatePerHour)
	if c.ConnectionTimeout < time.Second || c.ConnectionTimeout > time.Hour {
		b.p.add(path+".connection_timeout", "ConnectionTimeoutSeconds must be 1s–3600s, got %v", c.ConnectionTimeout)
	}
	if c.SessionLengthLimit < time.Second || c.SessionLengthLimit > 24*time.Hour {
		b.p.add(path+".session_length_limit", "SessionLengthSeconds must be 1s–86400s, got %v", c.SessionLengthLimit)
	}
	r, ok := streams.ParseReason(c.EndReason)
	if !ok || (r != streams.ReasonAPITerminated && r != streams.ReasonApplicationExit) {
		b.p.add(path+".end_reason", "how a normal end is recorded: apiTerminated or applicationExit, got %q", c.EndReason)
	}
	return streams.Client{
		ConnectDelay:          b.dist(path+".connect_delay", c.ConnectDelay),
		NoShowProbability:     c.NoShowProbability,
		DisconnectRatePerHour: c.DisconnectRatePerHour,
		ReconnectProbability:  c.ReconnectProbability,
		ReconnectDelay:        b.dist(path+".reconnect_delay", c.ReconnectDelay),
		AFKRatePerHour:        c.AFKRatePerHour,
		CrashRatePerHour:      c.CrashRatePerHour,
		EndReason:             r,
		ConnectionTimeout:     c.ConnectionTimeout,
		SessionLengthLimit:    c.SessionLengthLimit,
	}
}

// arrivals builds the arrival process; it reports whether a trace carries
// session lengths.
func (b *builder) arrivals(path string, a Arrivals) (streams.Arrivals, bool) {
	p, ix := b.p, b.sc.src.lines
	switch a.Process {
	case "poisson":
		if a.File != "" {
			p.add(path+".file", "file goes with process = \"trace\"")
		}
		hasRate, hasHourly := ix.has(path+".rate_per_hour"), ix.has(path+".hourly")
		if hasRate && hasHourly {
			p.add(path+".hourly", "give rate_per_hour or hourly, not both")
		}
		if !hasRate && !hasHourly && len(a.Spikes) == 0 {
			p.add(path, "poisson arrivals need rate_per_hour, hourly (24 rates) or spikes")
		}
		b.rate(path+".rate_per_hour", a.RatePerHour)
		if hasHourly && len(a.Hourly) != 24 {
			p.add(path+".hourly", "needs exactly 24 hourly rates (hour 0 to 23), got %d", len(a.Hourly))
		}
		for i, h := range a.Hourly {
			b.rate(fmt.Sprintf("%s.hourly[%d]", path, i), h)
		}
		if len(a.Spikes) > MaxSpikesPerDemand {
			// drawing an arrival costs time in proportion to the number of
			// spikes, and there are more arrivals with more spikes
			p.add(path+".spikes", "%d spikes is beyond the limit of %d per demand; merge overlapping spikes or use a trace", len(a.Spikes), MaxSpikesPerDemand)
		} else if len(a.Spikes) > 0 {
			peak := a.RatePerHour
			for _, h := range a.Hourly {
				peak = max(peak, h)
			}
			for _, s := range a.Spikes {
				peak += max(s.PeakPerHour, 0)
			}
			if work := peak * b.sc.Simulation.Horizon.Hours() * float64(len(a.Spikes)); work > MaxSpikeWork {
				p.add(path+".spikes", "%d spikes with peaks summing to %.3g per hour over %v make about %.3g spike-rate evaluations per replication, beyond the limit of %.3g; use fewer or lower spikes, or a trace",
					len(a.Spikes), peak, b.sc.Simulation.Horizon, work, MaxSpikeWork)
			}
		}
		pp := &streams.Poisson{RatePerHour: a.RatePerHour, Hourly: a.Hourly}
		for i, s := range a.Spikes {
			sp := fmt.Sprintf("%s.spikes[%d]", path, i)
			for _, f := range []struct {
				k string
				d time.Duration
			}{{"start", s.Start}, {"ramp", s.Ramp}, {"hold", s.Hold}, {"decay", s.Decay}} {
				if f.d < 0 {
					p.add(sp+"."+f.k, "must not be negative, got %v", f.d)
				}
			}
			if !(s.PeakPerHour > 0) || math.IsInf(s.PeakPerHour, 0) {
				p.add(sp+".peak_per_hour", "must be > 0, got %g", s.PeakPerHour)
			}
			pp.Spikes = append(pp.Spikes, streams.Spike{Start: s.Start, Ramp: s.Ramp, Hold: s.Hold, Decay: s.Decay, PeakPerHour: s.PeakPerHour})
		}
		return pp, false
	case "trace":
		if a.File == "" {
			p.add(path+".file", "trace arrivals need file = \"trace.csv\"")
			return nil, false
		}
		if ix.has(path+".rate_per_hour") || ix.has(path+".hourly") || len(a.Spikes) > 0 {
			p.add(path, "rate_per_hour, hourly and spikes go with process = \"poisson\"")
		}
		t, err := readTrace(b.sc.src.fsys, a.File)
		if err != nil {
			p.add(path+".file", "%v", err)
			return nil, false
		}
		return t, t.Lengths != nil
	case "":
		p.add(path+".process", "missing: poisson or trace")
	default:
		p.add(path+".process", "unknown arrival process %q (valid: poisson, trace)", a.Process)
	}
	return nil, false
}

// dist builds a distribution, checking that only its own parameters are set.
func (b *builder) dist(path string, d DistSpec) sim.Dist {
	p, ix := b.p, b.sc.src.lines
	params := map[string][]string{
		"fixed": {"value"}, "exponential": {"mean"}, "lognormal": {"median", "sigma"},
		"gamma": {"mean", "shape"}, "empirical": {"file"},
	}
	want, ok := params[d.Dist]
	if !ok {
		if d.Dist == "" {
			p.add(path+".dist", "missing: fixed, exponential, lognormal, gamma or empirical")
		} else {
			p.add(path+".dist", "unknown distribution %q (valid: fixed, exponential, lognormal, gamma, empirical)", d.Dist)
		}
		return nil
	}
	for _, k := range []string{"value", "mean", "median", "sigma", "shape", "file"} {
		if ix.has(path+"."+k) && !slices.Contains(want, k) {
			p.add(path+"."+k, "%s does not apply to the %s distribution (it takes %s)", k, d.Dist, strings.Join(want, ", "))
		}
	}
	positive := func(k string, v time.Duration) bool {
		if v <= 0 {
			p.add(path+"."+k, "must be positive, got %v", v)
			return false
		}
		return true
	}
	switch d.Dist {
	case "fixed":
		if d.Value < 0 {
			p.add(path+".value", "must not be negative, got %v", d.Value)
			return nil
		}
		return sim.Fixed{D: d.Value}
	case "exponential":
		if positive("mean", d.Mean) {
			return sim.Exponential{M: d.Mean}
		}
	case "lognormal":
		ok := positive("median", d.Median)
		if !(d.Sigma >= 0 && d.Sigma <= 5) {
			p.add(path+".sigma", "must be between 0 and 5, got %g", d.Sigma)
			ok = false
		}
		if ok {
			return sim.LogNormal{Median: d.Median, Sigma: d.Sigma}
		}
	case "gamma":
		ok := positive("mean", d.Mean)
		if !(d.Shape > 0) || math.IsInf(d.Shape, 0) {
			p.add(path+".shape", "must be > 0, got %g", d.Shape)
			ok = false
		}
		if ok {
			return sim.Gamma{M: d.Mean, K: d.Shape}
		}
	case "empirical":
		if d.File == "" {
			p.add(path+".file", "an empirical distribution needs file = \"lengths.csv\"")
			return nil
		}
		vals, err := readDurations(b.sc.src.fsys, d.File)
		if err == nil {
			var e *sim.Empirical
			if e, err = sim.NewEmpirical(vals); err == nil {
				return e
			}
		}
		p.add(path+".file", "%v", err)
	}
	return nil
}

// maxZeroLength is the largest probability of a session or game that ends
// as it starts (a draw under half a nanosecond rounds to 0 ticks) that a
// length distribution may have.
const maxZeroLength = 1e-6

// length builds a distribution of session or game lengths: one whose draws
// can be 0 is rejected, since a session of no length is no session.
func (b *builder) length(path string, d DistSpec) sim.Dist {
	dist := b.dist(path, d)
	if dist == nil {
		return nil
	}
	const half = 0.5e-9 // seconds: a draw below rounds to 0 ticks
	var p0 float64
	switch v := dist.(type) {
	case sim.Fixed:
		if v.D <= 0 {
			b.p.add(path+".value", "a length must be positive, got %v", v.D)
			return nil
		}
	case sim.Exponential:
		p0 = -math.Expm1(-half / v.M.Seconds())
	case sim.LogNormal:
		if v.Sigma == 0 {
			if v.Median.Seconds() < half {
				p0 = 1
			}
		} else {
			p0 = distuv.UnitNormal.CDF((math.Log(half) - math.Log(v.Median.Seconds())) / v.Sigma)
		}
	case sim.Gamma:
		p0 = distuv.Gamma{Alpha: v.K, Beta: v.K / v.M.Seconds()}.CDF(half)
	case *sim.Empirical:
		if v.Min() <= 0 {
			b.p.add(path+".file", "%s: every length must be positive, got %v", d.File, v.Min())
			return nil
		}
	}
	if !(p0 <= maxZeroLength) {
		key := "mean"
		if d.Dist == "gamma" {
			key = "shape"
		} else if d.Dist == "lognormal" {
			key = "median"
		}
		b.p.add(path+"."+key, "%s draws a length of 0 with probability %.2g (at most %g allowed): a session must last; raise the %s", dist, p0, maxZeroLength, key)
		return nil
	}
	return dist
}

// parseDurationCell reads "90s", "1h30m" or a plain number of seconds, at
// most MaxHorizon (beyond it a number of seconds would overflow int64 ns).
func parseDurationCell(s string) (time.Duration, error) {
	s = strings.TrimSpace(s)
	if f, err := strconv.ParseFloat(s, 64); err == nil {
		if !(f >= 0) || f > MaxHorizon.Seconds() {
			return 0, fmt.Errorf("%s is not a number of seconds between 0 and %.0f (100 years)", quoted(s), MaxHorizon.Seconds())
		}
		return time.Duration(math.Round(f * 1e9)), nil
	}
	d, err := time.ParseDuration(s)
	if err != nil {
		return 0, fmt.Errorf("%s is neither seconds nor a duration like 90s", quoted(s))
	}
	if d < 0 {
		return 0, fmt.Errorf("negative duration %s", quoted(s))
	}
	if d > MaxHorizon {
		return 0, fmt.Errorf("%s is beyond the limit of 100 years", quoted(s))
	}
	return d, nil
}

// openCSV opens a file named by the scenario, relative to the scenario's
// directory, as a CSV reader limited to MaxDataFileBytes.
func openCSV(fsys fs.FS, name string) (*csv.Reader, func() error, error) {
	if fsys == nil {
		return nil, nil, fmt.Errorf("cannot read %s: no directory to read it from", quoted(name))
	}
	rel, err := dataPath(name)
	if err != nil {
		return nil, nil, err
	}
	f, err := fsys.Open(rel)
	if err != nil {
		return nil, nil, fmt.Errorf("cannot read %s: %v", quoted(name), errText(err))
	}
	if st, err := f.Stat(); err == nil {
		switch {
		case st.IsDir():
			f.Close()
			return nil, nil, fmt.Errorf("cannot read %s: is a directory", quoted(name))
		case st.Mode().IsRegular() && st.Size() > MaxDataFileBytes:
			f.Close()
			return nil, nil, tooLarge(name, MaxDataFileBytes)
		}
	}
	lr := &limitedReader{r: f, left: MaxDataFileBytes, name: name}
	r := csv.NewReader(lr)
	r.Comment = '#'
	r.FieldsPerRecord = -1
	r.TrimLeadingSpace = true
	r.ReuseRecord = true
	return r, f.Close, nil
}

// limitError is a file or line beyond a size limit.
type limitError struct{ msg string }

func (e *limitError) Error() string { return e.msg }

// csvError is an error reading a CSV file: a size limit as it is, a syntax
// error with the file name.
func csvError(name string, err error) error {
	var le *limitError
	if errors.As(err, &le) {
		return le
	}
	return fmt.Errorf("%s: %v", name, err)
}

// MaxLineBytes bounds one line of a CSV file: a trace row is a few dozen
// bytes, and the CSV reader holds a whole line in memory.
const MaxLineBytes = 64 << 10

// limitedReader fails with a clear error, instead of a silent end of file,
// once more than left bytes are read (a pipe or /dev/zero has no size) or a
// line is longer than MaxLineBytes.
type limitedReader struct {
	r       io.Reader
	left    int64
	name    string
	line    int // lines completed so far
	lineLen int // bytes of the current line so far
}

func (l *limitedReader) Read(p []byte) (int, error) {
	if l.left < 0 {
		return 0, tooLarge(l.name, MaxDataFileBytes)
	}
	if int64(len(p)) > l.left+1 {
		p = p[:l.left+1]
	}
	n, err := l.r.Read(p)
	l.left -= int64(n)
	if l.left < 0 {
		return n, tooLarge(l.name, MaxDataFileBytes)
	}
	chunk := p[:n]
	if i := bytes.LastIndexByte(chunk, '\n'); i >= 0 {
		l.line += bytes.Count(chunk, []byte{'\n'})
		l.lineLen = n - i - 1
	} else {
		l.lineLen += n
	}
	if l.lineLen > MaxLineBytes {
		return n, &limitError{fmt.Sprintf("%s:%d: line longer than the limit of %d bytes", clip(l.name, MaxQuoteBytes), l.line+1, MaxLineBytes)}
	}
	return n, err
}

// dataPath checks the rule for files a scenario names: a path relative to
// the scenario's directory that stays inside it.
func dataPath(name string) (string, error) {
	rel := path.Clean(strings.ReplaceAll(name, "\\", "/"))
	if name == "" || path.IsAbs(rel) || filepath.IsAbs(name) || rel == ".." || strings.HasPrefix(rel, "../") || !fs.ValidPath(rel) {
		return "", fmt.Errorf("%s: a file is named by a path relative to the scenario's directory that stays inside it (e.g. \"trace.csv\" or \"data/trace.csv\"); absolute paths and \"..\" are not allowed", quoted(name))
	}
	return rel, nil
}

// readTrace reads a trace CSV: a header naming the columns "at" (required:
// seconds or a duration since the start) and "session_length" (optional).
func readTrace(fsys fs.FS, file string) (*streams.Trace, error) {
	r, closeFn, err := openCSV(fsys, file)
	if err != nil {
		return nil, err
	}
	defer closeFn()
	name := clip(file, MaxQuoteBytes)
	header, err := r.Read()
	if err != nil && err != io.EOF {
		return nil, csvError(name, err)
	}
	if err != nil {
		return nil, fmt.Errorf("%s: no header line (want: at[,session_length])", name)
	}
	atCol, lenCol := -1, -1
	for i, h := range header {
		switch strings.TrimSpace(h) {
		case "at":
			atCol = i
		case "session_length":
			lenCol = i
		}
	}
	if atCol < 0 {
		return nil, fmt.Errorf("%s: header has no \"at\" column (want: at[,session_length])", name)
	}
	t := &streams.Trace{Source: file}
	for line := 2; ; line++ {
		rec, err := r.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, csvError(name, err)
		}
		if len(t.At) >= maxTraceRecords {
			return nil, fmt.Errorf("%s: more than %d records", name, maxTraceRecords)
		}
		if atCol >= len(rec) {
			return nil, fmt.Errorf("%s:%d: missing \"at\" value", name, line)
		}
		at, err := parseDurationCell(rec[atCol])
		if err != nil {
			return nil, fmt.Errorf("%s:%d: at: %v", name, line, err)
		}
		if n := len(t.At); n > 0 && at < t.At[n-1] {
			return nil, fmt.Errorf("%s:%d: arrivals must be sorted by time (%v after %v)", name, line, at, t.At[n-1])
		}
		t.At = append(t.At, at)
		if lenCol >= 0 {
			if lenCol >= len(rec) {
				return nil, fmt.Errorf("%s:%d: missing session_length value", name, line)
			}
			l, err := parseDurationCell(rec[lenCol])
			if err != nil || l == 0 {
				if err == nil {
					err = fmt.Errorf("must be positive")
				}
				return nil, fmt.Errorf("%s:%d: session_length: %v", name, line, err)
			}
			t.Lengths = append(t.Lengths, l)
		}
	}
	if len(t.At) == 0 {
		return nil, fmt.Errorf("%s: no arrivals", name)
	}
	return t, nil
}

// readDurations reads one duration per line (first column; a header line
// that is not a duration is skipped).
func readDurations(fsys fs.FS, file string) ([]time.Duration, error) {
	r, closeFn, err := openCSV(fsys, file)
	if err != nil {
		return nil, err
	}
	defer closeFn()
	name := clip(file, MaxQuoteBytes)
	var out []time.Duration
	for line := 1; ; line++ {
		rec, err := r.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, csvError(name, err)
		}
		if len(rec) == 0 || strings.TrimSpace(rec[0]) == "" {
			continue
		}
		d, err := parseDurationCell(rec[0])
		if err != nil {
			if line == 1 {
				continue // header
			}
			return nil, fmt.Errorf("%s:%d: %v", name, line, err)
		}
		if len(out) >= maxTraceRecords {
			return nil, fmt.Errorf("%s: more than %d values", name, maxTraceRecords)
		}
		out = append(out, d)
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("%s: no durations", name)
	}
	return out, nil
}

// limits rejects scenarios that would exhaust memory or run for days, and
// sets the event budget.
func (b *builder) limits(cfg *streams.Config) {
	if len(b.p.errs) > 0 || cfg.Horizon <= 0 {
		return
	}
	sc := b.sc
	var expected, concurrent float64
	for i, d := range cfg.Demands {
		if d.Arrivals == nil {
			continue
		}
		n := d.Arrivals.ExpectedCount(cfg.Horizon)
		expected += n
		b.streamsExpected += n
		if n > MaxArrivalsPerRun {
			b.p.add(fmt.Sprintf("demand[%d].arrivals", i), "about %.3g requests per replication is beyond the limit of %d", n, MaxArrivalsPerRun)
		}
		var mean time.Duration
		if d.SessionLength != nil {
			mean = d.SessionLength.Mean()
		}
		if pp, ok := d.Arrivals.(*streams.Poisson); ok {
			peak := pp.RatePerHour
			for _, h := range pp.Hourly {
				peak = max(peak, h)
			}
			for _, s := range pp.Spikes {
				peak += s.PeakPerHour
			}
			concurrent += peak * (mean + 20*time.Minute).Hours()
		}
	}
	if concurrent > MaxConcurrentSessions {
		b.p.add("demand", "about %.3g sessions in flight at the peak is beyond the limit of %d", concurrent, MaxConcurrentSessions)
	}
	locs := 0
	for _, g := range cfg.Groups {
		locs += len(g.Locations)
	}
	for _, a := range cfg.Timeline {
		locs += len(a.Locations)
	}
	for _, f := range sc.Fleets {
		locs += len(f.Locations)
	}
	points := float64(cfg.Horizon/cfg.TimeseriesStep) * float64(locs) * float64(sc.Simulation.Replications)
	if points > MaxTimeseriesPoints {
		b.p.add("simulation.timeseries_step", "%v over %v, %d locations and %d replications makes %.3g timeseries points, beyond the limit of %d; use a longer step",
			cfg.TimeseriesStep, cfg.Horizon, locs, sc.Simulation.Replications, points, MaxTimeseriesPoints)
	}
	cfg.MaxEvents = uint64(sc.Simulation.MaxEvents)
	if cfg.MaxEvents == 0 {
		// About 10 events per session plus sampling: 100 per expected arrival
		// leaves room for bursts while still stopping a runaway scenario.
		cfg.MaxEvents = uint64(100*expected) + uint64(cfg.Horizon/cfg.TimeseriesStep)*2 + 1_000_000
	}
}
