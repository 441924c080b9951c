package reports

import (
	"cmp"
	"math"
	"slices"
)

// Pareto returns the indices of the points (x[i], y[i]) that no other
// point dominates, both coordinates lower-is-better: j dominates i if
// x[j] ≤ x[i] and y[j] ≤ y[i], one of them strictly. Points with an
// undefined coordinate are left out. The indices are sorted by x, then y,
// then index; equal points are all kept.
func Pareto(x, y []float64) []int {
	var out []int
	for i := range x {
		if math.IsNaN(x[i]) || math.IsNaN(y[i]) {
			continue
		}
		dominated := false
		for j := range x {
			if x[j] <= x[i] && y[j] <= y[i] && (x[j] < x[i] || y[j] < y[i]) {
				dominated = true
				break
			}
		}
		if !dominated {
			out = append(out, i)
		}
	}
	slices.SortFunc(out, func(a, b int) int {
		return cmp.Or(cmp.Compare(x[a], x[b]), cmp.Compare(y[a], y[b]), a-b)
	})
	return out
}
