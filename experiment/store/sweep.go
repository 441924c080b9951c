package store

import (
	"github.com/capsim/capsim/experiment/design"
	"github.com/capsim/capsim/reports"
	"github.com/capsim/capsim/simrun"
)

// Sweep gathers the points' blocks (in design order) into a sweep of the
// scenario of meta, the points skipped listed, and judges it under reqs
// (simrun.JudgeSweep; nil: none). An error of the judge (a metric a
// point has not) wraps reports.ErrUnknownMetric.
func Sweep(meta reports.Meta, paths []string, points []design.Point, blocks []*Block,
	skipped []reports.SkippedPoint, reqs []simrun.Requirement) (*reports.Sweep, error) {
	sw := &reports.Sweep{Meta: meta, Paths: paths, Points: []reports.SweepPoint{}, Skipped: skipped}
	for i, b := range blocks {
		s, err := b.Summary()
		if err != nil {
			return nil, err
		}
		sw.Points = append(sw.Points, reports.SweepPoint{Values: points[i].Values(), PointSHA256: b.PointSHA256, Summary: s})
	}
	return sw, simrun.JudgeSweep(sw, reqs)
}

// SkippedPoints are the points that failed, as a sweep lists them.
func SkippedPoints(skipped []design.Skipped) []reports.SkippedPoint {
	out := []reports.SkippedPoint{}
	for _, s := range skipped {
		out = append(out, reports.SkippedPoint{Values: s.Point.Values(), Error: s.Err.Error()})
	}
	return out
}

// Points are the points of prep.
func Points(prep []design.Prepared) []design.Point {
	out := make([]design.Point, len(prep))
	for i, p := range prep {
		out[i] = p.Point
	}
	return out
}
