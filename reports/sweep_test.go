package reports

import (
	"math"
	"slices"
	"testing"
)

// The Pareto front of a hand-checked set (cost, p95):
//
//	0 (1, 9)  front: cheapest
//	1 (2, 5)  front
//	2 (3, 5)  dominated by 1
//	3 (4, 1)  front
//	4 (4, 2)  dominated by 3
//	5 (5, 1)  dominated by 3
//	6 (2, 5)  front: equal to 1
//	7 (NaN,0) left out
func TestPareto(t *testing.T) {
	x := []float64{1, 2, 3, 4, 4, 5, 2, math.NaN()}
	y := []float64{9, 5, 5, 1, 2, 1, 5, 0}
	if got, want := Pareto(x, y), []int{0, 1, 6, 3}; !slices.Equal(got, want) {
		t.Errorf("Pareto = %v, want %v", got, want)
	}
}
