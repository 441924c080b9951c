package optimize

import (
	"slices"
	"sync"
	"testing"

	"github.com/capsim/capsim/internal/testutil"
	"github.com/capsim/capsim/scenarios"
	"github.com/capsim/capsim/sim"
	"github.com/capsim/capsim/simrun"
)

// TestVerificationStreamsDisjoint: every replication the search runs has
// an index below its most replications, every one a verification round
// runs lies in that round's range [k·VerifyBase, k·VerifyBase + V), and no
// index is both; distinct indices give every named random stream distinct
// seeds (sim.StreamSeeds mixes the index through splitmix64, a bijection),
// so the verification's streams are none of the search's. The figures
// reported are the fresh replications': the plan chosen's block starts at
// its round's first replication.
func TestVerificationStreamsDisjoint(t *testing.T) {
	sc, err := scenarios.Default()
	testutil.NoErr(t, err)
	testutil.NoErr(t, sc.SetAll([]string{"simulation.horizon=5h", "simulation.warmup=1h", "simulation.replications=6"}))
	r, err := simrun.Resolve(sc, simrun.Metrics)
	testutil.NoErr(t, err)
	ns := r.Namespace()
	req, err := ns.Requirement("total.placement_failure_ratio<=0.02")
	testutil.NoErr(t, err)
	obj, err := ns.Objective("total.cost_usd")
	testutil.NoErr(t, err)
	var mu sync.Mutex
	var seen []int
	ranReplication = func(i int) { mu.Lock(); seen = append(seen, i); mu.Unlock() }
	defer func() { ranReplication = nil }()
	vars := []Var{{Path: "stream_group[0].location[0].always_on", Lo: 0, Hi: 40, Step: 2, Start: 20}}
	res, err := Run(sc, vars, []simrun.Requirement{req}, obj, Options{Workers: 3, RecheckPass: 0.9})
	testutil.NoErr(t, err)
	if res.Chosen == nil || len(res.Rounds) == 0 {
		t.Fatalf("no plan verified: %+v", res.Rounds)
	}
	maxSearch := maxReplications(sc)
	var search, fresh []int
	for _, i := range seen {
		switch {
		case i < maxSearch:
			search = append(search, i)
		case inRound(res.Rounds, i):
			fresh = append(fresh, i)
		default:
			t.Fatalf("replication %d is neither the search's (< %d) nor a round's", i, maxSearch)
		}
	}
	slices.Sort(search)
	slices.Sort(fresh)
	search, fresh = slices.Compact(search), slices.Compact(fresh)
	if len(search) == 0 || len(fresh) == 0 {
		t.Fatalf("%d search and %d fresh replications", len(search), len(fresh))
	}
	seeds := map[uint64]int{}
	for _, i := range append(append([]int(nil), search...), fresh...) {
		s1, _ := sim.StreamSeeds(sc.Simulation.Seed, i, "demand/europe/arrivals")
		if j, dup := seeds[s1]; dup {
			t.Fatalf("replications %d and %d share a stream seed", i, j)
		}
		seeds[s1] = i
	}
	last := res.Rounds[len(res.Rounds)-1]
	if res.Chosen.Block.Replications != last.Replications || res.Chosen != last.Fresh || last.First != len(res.Rounds)*VerifyBase {
		t.Errorf("the chosen plan's figures: %d replications of round %d from %d", res.Chosen.Block.Replications, last.Number, last.First)
	}
}

// inRound reports whether replication i lies in a verification round's
// range.
func inRound(rounds []*Round, i int) bool {
	for _, r := range rounds {
		if i >= r.First && i < r.First+r.Replications {
			return true
		}
	}
	return false
}
