package fleets

// Timeseries columns. A row holds one bucket's values of every series, in
// the column order below (see Timeseries).
const (
	ColInstances = iota
	ColActive
	ColIdle
	ColDesired
	ColRequests
	ColScaling
	RowWidth // the number of values in a row
)
