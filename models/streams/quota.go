package streams

import (
	"strings"

	"github.com/capsim/capsim/sim"
)

// GPU service quotas (facts §3.5, A11): per account, per GPU generation
// (gen4n T4, gen5n A10G, gen6n L4, gen6e L40S), per location, counted in
// GPUs, i.e. instances whatever the class's tenancy. Every stream group of
// that generation in that location draws on the same quota. An instance
// counts from the moment its allocation starts until it is released. An
// allocation the quota does not allow stalls: it waits, and starts as soon
// as an instance of the same quota is released (the location that stalled
// first is served first). A (location, generation) without a quota row is
// not limited: it still gets a pool, an unlimited one, so that every result
// says how many GPUs the run needed there (AWS grants 0 until raised, A11).

// GPUQuota is one row of the account's GPU quota table.
type GPUQuota struct {
	Location   string
	Generation string // gen4n, gen5n, gen6n, gen6e
	GPUs       int    // instances; 0 allows none
}

// Generations lists the GPU generations quotas are counted by.
var Generations = []string{"gen4n", "gen5n", "gen6n", "gen6e"}

// Generation returns the class's GPU generation: the part of its name
// before the first underscore ("gen6n_high" -> "gen6n").
func (c Class) Generation() string {
	g, _, _ := strings.Cut(c.Name, "_")
	return g
}

// QuotaResult is what one GPU quota saw over a replication (after the
// warm-up, except MaxInUse, which covers the whole run).
type QuotaResult struct {
	Location, Generation string
	GPUs                 int
	// Unlimited marks a (location, generation) without a quota row: the
	// run did not limit it, and GPUs is 0; MaxInUse is what it needed.
	Unlimited            bool
	MaxInUse             int64 // most GPUs allocated or allocating at once
	StalledAllocations   int64 // instance allocations that had to wait
	StallInstanceSeconds float64
}

type quotaPool struct {
	cfg       GPUQuota
	unlimited bool // no quota row: the need is measured, nothing stalls
	inUse     int
	locs      []int // every location record drawing on it
	maxIn     int64
}

// poolFor returns the quota pool of a location record, adding an
// unlimited one for a (location, generation) without a quota row.
func (m *model) poolFor(gi int, name string) int {
	gen := m.groups[gi].class.Generation()
	for i := range m.pools {
		if q := &m.pools[i].cfg; q.Location == name && q.Generation == gen {
			return i
		}
	}
	m.pools = append(m.pools, quotaPool{cfg: GPUQuota{Location: name, Generation: gen}, unlimited: true})
	return len(m.pools) - 1
}

// quotaTake reserves one GPU for a new instance of l, if the quota allows.
func (m *model) quotaTake(l *location) bool {
	if l.pool < 0 {
		return true
	}
	p := &m.pools[l.pool]
	if !p.unlimited && p.inUse >= p.cfg.GPUs {
		return false
	}
	p.inUse++
	p.maxIn = max(p.maxIn, int64(p.inUse))
	return true
}

// quotaGive returns the GPU of a released instance of l and lets the
// longest-stalled location of the quota allocate.
func (m *model) quotaGive(l *location, now sim.Time) {
	if l.pool < 0 {
		return
	}
	p := &m.pools[l.pool]
	p.inUse--
	for !p.unlimited && p.inUse < p.cfg.GPUs {
		var next *location
		for _, li := range p.locs {
			c := m.locs[li]
			if c.stalled == 0 {
				continue
			}
			if c.status != LocationActive {
				c.setStalled(m, 0, now)
				continue
			}
			if next == nil || c.stallSince < next.stallSince {
				next = c
			}
		}
		if next == nil {
			return
		}
		next.reconcile(m, now)
		if next.stalled > 0 && p.inUse < p.cfg.GPUs {
			m.fail("%s: stalled for quota with %d of %d GPUs in use", next.name, p.inUse, p.cfg.GPUs)
			return
		}
	}
}

// setStalled records that n instance allocations of l wait for quota.
func (l *location) setStalled(m *model, n int, now sim.Time) {
	if n == l.stalled {
		return
	}
	if n > l.stalled && now >= m.run.Warmup {
		l.stalledAllocations += int64(n - l.stalled)
	}
	if l.stalled == 0 {
		l.stallSince = now
	}
	l.stalled = n
	l.stallG.Set(now, int64(n))
}

// checkQuotas verifies that no quota is exceeded and that each pool's count
// is the instances its locations hold or are allocating.
func (m *model) checkQuotas() {
	for i := range m.pools {
		p := &m.pools[i]
		held := 0
		for _, li := range p.locs {
			held += m.locs[li].have()
		}
		if held != p.inUse {
			m.fail("GPU quota %s/%s: counter %d, locations hold %d", p.cfg.Location, p.cfg.Generation, p.inUse, held)
		}
		if !p.unlimited && p.inUse > p.cfg.GPUs {
			m.fail("GPU quota %s/%s exceeded: %d GPUs in use, quota %d", p.cfg.Location, p.cfg.Generation, p.inUse, p.cfg.GPUs)
		}
	}
}

func (m *model) quotaResults() []QuotaResult {
	var out []QuotaResult
	for i := range m.pools {
		p := &m.pools[i]
		q := QuotaResult{Location: p.cfg.Location, Generation: p.cfg.Generation, GPUs: p.cfg.GPUs,
			Unlimited: p.unlimited, MaxInUse: p.maxIn}
		for _, li := range p.locs {
			l := m.locs[li]
			q.StalledAllocations += l.stalledAllocations
			q.StallInstanceSeconds += l.stallG.Integral(m.run.Horizon)
		}
		out = append(out, q)
	}
	return out
}
