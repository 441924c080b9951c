package bench

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/capsim/capsim/internal/queueing"
	"github.com/capsim/capsim/sim"
)

// The M/M/c+D model: Poisson arrivals at lambda per second, exponential
// service at mu per second on c servers, FCFS, and a deterministic patience:
// a customer who has not started service D after arriving abandons and never
// takes a server. Virtual time is in nanoseconds; 1 second is the time unit
// of the rates.
const (
	mmcdLambda   = 45.0
	mmcdMu       = 1.0
	mmcdServers  = 50
	mmcdPatience = 200 * time.Millisecond
	mmcdArrivals = 1_000_000
	mmcdSeed     = 20240611

	// Statistics skip the first mmcdWarmup customers (the system starts
	// empty) and split the rest, by arrival index, into mmcdBatches batches.
	mmcdWarmup    = 10_000
	mmcdBatches   = 20
	mmcdBatchSize = (mmcdArrivals - mmcdWarmup) / mmcdBatches

	meanInterarrivalNs = 1e9 / mmcdLambda
	meanServiceNs      = 1e9 / mmcdMu
)

// Event kinds, shared by both implementations.
const (
	kArrival int32 = iota
	kDeparture
	kPatience
)

// expNs draws an exponential duration with mean meanNs nanoseconds, rounded
// to whole nanoseconds. Both implementations draw through it.
func expNs(r *rand.Rand, meanNs float64) int64 {
	return int64(math.Round(r.ExpFloat64() * meanNs))
}

// mmcdStats counts outcomes per customer, attributing each customer to the
// batch of its arrival index. Both implementations record through it.
type mmcdStats struct {
	served, abandoned int64 // all customers, warm-up included
	events            uint64
	batch             [mmcdBatches]struct {
		served, abandoned int64
		waitNs            int64 // total wait of served customers
	}
}

func (st *mmcdStats) serve(n int64, waitNs int64) {
	st.served++
	if n >= mmcdWarmup {
		b := &st.batch[(n-mmcdWarmup)/mmcdBatchSize]
		b.served++
		b.waitNs += waitNs
	}
}

func (st *mmcdStats) abandon(n int64) {
	st.abandoned++
	if n >= mmcdWarmup {
		st.batch[(n-mmcdWarmup)/mmcdBatchSize].abandoned++
	}
}

// waiting is a customer in the queue: arrival index, arrival time and, for
// the engine, the id of its patience timeout.
type waiting struct {
	n       int64
	arrived int64
	timeout sim.EventID
}

// ring is a growable FIFO of waiting customers (capacity a power of two).
type ring struct {
	buf        []waiting
	head, size int
}

func newRing() ring { return ring{buf: make([]waiting, 64)} }

func (q *ring) push(w waiting) {
	if q.size == len(q.buf) {
		nb := make([]waiting, 2*len(q.buf))
		for i := range q.size {
			nb[i] = q.buf[(q.head+i)&(len(q.buf)-1)]
		}
		q.buf, q.head = nb, 0
	}
	q.buf[(q.head+q.size)&(len(q.buf)-1)] = w
	q.size++
}

func (q *ring) front() *waiting { return &q.buf[q.head] }

func (q *ring) pop() waiting {
	w := q.buf[q.head]
	q.head = (q.head + 1) & (len(q.buf) - 1)
	q.size--
	return w
}

// ---------------------------------------------------------------------------
// (a) On the capsim engine.

type engineMMcD struct {
	s        *sim.Scheduler
	arr, svc *rand.Rand
	busy     int
	q        ring
	st       mmcdStats
}

func runEngineMMcD(seed uint64) mmcdStats {
	m := &engineMMcD{
		s:   sim.NewScheduler(),
		arr: sim.NewStream(seed, 0, "arrivals"),
		svc: sim.NewStream(seed, 0, "service"),
		q:   newRing(),
	}
	m.s.Reserve(2 * mmcdServers)
	m.s.At(sim.Time(expNs(m.arr, meanInterarrivalNs)), m, sim.Event{Kind: kArrival})
	if err := m.s.Run(sim.Never - 1); err != nil {
		panic(err)
	}
	m.st.events = m.s.Fired()
	return m.st
}

