package fit

import (
	"fmt"
	"slices"
	"time"

	"github.com/capsim/capsim/models/streams"
	"github.com/capsim/capsim/records"
)

// Capacity is the stream group the scenario gets: its class and each
// location's settings, from the polls where they were polled, otherwise
// from the sessions the records show at once.
type Capacity struct {
	Class     string             `json:"class"`
	ClassFrom string             `json:"class_from"`
	Locations []LocationCapacity `json:"locations"`
	// Changes are the settings' changes the polls show during the period,
	// written as UpdateStreamGroup calls on the timeline.
	Changes []CapacityChange `json:"changes,omitempty"`
}

// Settings are a location's capacity settings, in streams.
type Settings struct {
	AlwaysOn   int `json:"always_on"`
	TargetIdle int `json:"target_idle"`
	Maximum    int `json:"maximum"`
	OnDemand   int `json:"on_demand"`
}

// LocationCapacity is one location's settings at the period's start.
type LocationCapacity struct {
	Name string `json:"name"`
	Settings
	From           string  `json:"from"` // where the settings come from
	PeakConcurrent int     `json:"peak_concurrent"`
	PriceUSD       float64 `json:"price_usd_per_hour"`
	PriceFrom      string  `json:"price_from"` // "shipped" or an assumption
}

// CapacityChange is a change of one location's settings at a poll.
type CapacityChange struct {
	At       time.Time `json:"at"`
	Location string    `json:"location"`
	Settings
}

func settingsOf(p records.Poll) Settings {
	return Settings{AlwaysOn: int(max(p.AlwaysOn, 0)), TargetIdle: int(max(p.TargetIdle, 0)), Maximum: int(max(p.Maximum, 0)), OnDemand: int(max(p.OnDemand, 0))}
}

// capacity sets the class and every location's settings and price.
func (f *Streams) capacity(set *records.SessionSet, ss []records.Session) error {
	c := &f.Capacity
	polls := f.opt.Polls
	switch {
	case polls != nil && polls.StreamClass != "":
		c.Class, c.ClassFrom = polls.StreamClass, "polls (GetStreamGroup StreamClass)"
	case f.opt.Class != "":
		c.Class, c.ClassFrom = f.opt.Class, "given"
	default:
		c.Class, c.ClassFrom = DefaultClass, "default: the records name no class; give one"
	}
	class, err := streams.LookupClass(c.Class)
	if err != nil {
		return fmt.Errorf("%s: %w", set.Source, err)
	}
	peaks := peakConcurrent(set, ss, f.Period.End.UnixNano())
	names := []string{}
	for _, cv := range f.Curves {
		names = append(names, cv.Place)
	}
	if polls != nil {
		for _, n := range polls.Locations {
			if !slices.Contains(names, n) {
				names = append(names, n)
			}
		}
	}
	for _, n := range names {
		lc := LocationCapacity{Name: n, PeakConcurrent: peaks[n]}
		if s, ok := f.polled(n); ok {
			lc.Settings, lc.From = s, "polls at the period's start"
		} else {
			lc.AlwaysOn = roundUp(max(peaks[n], 1), class.Tenancy)
			lc.From = fmt.Sprintf("not polled: always-on set to the most sessions at once the records show (%d), rounded to the tenancy; give the real settings", peaks[n])
		}
		lc.PriceUSD, lc.PriceFrom = price(c.Class, n)
		c.Locations = append(c.Locations, lc)
	}
	if polls != nil {
		c.Changes = f.changes()
	}
	return nil
}

func roundUp(n, m int) int { return (n + m - 1) / m * m }

// polled returns a location's settings in force at the period's start:
// the last poll at or before it, else the first after.
func (f *Streams) polled(loc string) (Settings, bool) {
	polls := f.opt.Polls
	if polls == nil {
		return Settings{}, false
	}
	var found *records.Poll
	start := f.Period.Start.UnixNano()
	for i := range polls.Polls {
		p := &polls.Polls[i]
		if polls.Locations[p.Location] != loc {
			continue
		}
		if found == nil || p.At <= start {
			found = p
		}
		if p.At > start {
			break
		}
	}
	if found == nil {
		return Settings{}, false
	}
	return settingsOf(*found), true
}

// changes lists the settings' changes after the period's start.
func (f *Streams) changes() []CapacityChange {
	polls := f.opt.Polls
	last := map[string]Settings{}
	for _, lc := range f.Capacity.Locations {
		last[lc.Name] = lc.Settings
	}
	var out []CapacityChange
	start, end := f.Period.Start.UnixNano(), f.Period.End.UnixNano()
	for _, p := range polls.Polls {
		if p.At <= start || p.At >= end {
			continue
		}
		name := polls.Locations[p.Location]
		if s := settingsOf(p); s != last[name] {
			out = append(out, CapacityChange{At: time.Unix(0, p.At).UTC(), Location: name, Settings: s})
			last[name] = s
		}
	}
	return out
}

// price returns a location's price and where it comes from: the shipped
// table, or the class's shipped price elsewhere (an assumption), or none.
func price(class, loc string) (float64, string) {
	if p, ok := streams.LookupPrice(class, loc); ok {
		return p.USDPerHour, "shipped: " + p.Source
	}
	for _, p := range streams.ShippedPrices() {
		if p.Class == class {
			return p.USDPerHour, fmt.Sprintf("assumption: the %s rate of %s (%s) reused; the records carry no price, replace with your quote", p.Location, class, p.Source)
		}
	}
	return 0, "unknown: no public price for " + class + " and the records carry none; set your quote"
}

// peakConcurrent is the most sessions placed at once at each location, from
// CreatedAt to LastUpdatedAt (or the export, for one running).
func peakConcurrent(set *records.SessionSet, ss []records.Session, exportedAt int64) map[string]int {
	by := map[string][]span{}
	for i := range ss {
		s := &ss[i]
		if s.Status == streams.StatusError || s.Status == streams.StatusActivating {
			continue
		}
		end := s.UpdatedAt
		if !s.Ended() {
			end = exportedAt
		}
		n := set.Locations[s.Location]
		by[n] = append(by[n], span{s.CreatedAt, end})
	}
	return peaks(by)
}

// span is a time something was in progress, [from, to).
type span struct{ from, to int64 }

// peaks is, for each place, the most of its spans in progress at once (one
// ending as another starts counts once).
func peaks(by map[string][]span) map[string]int {
	type ev struct {
		at    int64
		delta int
	}
	out := map[string]int{}
	for n, spans := range by {
		evs := make([]ev, 0, 2*len(spans))
		for _, sp := range spans {
			evs = append(evs, ev{sp.from, 1}, ev{sp.to, -1})
		}
		slices.SortFunc(evs, func(a, b ev) int {
			if a.at != b.at {
				return cmpInt(a.at, b.at)
			}
			return a.delta - b.delta // ends first
		})
		cur := 0
		for _, e := range evs {
			cur += e.delta
			out[n] = max(out[n], cur)
		}
	}
	return out
}
