package scenarios

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/capsim/capsim/models/streams"
)

// gpuQuotas validates the [[gpu_quota]] table: one row per (location,
// generation), a known generation, gpus ≥ 0, and a location where some
// stream group of that generation is at some time (a typo otherwise).
// Without a row, a (location, generation) is not limited.
func (b *builder) gpuQuotas(cfg *streams.Config) {
	sc, p := b.sc, b.p
	seen := map[[2]string]bool{}
	for i, q := range sc.GPUQuotas {
		path := fmt.Sprintf("gpu_quota[%d]", i)
		if q.Location == "" {
			p.add(path+".location", "a GPU quota needs a location, e.g. \"us-east-1\"")
		} else if !b.knownLocation(path+".location", q.Location) {
			q.Location = "" // one error is enough
		}
		knownGen := slices.Contains(streams.Generations, q.Generation)
		if !knownGen {
			p.add(path+".generation", "unknown GPU generation %q (valid: %s)", q.Generation, strings.Join(streams.Generations, ", "))
		}
		if q.GPUs < 0 || q.GPUs > MaxStreamsPerLocation {
			p.add(path+".gpus", "must be between 0 and %d GPUs, got %d", MaxStreamsPerLocation, q.GPUs)
		}
		b.pairOnce(seen, path, "GPU quota", q.Generation, q.Location)
		if q.Location != "" && knownGen && !b.generationUsedAt(q.Location, q.Generation) {
			p.add(path+".location", "no stream group of generation %s is ever in %s", q.Generation, q.Location)
		}
		cfg.GPUQuotas = append(cfg.GPUQuotas, streams.GPUQuota{Location: q.Location, Generation: q.Generation, GPUs: q.GPUs})
	}
}

func (b *builder) generationUsedAt(loc, gen string) bool {
	for gi := range b.sc.StreamGroups {
		if gi < len(b.classes) && b.classes[gi].Generation() == gen && gi < len(b.everPresent) && b.everPresent[gi][loc] {
			return true
		}
	}
	return false
}

// recreateEvery validates a group's recreation period: ≥ 0 and, when groups
// expire, shorter than their lifetime (else it cannot prevent expiry).
func (b *builder) recreateEvery(path string, every time.Duration) {
	life := b.sc.Service.StreamGroupLifetime
	switch {
	case every < 0:
		b.p.add(path, "must not be negative (0: never), got %v", every)
	case every > 0 && every < time.Hour:
		b.p.add(path, "%v is shorter than an hour; S004 advises recreating every 3-4 weeks, e.g. \"504h\" (21 days)", every)
	case every > 0 && life > 0 && every >= life:
		b.p.add(path, "%v is not shorter than service.stream_group_lifetime %v: the group would expire first", every, life)
	}
}
