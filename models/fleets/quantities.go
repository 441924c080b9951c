package fleets

import "github.com/capsim/capsim/sim"

// ExpectedRequests returns the mean number of game-session placement
// requests one replication receives over the horizon, over every demand.
func (c *Config) ExpectedRequests() float64 {
	n := 0.0
	for _, d := range c.Demands {
		n += d.Arrivals.ExpectedCount(c.Horizon)
	}
	return n
}

// TimeseriesBytes returns the memory, in bytes, the timeseries of
// replications replications take when kept in memory (0 if c records none):
// one row of RowWidth float64 values per bucket and fleet location.
func (c *Config) TimeseriesBytes(replications int) int64 {
	locs := 0
	for _, f := range c.Fleets {
		locs += len(f.Locations)
	}
	return sim.TimeseriesBytes(c.Horizon, c.TimeseriesStep, RowWidth, locs*replications)
}
