package fit

import (
	"fmt"
	"math"
	"slices"
	"strings"
	"time"

	"github.com/capsim/capsim/models/streams"
	"github.com/capsim/capsim/records"
)

// Options choose what a fit assumes where the records are silent. The zero
// value is the defaults.
type Options struct {
	// Name is the scenario's name ("" → "fitted-<stream group>").
	Name string
	// ExportedAt is when the export was taken; zero: the latest time the
	// records carry (the export was at or after it).
	ExportedAt time.Time
	// Level is the level of every interval (default 0.95).
	Level float64
	// SpikeAlpha is the family-wise level of the spike test (default 0.01).
	SpikeAlpha float64
	// Class is the stream class when no polls give it ("" → DefaultClass).
	Class string
	// EndReason is the reason a player's own end carries: apiTerminated or
	// applicationExit ("" → the more frequent of the two in the records).
	EndReason string
	// Overheads are the non-play parts of a duration (nil → DefaultOverheads).
	Overheads *Overheads
	// Polls is the polled LocationState series, if any.
	Polls *records.PollSet
	// Seed and Replications go into the scenario (defaults 1 and 20).
	Seed         uint64
	Replications int
}

// DefaultClass is the stream class of a fit without polls or Options.Class.
const DefaultClass = "gen4n_high"

// MinWarmup is the least warm-up before the observed period: the scenario
// starts empty at the UTC midnight at least this long before it.
const MinWarmup = 3 * time.Hour

func (o Options) withDefaults() Options {
	if o.Level <= 0 || o.Level >= 1 {
		o.Level = 0.95
	}
	if o.SpikeAlpha <= 0 || o.SpikeAlpha >= 1 {
		o.SpikeAlpha = 0.01
	}
	if o.Overheads == nil {
		d := DefaultOverheads()
		o.Overheads = &d
	}
	if o.Seed == 0 {
		o.Seed = 1
	}
	if o.Replications <= 0 {
		o.Replications = 20
	}
	return o
}

// Streams is a fit of one stream group's records: what fit.json holds,
// and the scenario (Scenario).
type Streams struct {
	Source      string               `json:"source"`
	StreamGroup string               `json:"stream_group"`
	Tally       records.SessionTally `json:"tally"`
	Period      Period               `json:"period"`
	// Virtual0 is the scenario's time 0, a UTC midnight (the hourly curve
	// starts there); Warmup runs from it to the period's start.
	Virtual0 time.Time     `json:"virtual_zero"`
	Warmup   time.Duration `json:"warmup_ns"`
	Level    float64       `json:"level"`
	Curves   []Curve       `json:"arrivals"` // one per location, by name
	// Lengths is the session length fitted to every location's sessions;
	// LocationLengths each location's own, where it has MinLocationEnds own
	// ends or more (nil otherwise: the location's demand uses Lengths).
	Lengths            *LengthFit            `json:"session_length"`
	LocationLengths    map[string]*LengthFit `json:"session_length_by_location"`
	Rates              []Rate                `json:"behaviour"`
	EndReason          string                `json:"end_reason"`
	SessionLengthLimit time.Duration         `json:"session_length_limit_ns"`
	Failures           []Failures            `json:"placement_failures"`
	Capacity           Capacity              `json:"capacity"`
	Defaults           []Default             `json:"defaults"`
	Notes              []string              `json:"notes"`
	opt                Options
}

// Default is a scenario value the records cannot tell, kept at capsim's
// default (or an assumption of the fit), and why.
type Default struct {
	Key   string `json:"key"`
	Value string `json:"value"`
	Why   string `json:"why"`
}

// Failures is one location's ERROR requests by clock hour and reason.
type Failures struct {
	Location string           `json:"location"`
	Hours    []FailureHour    `json:"hours"` // hours with at least one
	Total    map[string]int64 `json:"total"`
}

// FailureHour is one clock hour's ERROR requests by reason.
type FailureHour struct {
	Start    time.Time        `json:"start"`
	ByReason map[string]int64 `json:"by_reason"`
}

