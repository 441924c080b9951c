package fit

import (
	"math"
	"slices"
)

// minimize finds a minimum of f over len(x0) parameters by the
// Nelder–Mead simplex (reflection 1, expansion 2, contraction 0.5, shrink
// 0.5), from x0 with initial steps of 0.1, until the simplex is narrower
// than 1e-9, or narrower than 1e-6 with values agreeing to tol (relative),
// or maxIter iterations. gonum's optimize package would do the same, but
// it imports gonum's distmv, which needs golang.org/x/tools: a module
// capsim does not otherwise depend on.
func minimize(f func([]float64) float64, x0 []float64, tol float64, maxIter int) ([]float64, float64) {
	n := len(x0)
	type vertex struct {
		x []float64
		v float64
	}
	eval := func(x []float64) vertex {
		v := f(x)
		if math.IsNaN(v) {
			v = math.Inf(1)
		}
		return vertex{x, v}
	}
	s := []vertex{eval(slices.Clone(x0))}
	for i := range n {
		x := slices.Clone(x0)
		x[i] += 0.1
		s = append(s, eval(x))
	}
	// along returns a + t(b - a).
	along := func(a, b []float64, t float64) []float64 {
		out := make([]float64, n)
		for i := range out {
			out[i] = a[i] + t*(b[i]-a[i])
		}
		return out
	}
	byValue := func(a, b vertex) int { return cmpFloat(a.v, b.v) }
	for range maxIter {
		slices.SortStableFunc(s, byValue)
		diam := 0.0
		for _, v := range s[1:] {
			d := 0.0
			for i := range n {
				d += (v.x[i] - s[0].x[i]) * (v.x[i] - s[0].x[i])
			}
			diam = max(diam, math.Sqrt(d))
		}
		if diam < 1e-9 || math.Abs(s[n].v-s[0].v) <= tol*(1+math.Abs(s[0].v)) && diam < 1e-6 {
			break
		}
		c := make([]float64, n)
		for _, v := range s[:n] {
			for i := range n {
				c[i] += v.x[i] / float64(n)
			}
		}
		worst := s[n]
		r := eval(along(c, worst.x, -1))
		switch {
		case r.v < s[0].v:
			if e := eval(along(c, worst.x, -2)); e.v < r.v {
				s[n] = e
			} else {
				s[n] = r
			}
		case r.v < s[n-1].v:
			s[n] = r
		default:
			t := 0.5
			if r.v < worst.v {
				t = -0.5 // outside contraction
			}
			if k := eval(along(c, worst.x, t)); k.v < min(r.v, worst.v) {
				s[n] = k
				continue
			}
			for i := 1; i <= n; i++ {
				s[i] = eval(along(s[0].x, s[i].x, 0.5))
			}
		}
	}
	best := slices.MinFunc(s, byValue)
	return best.x, best.v
}
