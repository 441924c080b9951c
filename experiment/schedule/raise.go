package schedule

// adjust raises, in every hour that misses, each location that misses on
// its own there (or, if none does, the one with the most requests), by
// [Result.raise] on the hour's measurements hs.
func (r *Result) adjust(hs *hourStats) {
	for h, hc := range r.Schedule.Hours {
		if hc.Meets() {
			continue
		}
		raised, busiest := false, 0
		for i := range r.Locations {
			if !hc.Locations[i].Meets {
				r.raise(i, h, hs)
				raised = true
			}
			if hc.Locations[i].Requests > hc.Locations[busiest].Requests {
				busiest = i
			}
		}
		if !raised {
			r.raise(busiest, h, hs)
		}
	}
}

// raise adds capacity to location i in hour h, the cheap way first: where
// the plan allocates on demand and most of the hour's wait there was at
// the ceiling (hs), maximum (capacity allowed, paid only while allocated)
// by a twentieth, at least a tenancy step; else target_idle (capacity held
// idle, paid all hour) a step, maximum following; where the plan is always
// on only, always_on a step. A maximum raise that does not lift the
// allocation off its ceiling shows in the next round's measurements, which
// then raise target_idle.
func (r *Result) raise(i, h int, hs *hourStats) {
	l, p := r.Locations[i], r.Plan
	switch {
	case !l.OnDemand:
		p.AlwaysOn[i][h] += l.Step
	case hs.ceilingBound(i, h):
		p.Maximum[i][h] += max(stepsUp(float64(p.Maximum[i][h])/20, l.Step), l.Step)
	default:
		p.TargetIdle[i][h] += l.Step
		p.Maximum[i][h] = max(p.Maximum[i][h], p.AlwaysOn[i][h]+p.TargetIdle[i][h])
	}
}
