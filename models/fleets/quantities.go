package fleets

// ExpectedRequests returns the mean number of game-session placement
// requests one replication receives over the horizon, over every demand.
func (c *Config) ExpectedRequests() float64 {
	n := 0.0
	for _, d := range c.Demands {
		n += d.Arrivals.ExpectedCount(c.Horizon)
	}
	return n
}
