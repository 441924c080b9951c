package geo

import (
	"slices"
	"time"
)

// Locations returns the GameLift Streams locations, in table order.
func Locations() []Location { return slices.Clone(locations) }

// LocationNames returns the names of the GameLift Streams locations.
func LocationNames() []string { return names(locations, func(l Location) string { return l.Name }) }

// names returns the name of every row of a table, in table order.
func names[T any](rows []T, name func(T) string) []string {
	out := make([]string, len(rows))
	for i, r := range rows {
		out[i] = name(r)
	}
	return out
}

// LookupLocation returns the GameLift Streams location named name.
func LookupLocation(name string) (Location, bool) {
	for _, l := range locations {
		if l.Name == name {
			return l, true
		}
	}
	return Location{}, false
}

// Remotes returns the remote locations a stream group whose primary
// location is primary may add, in table order (none for a location that is
// not primary).
func Remotes(primary string) []string {
	var out []string
	for _, r := range remotes {
		if r.primary == primary {
			out = append(out, r.remote)
		}
	}
	return out
}

// AllowsRemote reports whether a group created in primary may add remote,
// and the source of the answer.
func AllowsRemote(primary, remote string) (ok bool, source string) {
	for _, r := range remotes {
		if r.primary == primary && r.remote == remote {
			return true, r.source
		}
	}
	return false, "A20"
}

// Regions returns the AWS Regions of the latency table, in table order.
func Regions() []Region { return slices.Clone(regions) }

// LookupRegion returns the AWS Region named name.
func LookupRegion(name string) (Region, bool) {
	for _, r := range regions {
		if r.Name == name {
			return r, true
		}
	}
	return Region{}, false
}

// RegionNames returns the names of the Regions of the latency table.
func RegionNames() []string { return names(regions, func(r Region) string { return r.Name }) }

// RTT returns the measured round trip from Region from to Region to (L1).
func RTT(from, to string) (time.Duration, bool) {
	i, ok1 := rtt.index[from]
	j, ok2 := rtt.index[to]
	if !ok1 || !ok2 {
		return 0, false
	}
	return ms(rtt.ms[i][j]), true
}

// PlayerRegions returns the shipped player regions, in table order.
func PlayerRegions() []PlayerRegion { return slices.Clone(playerRegions) }

// PlayerRegionNames returns the names of the shipped player regions.
func PlayerRegionNames() []string {
	return names(playerRegions, func(r PlayerRegion) string { return r.Name })
}

// LookupPlayerRegion returns the shipped player region named name.
func LookupPlayerRegion(name string) (PlayerRegion, bool) {
	for _, r := range playerRegions {
		if r.Name == name {
			return r, true
		}
	}
	return PlayerRegion{}, false
}

// Latency returns the round trip of a player of region p to location (an
// AWS Region name): the measured Region-to-Region round trip from p's
// anchor plus lastMile, the player's own access network (L2). ok is false
// for a location the latency table lacks.
func (p PlayerRegion) Latency(location string, lastMile time.Duration) (time.Duration, bool) {
	d, ok := RTT(p.Anchor, location)
	if !ok {
		return 0, false
	}
	return d + lastMile, true
}
