package scenarios

import (
	"cmp"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/capsim/capsim/models/geo"
	"github.com/capsim/capsim/models/streams"
)

// Player regions (issue 22, models/geo): a demand from a player region gets
// its players' round trip to every location it may be served from: a
// [[player_region.latency]] row if the scenario gives one, else the
// measured round trip from the region's anchor Region (L1) plus
// service.last_mile_rtt (L2). Without locations, its list is derived as a
// backend building StartStreamSession's Locations list would: every
// location of the stream group, nearest first, those beyond max_latency
// dropped.

// region is a player region resolved for one build.
type region struct {
	name, anchor, continent string
	rows                    map[string]time.Duration // latency overrides by location
}

const maxRegionRTT = 10 * time.Second

// resolveRegions validates [[player_region]] and returns every region a
// demand may name: the shipped ones, overridden or extended by the
// scenario's.
func (b *builder) resolveRegions() map[string]*region {
	out := map[string]*region{}
	for _, r := range geo.PlayerRegions() {
		out[r.Name] = &region{name: r.Name, anchor: r.Anchor, continent: r.Continent, rows: map[string]time.Duration{}}
	}
	seen := map[string]bool{}
	for i, pr := range b.sc.PlayerRegions {
		path := fmt.Sprintf("player_region[%d]", i)
		if pr.Name == "" {
			b.p.add(path+".name", "a player region needs a name, e.g. \"europe-central\"")
			continue
		}
		b.defineOnce(seen, path, "player region", pr.Name)
		if why := unselectable(pr.Name); why != "" {
			b.p.add(path+".name", "player region %q %s, so a metric name could not select it as regions[NAME] "+
				"(e.g. regions[europe-central].latency_above_threshold_ratio): choose another name", pr.Name, why)
		}
		r, shipped := out[pr.Name]
		if !shipped {
			r = &region{name: pr.Name, rows: map[string]time.Duration{}}
			out[pr.Name] = r
			if pr.Anchor == "" && len(pr.Latency) == 0 {
				b.p.add(path+".anchor", "player region %q is not shipped (shipped: %s): give anchor = \"<the AWS Region nearest its players>\" or [[player_region.latency]] rows", pr.Name, strings.Join(geo.PlayerRegionNames(), ", "))
			}
		}
		if pr.Anchor != "" {
			if reg, ok := geo.LookupRegion(pr.Anchor); ok {
				r.anchor, r.continent = pr.Anchor, reg.Continent
			} else {
				b.unknownName(path+".anchor", "AWS Region of the latency table", pr.Anchor, geo.RegionNames())
			}
		}
		if pr.Continent != "" {
			r.continent = pr.Continent
			b.enum(path+".continent", "continent", pr.Continent, continents())
		}
		for j, row := range pr.Latency {
			lp := fmt.Sprintf("%s.latency[%d]", path, j)
			b.knownLocation(lp+".location", row.Location)
			if row.RTT < time.Millisecond || row.RTT > maxRegionRTT {
				b.p.add(lp+".rtt", "a round trip must be between 1ms and %v, got %v (write a duration such as \"35ms\")", maxRegionRTT, row.RTT)
			}
			if _, dup := r.rows[row.Location]; dup {
				b.p.add(lp+".location", "the round trip of %q to %s is given twice", pr.Name, row.Location)
			}
			r.rows[row.Location] = row.RTT
		}
	}
	return out
}

// unselectable says why a player region's name cannot be a selector of a
// metric name (regions[NAME], sim/metric's grammar): it holds a bracket,
// is the wildcard, or reads as an index; "" if it can.
func unselectable(name string) string {
	switch {
	case strings.ContainsAny(name, "[]"):
		return "holds a bracket"
	case name == "*":
		return "is the wildcard *"
	case strings.Trim(name, "0123456789+-") == "":
		return "reads as an index"
	}
	return ""
}

func continents() []string {
	var out []string
	for _, r := range geo.Regions() {
		if !slices.Contains(out, r.Continent) {
			out = append(out, r.Continent)
		}
	}
	return out
}

