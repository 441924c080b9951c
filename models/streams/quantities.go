package streams

import "github.com/capsim/capsim/sim"

// Instances returns the always-on capacity and the ceiling (Maximum, or
// always-on plus on-demand) of every location at the start of the run, in
// whole instances of the group's class (streams divided by the tenancy,
// rounded up), summed over groups and locations.
func (c *Config) Instances() (alwaysOn, maximum int) {
	for _, g := range c.Groups {
		t := g.Class.Tenancy
		for _, l := range g.Locations {
			alwaysOn += (l.AlwaysOn + t - 1) / t
			maximum += (l.Ceiling(c.Service.MaximumIncludesAlwaysOn, t) + t - 1) / t
		}
	}
	return alwaysOn, maximum
}

// ExpectedRequests returns the mean number of stream-session requests one
// replication receives over the horizon, over every demand.
func (c *Config) ExpectedRequests() float64 {
	return sim.ExpectedTotal(c.Demands, c.Horizon, func(d *DemandConfig) sim.Arrivals { return d.Arrivals })
}

// TimeseriesBytes returns the memory, in bytes, the timeseries of
// replications replications take when kept in memory (0 if c records none):
// one row of RowWidth float64 values per bucket and location, counting the
// locations the timeline may add (an upper bound).
func (c *Config) TimeseriesBytes(replications int) int64 {
	locs := 0
	for _, g := range c.Groups {
		locs += len(g.Locations)
	}
	for _, a := range c.Timeline {
		locs += len(a.Locations)
	}
	return sim.TimeseriesBytes(c.Horizon, c.TimeseriesStep, RowWidth, locs*replications)
}
