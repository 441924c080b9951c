package streams

import "time"

// Cold and pre-cached starts. The default application is pre-cached on
// always-on compute (S004); capacity allocated above always-on (target idle,
// maximum, on-demand) has to fetch it, so the first session on such an
// instance takes Service.SessionStartDelayCold longer to become ACTIVE.
// Later sessions on the same instance find the application cached.

// aboveAlwaysOn reports whether the next instance the location allocates is
// beyond its always-on capacity (in whole instances).
func (l *location) aboveAlwaysOn() bool {
	return l.have() >= ceilDiv(l.set.AlwaysOn, l.tenancy)
}

// coldDelay returns the extra start delay of a session just placed on
// instance i, and marks the instance warm.
func (l *location) coldDelay(m *model, i int32, counted bool) time.Duration {
	in := &l.insts[i]
	if !in.cold {
		return 0
	}
	in.cold = false
	if counted {
		l.coldStarts++
	}
	if l.coldRng == nil {
		return 0
	}
	return m.cfg.Service.SessionStartDelayCold.Sample(l.coldRng)
}
