package fleets

import "github.com/capsim/capsim/sim"

// ExpectedRequests returns the mean number of game-session placement
// requests one replication receives over the horizon, over every demand.
func (c *Config) ExpectedRequests() float64 {
	return sim.ExpectedTotal(c.Demands, c.Horizon, func(d *DemandConfig) sim.Arrivals { return d.Arrivals })
}

// TimeseriesBytes is what the fleet locations' timeseries of that many
// replications would hold in memory, in bytes (sim.TimeseriesBytes; 0
// without a TimeseriesStep); cmd spills them to files above a threshold.
func (c *Config) TimeseriesBytes(replications int) int64 {
	locs := 0
	for _, f := range c.Fleets {
		locs += len(f.Locations)
	}
	return sim.TimeseriesBytes(c.Horizon, c.TimeseriesStep, RowWidth, locs*replications)
}
