package streams

import "github.com/capsim/capsim/sim"

// Where players are (issue 22): a demand from a player region carries its
// players' round trip to each location it may be served from (scenarios
// resolves it from models/geo). Each session placed after the warm-up
// records its round trip at the location that serves it and in its
// player region, with whether the location is on the players' continent.

// RegionResult is what one player region's sessions saw (placed after the
// warm-up).
type RegionResult struct {
	Region string
	// Placed counts the region's sessions placed; OwnContinent those
	// placed on the players' own continent; AboveThreshold those whose
	// round trip exceeded Config.LatencyThreshold.
	Placed, OwnContinent, AboveThreshold int64
	// RTT holds the round trips (seconds) of the placed sessions.
	RTT *sim.Sketch
}

type regionStats struct {
	placed, own, above int64
	rtt                *sim.Sketch
}

func (m *model) newRegions() {
	m.regions = make([]regionStats, len(m.cfg.PlayerRegions))
	for i := range m.regions {
		m.regions[i].rtt = sim.NewSketch()
	}
}

// recordRTT records the round trip of a counted session of demand d placed
// at l, if the demand comes from a player region.
func (m *model) recordRTT(d *demand, l *location) {
	if len(d.cfg.RTT) == 0 {
		return
	}
	for k, li := range d.locs {
		if li != l.idx || k >= len(d.cfg.RTT) {
			continue
		}
		rtt := d.cfg.RTT[k]
		above := rtt > m.cfg.LatencyThreshold
		l.rtt.Add(rtt.Seconds())
		if above {
			l.rttAbove++
		}
		if r := d.cfg.Region; r >= 0 && r < len(m.regions) {
			rs := &m.regions[r]
			rs.placed++
			rs.rtt.Add(rtt.Seconds())
			if above {
				rs.above++
			}
			if k < len(d.cfg.OwnContinent) && d.cfg.OwnContinent[k] {
				rs.own++
			}
		}
		return
	}
}

func (m *model) regionResults() []RegionResult {
	out := make([]RegionResult, len(m.regions))
	for i, rs := range m.regions {
		out[i] = RegionResult{Region: m.cfg.PlayerRegions[i], Placed: rs.placed, OwnContinent: rs.own,
			AboveThreshold: rs.above, RTT: rs.rtt}
	}
	return out
}
