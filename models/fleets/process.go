package fleets

import (
	"time"

	"github.com/capsim/capsim/sim"
)

// startProcess launches a fresh process on slot p after delay; it is ready
// ProcessStartDelay later.
func (l *location) startProcess(m *model, p int32, now sim.Time, delay time.Duration) {
	pr := &l.procs[p]
	pr.state = procStarting
	pr.sess = -1
	pr.notified = false
	l.starting++
	at := now.Add(delay + sample(l.fc.ProcessStartDelay, l.rngProc))
	pr.timer = m.s.At(at, m, sim.Event{Kind: evProcReady, ID: int32(l.idx), Arg: int64(p)})
}

func (l *location) processReady(m *model, p int32, now sim.Time) {
	pr := &l.procs[p]
	if pr.state != procStarting {
		m.fail("%s: process %d ready while in state %d", l.name, p, pr.state)
		return
	}
	pr.timer = sim.EventID{}
	l.starting--
	l.makeIdle(m, p, now)
	l.serve(m, now)
}

// makeIdle turns process p ready without a session and files it in its pool.
func (l *location) makeIdle(m *model, p int32, now sim.Time) {
	pr := &l.procs[p]
	pr.state = procIdle
	pr.sess = -1
	l.idle++
	l.idleG.Add(now, 1)
	l.poolAdd(p, l.poolOf(l.instOf(p)))
}

func (l *location) poolAdd(p int32, k int8) {
	pr := &l.procs[p]
	pr.pool = k
	if k == poolNone {
		return
	}
	pr.pos = int32(len(l.pool[k]))
	l.pool[k] = append(l.pool[k], p)
}

func (l *location) poolRemove(p int32) {
	pr := &l.procs[p]
	k := pr.pool
	if k == poolNone {
		return
	}
	b := l.pool[k]
	last := b[len(b)-1]
	b[pr.pos] = last
	l.procs[last].pos = pr.pos
	l.pool[k] = b[:len(b)-1]
	pr.pool = poolNone
}

// refile moves instance i's idle processes to the pool its state now calls for.
func (l *location) refile(i int32) {
	k := l.poolOf(i)
	lo, hi := l.procRange(i)
	for p := lo; p < hi; p++ {
		if pr := &l.procs[p]; pr.state == procIdle && pr.pool != k {
			l.poolRemove(p)
			l.poolAdd(p, k)
		}
	}
}

// takeIdle removes and returns the most recently freed idle process of pool
// k (LIFO keeps recently used instances busy and lets others empty out).
func (l *location) takeIdle(m *model, k int8, now sim.Time) int32 {
	b := l.pool[k]
	return l.take(b[len(b)-1], now)
}

// take makes idle process p busy.
func (l *location) take(p int32, now sim.Time) int32 {
	l.poolRemove(p)
	pr := &l.procs[p]
	pr.state = procBusy
	l.idle--
	l.idleG.Add(now, -1)
	l.busy++
	l.insts[l.instOf(p)].sessions++
	return p
}

// releaseProcess is the end of process p's session: fate says what becomes
// of the process. It is the one place a busy process is given back. An
// instance draining for scale-in, or DRAINING because its Spot pool is not
// viable, ends when it holds no session ("after current play", F2, F3).
func (l *location) releaseProcess(m *model, p int32, fate uint8, now sim.Time) {
	pr := &l.procs[p]
	switch pr.state {
	case procBusy:
		l.busy--
	case procStuck:
		l.stuck--
		l.stuckG.Add(now, -1)
	default:
		m.fail("%s: process %d released while in state %d (freed twice?)", l.name, p, pr.state)
		return
	}
	i := l.instOf(p)
	in := &l.insts[i]
	in.sessions--
	pr.sess = -1
	switch fate {
	case fateIdle:
		l.makeIdle(m, p, now)
	case fateRestart:
		l.startProcess(m, p, now, sample(l.fc.RestartDelay, l.rngProc))
	case fateGone:
		pr.state = procDead
		return
	}
	if (in.drain || in.replacing) && in.sessions == 0 {
		l.remove(m, i, ReasonNone, now)
		return
	}
	if fate == fateIdle {
		l.serve(m, now)
	}
}
