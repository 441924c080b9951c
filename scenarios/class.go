package scenarios

import (
	"fmt"

	"github.com/capsim/capsim/models/streams"
)

// WithClass returns a copy of sc with every stream group on the stream class
// named class, for comparing classes on the same demand. Every capacity
// setting (always_on, target_idle, maximum, on_demand, in the locations and
// in timeline actions) is rounded up to a whole multiple of the new class's
// tenancy, so the copy asks for at least the capacity sc asked for. The
// GPU quota, in instances, is kept. It returns an error naming class if it
// is not a stream class. Prices are not checked here: Build reports a class
// without a price.
func (sc *Scenario) WithClass(class string) (*Scenario, error) {
	c, err := streams.LookupClass(class)
	if err != nil {
		return nil, fmt.Errorf("%w: %s", ErrInvalid, unknownClassMsg(class))
	}
	out := sc.Clone()
	up := func(n int) int { return (n + c.Tenancy - 1) / c.Tenancy * c.Tenancy }
	round := func(ls []Location) {
		for i := range ls {
			l := &ls[i]
			l.AlwaysOn, l.TargetIdle, l.Maximum, l.OnDemand = up(l.AlwaysOn), up(l.TargetIdle), up(l.Maximum), up(l.OnDemand)
		}
	}
	for i := range out.StreamGroups {
		out.StreamGroups[i].Class = class
		round(out.StreamGroups[i].Locations)
	}
	for i := range out.Timeline {
		round(out.Timeline[i].Locations)
	}
	out.src.sets = append(out.src.sets, "stream_group[*].class="+class)
	return out, nil
}
