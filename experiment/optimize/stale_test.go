package optimize

import (
	"github.com/capsim/capsim/scenarios"
	"github.com/capsim/capsim/simrun"
	"strconv"
	"testing"
)

// TestOptimizeBestStaysFeasible judges plans of two variables so that a
// plan summing to 6 passes on its first 3 replications and fails once it
// has more (as a borderline plan can), while sums of 8 and more always
// pass. The search extends plans to compare them (better, settle), so a
// plan chosen as best on 3 replications is failed later: the plan returned
// must be feasible on the replications it ends with.
func TestOptimizeBestStaysFeasible(t *testing.T) {
	sc, err := scenarios.Default()
	if err != nil {
		t.Fatal(err)
	}
	if err := sc.SetAll([]string{"simulation.horizon=3h", "simulation.warmup=30m", "simulation.replications=3"}); err != nil {
		t.Fatal(err)
	}
	p0, p1 := "stream_group[0].location[0].always_on", "stream_group[0].location[1].always_on"
	vars := []Var{{Path: p0, Lo: 0, Hi: 8, Step: 2, Start: 8}, {Path: p1, Lo: 0, Hi: 8, Step: 2, Start: 8}}
	const first = 3
	for _, penalty := range []float64{0.1, 0.5, 1} {
		judge := func(b *Block) (Assessment, error) {
			sum, x0 := 0, 0
			for i, a := range b.Point {
				v, err := strconv.Atoi(a.Value)
				if err != nil {
					t.Fatal(err)
				}
				sum += v
				if i == 0 {
					x0 = v
				}
			}
			cost, ok := b.Reps("total", "cost_usd")
			if !ok {
				t.Fatal("no total.cost_usd")
			}
			obj := append(simrun.Values(nil), cost...)
			for k := range obj {
				obj[k] += penalty*float64(sum) + 0.01*float64(x0)
			}
			st := simrun.Fails
			if sum >= 8 || sum >= 6 && b.Replications <= first {
				st = simrun.Holds
			}
			return Assessment{Status: st, Objective: obj}, nil
		}
		res, err := runSearch(sc, vars, judge, Options{Workers: 2, FirstReplications: first, MaxReplications: 12})
		if err != nil {
			t.Fatal(err)
		}
		if res.Best < 0 {
			t.Fatalf("penalty %g: no plan returned, though every plan summing to 8 or more holds", penalty)
		}
		if b := res.Evaluated[res.Best]; !b.Feasible {
			t.Errorf("penalty %g: best plan %v is infeasible on its %d replications", penalty, b.Plan, len(b.Assessment.Objective))
		}
	}
}
