package shard

import "testing"

// The plan tiles every point's replications, in order, with blocks whose
// sizes differ by at most one; there are enough units for every shard when
// the replications allow it; the shards' ranges partition the units, and
// Owner agrees with them.
func TestPlanTilesTheWork(t *testing.T) {
	for _, tc := range []struct {
		reps  []int
		count int
	}{
		{[]int{3, 3, 3, 3, 3, 3}, 7}, {[]int{50}, 100}, {[]int{50, 2}, 3}, {[]int{1, 1}, 4}, {make([]int, 1000), 100},
		{[]int{10, 20, 30, 40, 50, 60, 70, 80, 90, 100, 1, 2}, 2},
	} {
		for i := range tc.reps {
			if tc.reps[i] == 0 {
				tc.reps[i] = 5
			}
		}
		plan := PlanUnits(tc.reps, tc.count)
		next := make([]int, len(tc.reps))
		total := 0
		for _, u := range plan {
			if u.From != next[u.Point] || u.To <= u.From {
				t.Fatalf("%v/%d: unit %+v does not follow replication %d", tc.reps, tc.count, u, next[u.Point])
			}
			next[u.Point] = u.To
		}
		for i, r := range tc.reps {
			total += r
			if next[i] != r {
				t.Errorf("%v/%d: point %d covered to %d of %d", tc.reps, tc.count, i, next[i], r)
			}
		}
		if want := min(total, tc.count); len(plan) < want {
			t.Errorf("%v/%d: %d units for %d shards", tc.reps, tc.count, len(plan), tc.count)
		}
		seen := 0
		for s := range tc.count {
			lo, hi := Shard{Index: s, Count: tc.count}.Range(len(plan))
			if lo != seen {
				t.Fatalf("%v/%d: shard %d starts at %d, want %d", tc.reps, tc.count, s, lo, seen)
			}
			for u := lo; u < hi; u++ {
				if o := Owner(u, len(plan), tc.count); o != s {
					t.Errorf("unit %d: owner %d, range of shard %d", u, o, s)
				}
			}
			seen = hi
		}
		if seen != len(plan) {
			t.Errorf("%v/%d: shards cover %d of %d units", tc.reps, tc.count, seen, len(plan))
		}
	}
}
