package fit

import (
	"fmt"
	"math"
	"slices"
	"strings"
	"time"

	"github.com/capsim/capsim/records"
	"github.com/capsim/capsim/scenarios"
)

// FleetOptions choose what a fleet fit assumes where the records are
// silent.
type FleetOptions struct {
	Name       string
	ExportedAt time.Time // zero: the latest time the records carry
	Level      float64   // default 0.95
	SpikeAlpha float64   // default 0.01
	// Kind is the fleet's kind (ec2, container, anywhere): the records do
	// not say ("" → ec2).
	Kind string
	// PriceUSDPerHour is the On-Demand price per instance-hour: capsim
	// ships no GameLift Servers price and the records carry none.
	PriceUSDPerHour float64
	// Metrics are the fleet's CloudWatch exports, if any.
	Metrics      *records.MetricSet
	Seed         uint64
	Replications int
}

// Fleets is a fit of one fleet's game sessions (and CloudWatch metrics).
type Fleets struct {
	Source   string                   `json:"source"`
	Fleet    string                   `json:"fleet"`
	Tally    records.GameSessionTally `json:"tally"`
	Period   Period                   `json:"period"`
	Virtual0 time.Time                `json:"virtual_zero"`
	Warmup   time.Duration            `json:"warmup_ns"`
	Level    float64                  `json:"level"`
	// Curves are the game sessions created per hour, per location: the
	// placements that succeeded (a placement that timed out makes no game
	// session; CloudWatch's PlacementsTimedOut counts those).
	Curves     []Curve    `json:"arrivals"`
	Lengths    *LengthFit `json:"game_length"`
	Rates      []Rate     `json:"rates"`
	MaxPlayers int        `json:"max_players"`
	// ProcessesPerInstance is the most games at once over the most
	// instances at once (with ActiveInstances; 1 without).
	ProcessesPerInstance int    `json:"processes_per_instance"`
	ProcessesFrom        string `json:"processes_from"`
	// Instances are each location's instances from CloudWatch's
	// ActiveInstances (or the most games at once, without it).
	Instances []LocationInstances `json:"instances"`
	Metrics   []MetricTotal       `json:"cloudwatch,omitempty"`
	Defaults  []Default           `json:"defaults"`
	Notes     []string            `json:"notes"`
	opt       FleetOptions
}

// LocationInstances is what the records say of a location's instances.
type LocationInstances struct {
	Location    string  `json:"location"`
	Min         int     `json:"min"`
	Max         int     `json:"max"`
	Mean        float64 `json:"mean"`
	From        string  `json:"from"`
	PeakGames   int     `json:"peak_games"`
	HoursPolled float64 `json:"hours"`
}

// MetricTotal is one CloudWatch series summed (counts) or averaged.
type MetricTotal struct {
	Metric   string  `json:"metric"`
	Location string  `json:"location,omitempty"`
	Points   int     `json:"points"`
	Sum      float64 `json:"sum"`
	Mean     float64 `json:"mean"`
	Min      float64 `json:"min"`
	Max      float64 `json:"max"`
	Partial  bool    `json:"partial"`
}