// rtt is the round trip of region r's players to location.
func (b *builder) rtt(r *region, location string) (time.Duration, bool) {
	if d, ok := r.rows[location]; ok {
		return d, true
	}
	if r.anchor == "" {
		return 0, false
	}
	d, ok := geo.RTT(r.anchor, location)
	return d + b.sc.Service.LastMileRTT, ok
}

// demandRegion resolves a demand's player region: its round trips, its
// location list when derived, and the region's index in cfg.PlayerRegions.
func (b *builder) demandRegion(path string, d Demand, dc *streams.DemandConfig, gi int, cfg *streams.Config, regions map[string]*region) {
	p := b.p
	if d.PlayerRegion == "" {
		if d.MaxLatency != 0 {
			p.add(path+".max_latency", "max_latency needs player_region: the round trips come from where the players are")
		}
		return
	}
	r, ok := regions[d.PlayerRegion]
	if !ok {
		names := slices.Sorted(func(yield func(string) bool) {
			for n := range regions {
				if !yield(n) {
					return
				}
			}
		})
		b.unknownName(path+".player_region", "player region", d.PlayerRegion, names)
		return
	}
	if d.MaxLatency < 0 {
		p.add(path+".max_latency", "must not be negative (0: no cap), got %v", d.MaxLatency)
	}
	names := d.Locations
	if len(names) > 0 && d.MaxLatency > 0 {
		p.add(path+".max_latency", "max_latency derives the location list, but locations is given (an explicit list wins): remove one of them")
	}
	if len(names) == 0 {
		names = b.nearest(path, r, d, gi)
	}
	dc.Locations = names
	for _, n := range names {
		t, ok := b.rtt(r, n)
		if _, known := geo.LookupLocation(n); !ok && !known {
			continue // not a GameLift Streams location: reported where it is named, with a did-you-mean
		}
		if !ok {
			p.add(path+".player_region", "no round trip from %q to %s: add [[player_region]] name = %q with [[player_region.latency]] location = %q rtt = \"...ms\"",
				r.name, n, r.name, n)
			continue
		}
		reg, _ := geo.LookupRegion(n)
		dc.RTT = append(dc.RTT, t)
		dc.OwnContinent = append(dc.OwnContinent, reg.Continent != "" && reg.Continent == r.continent)
	}
	if i := slices.Index(cfg.PlayerRegions, r.name); i >= 0 {
		dc.Region = i
	} else {
		dc.Region = len(cfg.PlayerRegions)
		cfg.PlayerRegions = append(cfg.PlayerRegions, r.name)
	}
}

// nearest derives a demand's location list: every location of its stream
// group (at any time), nearest first (ties by name), those beyond
// max_latency dropped, at most 64.
func (b *builder) nearest(path string, r *region, d Demand, gi int) []string {
	type cand struct {
		name string
		rtt  time.Duration
	}
	var cands []cand
	var unknown []string
	for n := range b.everPresent[gi] {
		if t, ok := b.rtt(r, n); ok {
			cands = append(cands, cand{n, t})
		} else if _, known := geo.LookupLocation(n); known {
			unknown = append(unknown, n) // else reported where it is named
		}
	}
	slices.SortFunc(cands, func(x, y cand) int { return cmp.Or(cmp.Compare(x.rtt, y.rtt), strings.Compare(x.name, y.name)) })
	var out []string
	for _, c := range cands {
		if d.MaxLatency > 0 && c.rtt > d.MaxLatency {
			continue
		}
		out = append(out, c.name)
	}
	if len(unknown) > 0 {
		slices.Sort(unknown)
		b.p.add(path+".player_region", "no round trip from %q to %s: add [[player_region.latency]] rows for them to [[player_region]] name = %q",
			r.name, strings.Join(unknown, ", "), r.name)
	}
	if len(out) == 0 && len(cands) > 0 {
		b.p.add(path+".max_latency", "no location of stream group %q is within %v of %q: the nearest, %s, is %v away; raise max_latency or add a nearer location",
			d.StreamGroup, d.MaxLatency, r.name, cands[0].name, cands[0].rtt)
	}
	return out[:min(len(out), 64)]
}