// FitStreams fits a scenario to a ListStreamSessions export.
func FitStreams(set *records.SessionSet, opt Options) (*Streams, error) {
	opt = opt.withDefaults()
	if len(set.StreamGroups) > 1 && set.StreamGroup == "" {
		var names []string
		for _, g := range set.StreamGroups {
			names = append(names, fmt.Sprintf("%s (%d)", g.Name, g.Count))
		}
		return nil, fmt.Errorf("%s: sessions of %d stream groups (%s): fit one at a time: choose it (capsim fit --stream-group)",
			set.Source, len(set.StreamGroups), strings.Join(names, ", "))
	}
	if len(set.Sessions) == 0 {
		return nil, fmt.Errorf("%s: no stream session kept (%d records read): nothing to fit", set.Source, set.Tally.Records)
	}
	f := &Streams{Source: set.Source, Tally: set.Tally, Level: opt.Level, opt: opt}
	f.StreamGroup = set.StreamGroup
	if f.StreamGroup == "" && len(set.StreamGroups) == 1 {
		f.StreamGroup = set.StreamGroups[0].Name
	}
	ss, err := f.period(set, opt)
	if err != nil {
		return nil, err
	}
	f.arrivals(set, ss, opt)
	f.Notes = append(f.Notes, spikeNotes(f.Curves)...)
	normal := normalEnd(ss, opt.EndReason)
	f.EndReason = normal.String()
	c := classify(ss, f.Period.End.UnixNano(), *opt.Overheads, normal)
	period := f.periodText()
	if f.Lengths, err = FitLengths(&c.lengths, c.afkHours, opt.Level); err != nil {
		return nil, fmt.Errorf("%s: session length: %w", set.Source, err)
	}
	f.Rates = c.rates(opt.Level, period)
	f.walkAway(c)
	f.locationLengths(set, ss, normal)
	f.limit(c)
	f.notes(c, opt)
	f.failures(set, ss)
	if err := f.capacity(set, ss); err != nil {
		return nil, err
	}
	f.defaults()
	return f, nil
}

// period fixes the observed span and returns the sessions inside it.
func (f *Streams) period(set *records.SessionSet, opt Options) ([]records.Session, error) {
	end := set.ExportedAt + 1 // the export came after the latest time the records carry
	if !opt.ExportedAt.IsZero() {
		end = opt.ExportedAt.UnixNano()
	}
	ss := set.Sessions
	if i, _ := slices.BinarySearchFunc(ss, end, func(s records.Session, t int64) int {
		return cmpInt(s.CreatedAt, t)
	}); i < len(ss) {
		f.Notes = append(f.Notes, fmt.Sprintf("%d sessions created at or after the export time given (%s) left out", len(ss)-i, time.Unix(0, end).UTC().Format(time.RFC3339)))
		ss = ss[:i]
	}
	if len(ss) == 0 {
		return nil, fmt.Errorf("%s: no session created before the export time %s", set.Source, time.Unix(0, end).UTC().Format(time.RFC3339))
	}
	start := time.Unix(0, ss[0].CreatedAt).UTC().Truncate(time.Hour)
	f.Period = Period{Start: start, End: time.Unix(0, end).UTC()}
	v0 := start.Add(-MinWarmup)
	f.Virtual0 = time.Date(v0.Year(), v0.Month(), v0.Day(), 0, 0, 0, 0, time.UTC)
	f.Warmup = start.Sub(f.Virtual0)
	return ss, nil
}

func cmpInt(a, b int64) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// periodText names the period in comments.
func (f *Streams) periodText() string {
	return fmt.Sprintf("%s to %s (%.1f h)", f.Period.Start.Format("2006-01-02T15:04Z"), f.Period.End.Format("2006-01-02T15:04Z"), f.Period.Hours())
}

// primary is the location a session without one is counted at: the
// location with the most sessions.
func primary(set *records.SessionSet, ss []records.Session) uint16 {
	counts := make([]int, len(set.Locations))
	for i := range ss {
		if set.Locations[ss[i].Location] != "" {
			counts[ss[i].Location]++
		}
	}
	best := 0
	for i := range counts {
		if counts[i] > counts[best] || counts[i] == counts[best] && set.Locations[i] < set.Locations[best] {
			best = i
		}
	}
	return uint16(best)
}

// arrivals fits each location's curve.
func (f *Streams) arrivals(set *records.SessionSet, ss []records.Session, opt Options) {
	p := primary(set, ss)
	by := map[string][]int64{}
	moved := 0
	for i := range ss {
		l := ss[i].Location
		if set.Locations[l] == "" {
			l = p
			moved++
		}
		by[set.Locations[l]] = append(by[set.Locations[l]], ss[i].CreatedAt)
	}
	if moved > 0 {
		f.Notes = append(f.Notes, fmt.Sprintf("%d sessions without a Location counted at %s, the location with the most sessions", moved, set.Locations[p]))
	}
	names := make([]string, 0, len(by))
	for n := range by {
		names = append(names, n)
	}
	slices.Sort(names)
	for _, n := range names {
		f.Curves = append(f.Curves, newCurve(n, f.Period, by[n], opt.Level, opt.SpikeAlpha))
	}
}

