package design

import (
	"errors"
	"fmt"
	"math"
)

// ErrTooMuchWork is wrapped by [CheckWork]'s error: a design whose
// replications together simulate more requests than the limit.
// It wraps [ErrDesign] too.
var ErrTooMuchWork = errors.New("too much work")

// TooMuchWork is an error with text msg that wraps ErrTooMuchWork and
// ErrDesign: the work limit of another search (optimize's) met.
func TooMuchWork(msg string) error { return workError(msg) }

// workError is CheckWork's error, its text as shown.
type workError string

func (e workError) Error() string { return string(e) }
func (e workError) Is(target error) bool {
	return target == ErrTooMuchWork || target == ErrDesign
}

// CheckWork refuses, before anything runs, simulating reps(i)
// replications of each point of prep when they would receive more
// requests than limit together (what simulation.max_total_requests
// bounds for one run: each point was checked alone when it resolved);
// what names the work ("sweep", "sensitivity") in the error, which gives
// the computed figures.
func CheckWork(what string, prep []Prepared, reps func(i int) int, limit int64) error {
	var total, most float64
	n := 0
	for i, p := range prep {
		w := p.ExpectedRequests() * float64(reps(i))
		if w > 0 {
			n++
		}
		total += w
		most = math.Max(most, w)
	}
	if total <= float64(limit) {
		return nil
	}
	return workError(fmt.Sprintf("experiment: %s: about %.3g requests in all (%d points, %.3g at most a point) is beyond simulation.max_total_requests = %d; "+
		"use fewer points, fewer replications, a shorter horizon or less demand, or raise simulation.max_total_requests (--set simulation.max_total_requests=N)",
		what, total, n, most, limit))
}