// FitFleets fits a scenario to a fleet's game session records.
func FitFleets(set *records.GameSessionSet, opt FleetOptions) (*Fleets, error) {
	if opt.Level <= 0 || opt.Level >= 1 {
		opt.Level = 0.95
	}
	if opt.SpikeAlpha <= 0 || opt.SpikeAlpha >= 1 {
		opt.SpikeAlpha = 0.01
	}
	if opt.Kind == "" {
		opt.Kind = "ec2"
	}
	if opt.Seed == 0 {
		opt.Seed = 1
	}
	if opt.Replications <= 0 {
		opt.Replications = 20
	}
	switch {
	case len(set.Fleets) > 1:
		return nil, fmt.Errorf("%s: game sessions of %d fleets (%s): fit one at a time: choose it (capsim fit --fleet)", set.Source, len(set.Fleets), strings.Join(set.Fleets, ", "))
	case len(set.Sessions) == 0:
		return nil, fmt.Errorf("%s: no game session kept (%d records read): nothing to fit", set.Source, set.Tally.Records)
	case !(opt.PriceUSDPerHour > 0) && opt.Kind != "anywhere":
		return nil, fmt.Errorf("%s: capsim ships no GameLift Servers prices and the records carry none: give the fleet's USD per instance-hour", set.Source)
	}
	f := &Fleets{Source: set.Source, Fleet: set.Fleets[0], Tally: set.Tally, Level: opt.Level, opt: opt}
	end := set.ExportedAt + 1 // the export came after the latest time the records carry
	if !opt.ExportedAt.IsZero() {
		end = opt.ExportedAt.UnixNano()
	}
	ss := set.Sessions
	if i := slices.IndexFunc(ss, func(g records.GameSession) bool { return g.CreatedAt >= end }); i >= 0 {
		f.Notes = append(f.Notes, fmt.Sprintf("%d game sessions created at or after the export time given left out", len(ss)-i))
		ss = ss[:i]
	}
	if len(ss) == 0 {
		return nil, fmt.Errorf("%s: no game session created before the export time", set.Source)
	}
	start := time.Unix(0, ss[0].CreatedAt).UTC().Truncate(time.Hour)
	f.Period = Period{Start: start, End: time.Unix(0, end).UTC()}
	v0 := start.Add(-MinWarmup)
	f.Virtual0 = time.Date(v0.Year(), v0.Month(), v0.Day(), 0, 0, 0, 0, time.UTC)
	f.Warmup = start.Sub(f.Virtual0)
	by := map[string][]int64{}
	for i := range ss {
		n := set.Locations[ss[i].Location]
		by[n] = append(by[n], ss[i].CreatedAt)
	}
	for _, n := range sortedKeys(by) {
		f.Curves = append(f.Curves, newCurve(n, f.Period, by[n], opt.Level, opt.SpikeAlpha))
	}
	f.Notes = append(f.Notes, spikeNotes(f.Curves)...)
	if err := f.games(set, ss, end); err != nil {
		return nil, err
	}
	f.instances(set, ss, end)
	f.fleetDefaults()
	return f, nil
}

func sortedKeys[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}

// games fits the game length and the interruption and error rates. A
// game's length runs from CreationTime less the default activation time
// (ACTIVATING is not in the records) to TerminationTime; an interrupted,
// terminated-by-call or still active game is censored; one ended without
// a TerminationTime is censored at the export.
func (f *Fleets) games(set *records.GameSessionSet, ss []records.GameSession, end int64) error {
	act := distMean(scenarios.DefaultFleet().ActivationTime).Seconds()
	var l Lengths
	var interrupted, errs, ended int64
	var gameHours float64
	players := map[int32]int{}
	for i := range ss {
		g := &ss[i]
		players[g.MaxPlayers]++
		if g.Status == records.GameError {
			errs++
			continue
		}
		stop, observed := end, false
		switch {
		case g.Status.Ended() && g.TerminatedAt != 0:
			stop = g.TerminatedAt
			ended++
			observed = g.Reason == records.GameReasonNone
			if g.Reason == records.GameReasonInterrupted {
				interrupted++
			}
		}
		x := float64(stop-g.CreatedAt)/1e9 - act
		gameHours += max(x, 0) / 3600
		if observed {
			l.AddEnd(x)
		} else {
			l.AddCut(x)
		}
	}
	lf, err := FitLengths(&l, 1, f.Level)
	if err != nil {
		return fmt.Errorf("%s: game length: %w", f.Source, err)
	}
	f.Lengths = lf
	period := f.periodText()
	f.Rates = []Rate{
		{Name: "interruptions (INTERRUPTED)", Kind: "per game hour", Count: interrupted, Of: gameHours,
			Est: PoissonRate(interrupted, gameHours, f.Level), Data: "INTERRUPTED ends per game hour, " + period},
		{Name: "activation failures (ERROR)", Kind: "share", Count: errs, Of: float64(len(ss)),
			Est: Proportion(errs, int64(len(ss)), f.Level), Data: "ERROR game sessions among all, " + period},
	}
	best, n := int32(1), 0
	for p, c := range players {
		if p > 0 && (c > n || c == n && p < best) {
			best, n = p, c
		}
	}
	f.MaxPlayers = int(best)
	return nil
}

