package reports

import (
	"fmt"

	"github.com/capsim/capsim/models/streams"
)

// lifetimeWarnings says when a run outlives its stream groups: a horizon
// beyond the lifetime, groups that expired (first replication; expiry is
// deterministic).
func lifetimeWarnings(horizonSeconds float64, results []*streams.Result) []string {
	if len(results) == 0 || results[0].StreamGroupLifetime <= 0 {
		return nil
	}
	r := results[0]
	life := r.StreamGroupLifetime
	if horizonSeconds <= life.Seconds() {
		return nil
	}
	days := life.Hours() / 24
	out := []string{fmt.Sprintf("the horizon (%.1f days) exceeds the stream-group lifetime of %.0f days (S004: groups expire, then accept no new streams; recreate every 3-4 weeks)", horizonSeconds/86400, days)}
	for _, g := range r.Lifetimes {
		if g.ExpiredAtSeconds >= 0 {
			out = append(out, fmt.Sprintf("stream group %q expired at day %.1f: later requests failed with streamGroupExpired; set recreate_every (e.g. \"504h\") on it", g.Group, g.ExpiredAtSeconds/86400))
		} else if g.Recreations > 0 {
			out = append(out, fmt.Sprintf("stream group %q was recreated %d times and did not expire", g.Group, g.Recreations))
		}
	}
	return out
}