// MinLocationEnds is the least number of a location's own ends its
// length is fitted to alone; below, it takes the fit over every location.
const MinLocationEnds = 300

// locationLengths fits each location's lengths on its own sessions:
// players of different places play differently.
func (f *Streams) locationLengths(set *records.SessionSet, ss []records.Session, normal records.Reason) {
	f.LocationLengths = map[string]*LengthFit{}
	if len(f.Curves) < 2 {
		return
	}
	by := map[string][]records.Session{}
	for i := range ss {
		n := set.Locations[ss[i].Location]
		by[n] = append(by[n], ss[i])
	}
	for _, cv := range f.Curves {
		c := classify(by[cv.Place], f.Period.End.UnixNano(), *f.opt.Overheads, normal)
		if c.lengths.Events < MinLocationEnds {
			continue
		}
		if lf, err := FitLengths(&c.lengths, c.afkHours, f.Level); err == nil {
			f.LocationLengths[cv.Place] = lf
		}
	}
}

// lengthOf returns the length fit a location's demand uses, and whether
// it is the location's own.
func (f *Streams) lengthOf(loc string) (*LengthFit, bool) {
	if lf := f.LocationLengths[loc]; lf != nil {
		return lf, true
	}
	return f.Lengths, false
}

// walkAway sets the walk-away rate from the length fit: fitted jointly
// with the lengths, since a walk-away cancels the player's own end and
// shows only if nothing else ends the session within the idle timeout.
// Its interval is the joint fit's (Wald, on the log scale); with no
// walk-away seen, Garwood's over the hours at risk.
func (f *Streams) walkAway(c *classified) {
	r := f.rate("afk_rate_per_hour")
	b := f.Lengths.Best()
	if c.idles == 0 || b == nil || math.IsNaN(b.WalkAway.Low) {
		return
	}
	r.Est, r.Of = b.WalkAway, float64(c.idles)/b.WalkAway.Value
	r.Data = "walk-aways (idleTimeout ends) per connected hour, fitted with the session length (" + b.Family + "), " + f.periodText()
}

// limit sets SessionLengthSeconds from the length-limit ends, if any.
func (f *Streams) limit(c *classified) {
	if d, ok := c.lengthLimit(); ok {
		f.SessionLengthLimit = d
		return
	}
	f.SessionLengthLimit = 0
}

// notes records how untidy records were read.
func (f *Streams) notes(c *classified, opt Options) {
	if c.noReasonEnds > 0 {
		f.Notes = append(f.Notes, fmt.Sprintf("%d ended sessions carry no StatusReason (reasons began 2025-10-24, A15): taken as the players' own ends", c.noReasonEnds))
	}
	if c.unknownEnds > 0 {
		f.Notes = append(f.Notes, fmt.Sprintf("%d sessions ended for a reason capsim does not model: their lengths are censored there", c.unknownEnds))
	}
	for r, n := range c.otherErrors {
		f.Notes = append(f.Notes, fmt.Sprintf("%d requests ended in ERROR %s, which capsim does not model: counted as requests, not as placements", n, r))
	}
	slices.Sort(f.Notes)
}

// failures counts ERROR requests by location, clock hour and reason.
func (f *Streams) failures(set *records.SessionSet, ss []records.Session) {
	byLoc := map[string]*Failures{}
	p := primary(set, ss)
	t0 := f.Period.Start.UnixNano()
	for i := range ss {
		s := &ss[i]
		if s.Status != streams.StatusError {
			continue
		}
		l := s.Location
		if set.Locations[l] == "" {
			l = p
		}
		name := set.Locations[l]
		fl := byLoc[name]
		if fl == nil {
			fl = &Failures{Location: name, Total: map[string]int64{}}
			byLoc[name] = fl
		}
		start := f.Period.Start.Add(time.Duration((s.CreatedAt-t0)/int64(time.Hour)) * time.Hour)
		if n := len(fl.Hours); n == 0 || !fl.Hours[n-1].Start.Equal(start) {
			fl.Hours = append(fl.Hours, FailureHour{Start: start, ByReason: map[string]int64{}})
		}
		fl.Hours[len(fl.Hours)-1].ByReason[s.Reason.String()]++
		fl.Total[s.Reason.String()]++
	}
	for _, c := range f.Curves {
		if fl := byLoc[c.Place]; fl != nil {
			f.Failures = append(f.Failures, *fl)
		}
	}
}
