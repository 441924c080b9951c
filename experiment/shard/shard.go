package shard

import (
	"fmt"
	"strconv"
	"strings"
)

// MaxShards bounds a shard count: the largest array an engine runs
// (Kubernetes' Indexed Job completions), far beyond any useful split.
const MaxShards = 100_000

// Shard is shard Index of Count, counted from 0: one task of a batch
// engine's array (a Kubernetes Indexed Job's completion, an AWS Batch or
// Slurm array task) that computes its part of a sweep or run.
type Shard struct {
	Index int `json:"index"`
	Count int `json:"count"`
}

// String is "I/N".
func (s Shard) String() string { return strconv.Itoa(s.Index) + "/" + strconv.Itoa(s.Count) }

// ParseShard parses "I/N": 0 <= I < N.
func ParseShard(text string) (Shard, error) {
	i, n, ok := strings.Cut(text, "/")
	si, err1 := strconv.Atoi(strings.TrimSpace(i))
	sn, err2 := strconv.Atoi(strings.TrimSpace(n))
	if !ok || err1 != nil || err2 != nil || sn < 1 || sn > MaxShards || si < 0 || si >= sn {
		return Shard{}, fmt.Errorf("experiment: shard %q: want I/N, N from 1 to %d and I from 0 to N-1", text, MaxShards)
	}
	return Shard{Index: si, Count: sn}, nil
}

// Range returns the units [lo, hi) of n that the shard takes: the n units
// cut into Count contiguous runs whose sizes differ by at most one.
func (s Shard) Range(n int) (lo, hi int) {
	return s.Index * n / s.Count, (s.Index + 1) * n / s.Count
}

// Owner returns the index of the shard of count whose range holds unit u
// of n (0 <= u < n): the least i with u < (i+1)·n/count, as Range cuts.
func Owner(u, n, count int) int {
	return ((u+1)*count - 1) / n
}

// Unit is replications [From, To) of points[Point]: the work of one block.
type Unit struct{ Point, From, To int }

// unitsPerShard is how many units [PlanUnits] aims to give each shard at least,
// so that shards of few points with many replications still balance.
const unitsPerShard = 4

// PlanUnits cuts the work of points with reps[i] replications each into units
// for count shards, in point order then replication order: each point
// whole when there are at least unitsPerShard·count points, otherwise
// each point's replications cut into k nearly equal blocks (k =
// ceil(unitsPerShard·count / points), at least one replication per block).
// It depends only on reps and count, so every shard computes the same plan.
func PlanUnits(reps []int, count int) []Unit {
	k := 1
	if n := len(reps); n > 0 && n < unitsPerShard*count {
		k = (unitsPerShard*count + n - 1) / n
	}
	var out []Unit
	for i, r := range reps {
		b := min(k, r)
		for j := range b {
			out = append(out, Unit{Point: i, From: j * r / b, To: (j + 1) * r / b})
		}
	}
	return out
}
