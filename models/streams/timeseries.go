package streams

import "fmt"

// Timeseries columns. A row holds one bucket's values of every series, in
// the column order below (see Timeseries).
const (
	ColRequests = iota
	ColStreaming
	ColAllocated
	ColIdle
	ColWaiting
	ColAlwaysOn
	ColMaximum
	ColCostUSD
	ColIdleCostUSD
	colFailures // then one column per ERROR reason, in Reason order
)

// errorReasons are the ERROR reasons, in Reason order: the failure columns.
var errorReasons = func() []Reason {
	var rs []Reason
	for r := range NumReasons {
		if r.IsError() {
			rs = append(rs, r)
		}
	}
	return rs
}()

// RowWidth is the number of values in a row.
var RowWidth = colFailures + len(errorReasons)

// ColFailures returns the column of the failures of ERROR reason r; it
// panics if r is not an ERROR reason.
func ColFailures(r Reason) int {
	for i, e := range errorReasons {
		if e == r {
			return colFailures + i
		}
	}
	panic(fmt.Sprintf("streams: %v is not an ERROR reason", r))
}