func (f *Fleets) periodText() string {
	return fmt.Sprintf("%s to %s (%.1f h)", f.Period.Start.Format("2006-01-02T15:04Z"), f.Period.End.Format("2006-01-02T15:04Z"), f.Period.Hours())
}

// instances reads each location's instances from ActiveInstances, and
// the interruption rate per instance-hour from InstanceInterruptions.
func (f *Fleets) instances(set *records.GameSessionSet, ss []records.GameSession, end int64) {
	peaks := peakGames(set, ss, end)
	t0, t1 := f.Period.Start.UnixNano(), end
	byLoc := map[string]*LocationInstances{}
	for _, c := range f.Curves {
		byLoc[c.Place] = &LocationInstances{Location: c.Place, PeakGames: peaks[c.Place], Min: peaks[c.Place], Max: peaks[c.Place],
			From: fmt.Sprintf("no ActiveInstances series: the most games at once (%d), one game per instance; give the fleet's scaling", peaks[c.Place])}
	}
	f.ProcessesPerInstance, f.ProcessesFrom = 1, "default: without ActiveInstances the records do not tell it"
	defer func() {
		for _, c := range f.Curves {
			f.Instances = append(f.Instances, *byLoc[c.Place])
		}
	}()
	if f.opt.Metrics == nil {
		return
	}
	var interruptions, instanceHours float64
	for _, s := range f.opt.Metrics.Series {
		tot := MetricTotal{Metric: s.Metric, Location: s.Location, Partial: s.Partial, Min: math.Inf(1)}
		var sum float64
		for _, p := range s.Points {
			if p.At < t0 || p.At >= t1 {
				continue
			}
			tot.Points++
			sum += p.Value
			tot.Max = max(tot.Max, p.Value)
			tot.Min = min(tot.Min, p.Value)
		}
		if tot.Points == 0 {
			continue
		}
		tot.Sum, tot.Mean = sum, sum/float64(tot.Points)
		f.Metrics = append(f.Metrics, tot)
		switch s.Metric {
		case "ActiveInstances":
			li := byLoc[s.Location]
			if li == nil {
				continue
			}
			li.Min, li.Max, li.Mean = int(tot.Min), int(math.Ceil(tot.Max)), tot.Mean
			li.HoursPolled = float64(t1-t0) / 3600e9
			li.From = fmt.Sprintf("CloudWatch ActiveInstances, %d points: min %d, mean %.1f, max %d", tot.Points, li.Min, li.Mean, li.Max)
			instanceHours += tot.Mean * li.HoursPolled
		case "InstanceInterruptions":
			interruptions += sum
		}
	}
	if instanceHours > 0 {
		n := int64(math.Round(interruptions))
		f.Rates = append(f.Rates, Rate{Name: "Spot interruptions (InstanceInterruptions)", Key: "spot.interruption_rate_per_hour",
			Kind: "per instance hour", Count: n, Of: instanceHours, Est: PoissonRate(n, instanceHours, f.Level),
			Data: "InstanceInterruptions per ActiveInstances hour (every instance counted as Spot), " + f.periodText()})
	}
	for _, c := range f.Curves {
		if li := byLoc[c.Place]; li.HoursPolled > 0 && li.Max > 0 {
			ppi := min(max((li.PeakGames+li.Max-1)/li.Max, 1), 50)
			if ppi > f.ProcessesPerInstance || f.ProcessesFrom[0] == 'd' {
				f.ProcessesPerInstance = ppi
				f.ProcessesFrom = fmt.Sprintf("%s: %d games at once on at most %d instances (ActiveInstances)", c.Place, li.PeakGames, li.Max)
			}
		}
	}
}

// peakGames is the most games ACTIVE at once at each location.
func peakGames(set *records.GameSessionSet, ss []records.GameSession, end int64) map[string]int {
	by := map[string][]span{}
	for i := range ss {
		g := &ss[i]
		if g.Status == records.GameError {
			continue
		}
		stop := end
		if g.TerminatedAt != 0 {
			stop = g.TerminatedAt
		}
		n := set.Locations[g.Location]
		by[n] = append(by[n], span{g.CreatedAt, stop})
	}
	return peaks(by)
}
