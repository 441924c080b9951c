package streams

import "github.com/capsim/capsim/sim"

// checkInvariants verifies, after an event, what must hold at every step.
func (m *model) checkInvariants(now sim.Time) {
	m.checkQuotas()
	for _, l := range m.locs {
		ten := int64(l.tenancy)
		if got := l.allocG.Value(); got != int64(l.ready)*ten {
			m.fail("%s: allocated gauge %d != ready instances %d × tenancy %d", l.name, got, l.ready, ten)
		}
		if got := l.streamG.Value(); got != int64(l.used) {
			m.fail("%s: streaming gauge %d != used %d", l.name, got, l.used)
		}
		if idle := l.allocG.Value() - l.streamG.Value(); idle < 0 {
			m.fail("%s: negative idle capacity %d", l.name, idle)
		}
		if l.waiting < 0 || l.assigned < 0 || l.unarmed < 0 || l.allocating < 0 {
			m.fail("%s: negative count waiting=%d assigned=%d unarmed=%d allocating=%d", l.name, l.waiting, l.assigned, l.unarmed, l.allocating)
		}
		if l.waitG.Value() != int64(l.waiting) {
			m.fail("%s: waiting gauge %d != waiting %d", l.name, l.waitG.Value(), l.waiting)
		}
		if l.status == LocationActive && l.freeReady() > 0 && l.waiting > 0 {
			m.fail("%s: %d free slots while %d requests wait", l.name, l.freeReady(), l.waiting)
		}
		if l.status == LocationActive {
			if l.stalled == 0 && l.have()*l.tenancy < min(l.set.AlwaysOn, l.ceiling) {
				m.fail("%s: %d instances held or allocating, below always_on %d", l.name, l.have(), l.set.AlwaysOn)
			}
			if !l.lowered && l.have()*l.tenancy > l.ceiling {
				m.fail("%s: %d instances exceed the ceiling of %d streams", l.name, l.have(), l.ceiling)
			}
		}
		if (l.status == LocationRemoving || l.status == LocationRemoved) &&
			(l.ready != 0 || l.used != 0 || l.allocating != 0 || l.waiting != 0 || l.assigned != 0) {
			m.fail("%s: %v location holds ready=%d used=%d allocating=%d waiting=%d assigned=%d",
				l.name, l.status, l.ready, l.used, l.allocating, l.waiting, l.assigned)
		}
		// instance table against the counters
		used, ready, allocating, empties, armed := 0, 0, 0, 0, 0
		for i := range l.insts {
			in := &l.insts[i]
			switch in.state {
			case instReady:
				ready++
				used += int(in.used)
				if in.used < 0 || int(in.used) > l.tenancy {
					m.fail("%s: instance %d holds %d streams, tenancy %d", l.name, i, in.used, l.tenancy)
				}
				if l.buckets[in.used][in.bpos] != int32(i) {
					m.fail("%s: instance %d not at its bucket position", l.name, i)
				}
				if in.used == 0 {
					empties++
					if in.armed {
						armed++
					}
				} else if in.armed {
					m.fail("%s: busy instance %d has a release timer", l.name, i)
				}
			case instAllocating:
				allocating++
			}
		}
		if used != l.used || ready != l.ready || allocating != l.allocating {
			m.fail("%s: instances say used=%d ready=%d allocating=%d, counters %d %d %d", l.name, used, ready, allocating, l.used, l.ready, l.allocating)
		}
		if l.status == LocationActive && empties-armed != l.unarmed {
			m.fail("%s: %d unarmed empty instances, counter %d", l.name, empties-armed, l.unarmed)
		}
	}
}