func (m *engineMMcD) Handle(now sim.Time, ev sim.Event) {
	switch ev.Kind {
	case kArrival:
		n := ev.Arg
		if n+1 < mmcdArrivals {
			m.s.At(now+sim.Time(expNs(m.arr, meanInterarrivalNs)), m, sim.Event{Kind: kArrival, Arg: n + 1})
		}
		if m.busy < mmcdServers {
			m.busy++
			m.startService(now, n, 0)
			return
		}
		id := m.s.At(now.Add(mmcdPatience), m, sim.Event{Kind: kPatience, Arg: n})
		m.q.push(waiting{n: n, arrived: int64(now), timeout: id})
	case kDeparture:
		if m.q.size == 0 {
			m.busy--
			return
		}
		w := m.q.pop()
		m.s.Cancel(w.timeout)
		m.startService(now, w.n, int64(now)-w.arrived)
	case kPatience:
		// FCFS with a deterministic patience: deadlines are in arrival
		// order, so the customer whose patience runs out is at the front.
		if m.q.size == 0 || m.q.front().n != ev.Arg {
			panic(fmt.Sprintf("patience of customer %d fired, but it is not at the front", ev.Arg))
		}
		m.q.pop()
		m.st.abandon(ev.Arg)
	}
}

func (m *engineMMcD) startService(now sim.Time, n, waitNs int64) {
	m.st.serve(n, waitNs)
	m.s.At(now+sim.Time(expNs(m.svc, meanServiceNs)), m, sim.Event{Kind: kDeparture})
}

// ---------------------------------------------------------------------------
// (b) Hand-written: the same events, draws and order on a typed binary heap
// of values ordered by (time, sequence), with lazy cancellation: a patience
// timeout stays in the heap when its customer starts service and is skipped
// when popped.

type hwEvent struct {
	at   int64
	seq  uint64
	kind int32
	id   int32 // customer arrival index (patience only)
}

type hwHeap []hwEvent

func hwLess(a, b *hwEvent) bool { return a.at < b.at || (a.at == b.at && a.seq < b.seq) }

func (h *hwHeap) push(e hwEvent) {
	*h = append(*h, e)
	s := *h
	i := len(s) - 1
	for i > 0 {
		p := (i - 1) / 2
		if !hwLess(&e, &s[p]) {
			break
		}
		s[i] = s[p]
		i = p
	}
	s[i] = e
}

func (h *hwHeap) pop() hwEvent {
	s := *h
	top := s[0]
	n := len(s) - 1
	e := s[n]
	s = s[:n]
	*h = s
	if n == 0 {
		return top
	}
	i := 0
	for {
		l := 2*i + 1
		if l >= n {
			break
		}
		j := l
		if r := l + 1; r < n && hwLess(&s[r], &s[l]) {
			j = r
		}
		if !hwLess(&s[j], &e) {
			break
		}
		s[i] = s[j]
		i = j
	}
	s[i] = e
	return top
}

// hwMMcD is the hand-written simulation's state.
type hwMMcD struct {
	h        hwHeap
	seq      uint64
	arr, svc *rand.Rand
	busy     int
	q        ring
	st       mmcdStats
}

func (m *hwMMcD) schedule(at int64, kind, id int32) {
	m.seq++
	m.h.push(hwEvent{at: at, seq: m.seq, kind: kind, id: id})
}

func (m *hwMMcD) startService(now, n, waitNs int64) {
	m.st.serve(n, waitNs)
	m.schedule(now+expNs(m.svc, meanServiceNs), kDeparture, 0)
}

func runHandwrittenMMcD(seed uint64) mmcdStats {
	m := &hwMMcD{
		h:   make(hwHeap, 0, 2*mmcdServers),
		arr: sim.NewStream(seed, 0, "arrivals"),
		svc: sim.NewStream(seed, 0, "service"),
		q:   newRing(),
	}
	m.schedule(expNs(m.arr, meanInterarrivalNs), kArrival, 0)
	for len(m.h) > 0 {
		e := m.h.pop()
		now := e.at
		switch e.kind {
		case kArrival:
			n := e.id
			if n+1 < mmcdArrivals {
				m.schedule(now+expNs(m.arr, meanInterarrivalNs), kArrival, n+1)
			}
			if m.busy < mmcdServers {
				m.busy++
				m.startService(now, int64(n), 0)
				break
			}
			m.schedule(now+int64(mmcdPatience), kPatience, n)
			m.q.push(waiting{n: int64(n), arrived: now})
		case kDeparture:
			if m.q.size == 0 {
				m.busy--
				break
			}
			w := m.q.pop()
			m.startService(now, w.n, now-w.arrived)
		case kPatience:
			if m.q.size == 0 || m.q.front().n != int64(e.id) {
				continue // cancelled: the customer started service
			}
			m.q.pop()
			m.st.abandon(int64(e.id))
		}
		m.st.events++
	}
	return m.st
}

// ---------------------------------------------------------------------------

