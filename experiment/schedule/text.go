package schedule

import (
	"fmt"
	"strings"
	"time"

	"github.com/capsim/capsim/scenarios"
)

// Text is staticText (the static plan's scenario file, whose scenario the
// schedule r was sized on) with r's plan as its schedule: best.toml. It is
// written once, at the end; the search simulated the same scenario edited
// in memory ([apply]).
func Text(staticText []byte, r *Result) ([]byte, error) {
	return planText(staticText, r.Locations, r.Plan, r.Lead)
}

// planText is staticText with plan as its schedule: each location's
// always_on, target_idle and maximum set to hour 0's, and the plan's
// UpdateStreamGroup actions ([actions]) as [[timeline]] tables.
func planText(staticText []byte, locs []Location, plan Plan, lead time.Duration) ([]byte, error) {
	base, err := scenarios.Parse("static.toml", staticText, nil)
	if err != nil {
		return nil, err
	}
	var paths, values []string
	for i, l := range locs {
		path := fmt.Sprintf("stream_group[%d].location[%d].", l.group, l.index)
		paths = append(paths, path+"always_on", path+"target_idle", path+"maximum")
		values = append(values, fmt.Sprint(plan.AlwaysOn[i][0]), fmt.Sprint(plan.TargetIdle[i][0]), fmt.Sprint(plan.Maximum[i][0]))
	}
	text, err := scenarios.EditText(staticText, paths, values)
	if err != nil {
		return nil, err
	}
	var b strings.Builder
	b.Write(text)
	b.WriteString("\n# The hourly capacity schedule (capsim optimize --schedule hourly): the\n" +
		"# UpdateStreamGroup calls a scheduler makes each day; raises go out\n" +
		fmt.Sprintf("# %v ahead of their hour so the capacity is allocated by then.\n", lead))
	for _, a := range actions(base, locs, plan, lead) {
		var entries strings.Builder
		for _, l := range a.Locations {
			fmt.Fprintf(&entries, "  { name = %q, always_on = %d, target_idle = %d, maximum = %d },\n",
				l.Name, l.AlwaysOn, l.TargetIdle, l.Maximum)
		}
		fmt.Fprintf(&b, "\n[[timeline]]\nat = %q\naction = %q\nstream_group = %q\nlocations = [\n%s]\n",
			scenarios.CompactDuration(a.At), a.Action, a.StreamGroup, entries.String())
	}
	return []byte(b.String()), nil
}