func BenchmarkMMcD(b *testing.B) {
	for _, impl := range []struct {
		name string
		run  func(uint64) mmcdStats
	}{
		{"engine", runEngineMMcD},
		{"handwritten", runHandwrittenMMcD},
	} {
		b.Run(impl.name, func(b *testing.B) {
			b.ReportAllocs()
			var st mmcdStats
			for b.Loop() {
				st = impl.run(mmcdSeed)
			}
			if st.served+st.abandoned != mmcdArrivals {
				b.Fatalf("served %d + abandoned %d != %d arrivals", st.served, st.abandoned, mmcdArrivals)
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/mmcdArrivals, "ns/arrival")
			b.ReportMetric(float64(st.events), "events/op")
		})
	}
}

// batchEstimate returns the overall ratio sum(num)/sum(den) over the batches
// and the standard error of the mean of the per-batch ratios.
func batchEstimate(num, den []float64) (est, se float64) {
	var sn, sd float64
	ratios := make([]float64, len(num))
	for i := range num {
		sn += num[i]
		sd += den[i]
		ratios[i] = num[i] / den[i]
	}
	var mean float64
	for _, r := range ratios {
		mean += r
	}
	mean /= float64(len(ratios))
	var ss float64
	for _, r := range ratios {
		ss += (r - mean) * (r - mean)
	}
	k := float64(len(ratios))
	return sn / sd, math.Sqrt(ss / (k - 1) / k)
}

// TestMMcDMatchesTheory runs both implementations once (1M arrivals, fixed
// seed) and checks them against the M/M/c+D closed form and each other.
//
// Tolerance: each estimate must lie within 5 standard errors of theory, the
// standard error estimated from the run itself by batch means: customers
// mmcdWarmup.. are split by arrival index into 20 batches of 49,500 (each
// spans ~1,100 s of virtual time, far longer than the ~1 s correlation time
// of the queue, so batch ratios are nearly independent) and SE =
// sd(batch ratios)/sqrt(20). The mean wait is of served customers, zeros
// included (E[V | V <= D]).
//
// The two implementations make the same draws from the same streams in the
// same order and break ties by the same scheduling sequence, so their counts
// must be identical, not just close.
func TestMMcDMatchesTheory(t *testing.T) {
	if testing.Short() {
		t.Skip("2M simulated arrivals")
	}
	th, err := queueing.MMcD(mmcdLambda, mmcdMu, mmcdServers, mmcdPatience.Seconds())
	if err != nil {
		t.Fatal(err)
	}
	results := map[string]mmcdStats{
		"engine":      runEngineMMcD(mmcdSeed),
		"handwritten": runHandwrittenMMcD(mmcdSeed),
	}
	for _, name := range []string{"engine", "handwritten"} {
		st := results[name]
		if st.served+st.abandoned != mmcdArrivals {
			t.Errorf("%s: served %d + abandoned %d != %d arrivals", name, st.served, st.abandoned, mmcdArrivals)
		}
		var ab, arrivals, wait, served []float64
		for _, b := range st.batch {
			ab = append(ab, float64(b.abandoned))
			arrivals = append(arrivals, float64(b.served+b.abandoned))
			wait = append(wait, float64(b.waitNs)/1e9)
			served = append(served, float64(b.served))
		}
		pAb, sePAb := batchEstimate(ab, arrivals)
		w, seW := batchEstimate(wait, served)
		t.Logf("%s: %d events; P(abandon) = %.5f ± %.5f (theory %.5f, %+.1f SE); E[wait | served] = %.3f ms ± %.3f (theory %.3f ms, %+.1f SE)",
			name, st.events, pAb, sePAb, th.AbandonProbability, (pAb-th.AbandonProbability)/sePAb,
			w*1e3, seW*1e3, th.MeanWaitServed*1e3, (w-th.MeanWaitServed)/seW)
		if d := math.Abs(pAb - th.AbandonProbability); !(d <= 5*sePAb) {
			t.Errorf("%s: P(abandon) = %.5f, theory %.5f: off by %.5f > 5 SE = %.5f", name, pAb, th.AbandonProbability, d, 5*sePAb)
		}
		if d := math.Abs(w - th.MeanWaitServed); !(d <= 5*seW) {
			t.Errorf("%s: mean wait of served = %.5f s, theory %.5f s: off by %.5f > 5 SE = %.5f", name, w, th.MeanWaitServed, d, 5*seW)
		}
	}
	e, h := results["engine"], results["handwritten"]
	if e.abandoned != h.abandoned || e.served != h.served || e.events != h.events || e.batch != h.batch {
		t.Errorf("implementations differ: engine abandoned %d served %d events %d; handwritten abandoned %d served %d events %d",
			e.abandoned, e.served, e.events, h.abandoned, h.served, h.events)
	}
}
