package records

import (
	"cmp"
	"encoding/json"
	"io"
	"math"
	"slices"
	"strings"
)

// DefaultMaxResultBytes is ReadMetrics' default bound on one
// MetricDataResult: a month of one-minute points is about 2 MB.
const DefaultMaxResultBytes = 64 << 20

// Series is one metric's data points, merged over every page that carried
// its Id, sorted by time, one point per time.
type Series struct {
	Id, Label string
	// Metric and Location are read from the Label, written
	// "<MetricName> <location>" (e.g. "ActiveInstances us-east-1") or
	// "<MetricName>" alone: GetMetricData returns no dimensions, so the
	// label of each query must say them.
	Metric, Location string
	Points           []Point
	// Partial is true when a page gave this series a StatusCode other than
	// Complete (PartialData, InternalError, Forbidden): points are missing.
	Partial bool
}

// Point is one data point: a period's start and its value.
type Point struct {
	At    int64 // Unix nanoseconds
	Value float64
}

// MetricSet is what a GetMetricData export holds, series sorted by Id.
type MetricSet struct {
	Source string
	Series []Series
	Tally  MetricTally
}

// MetricTally counts what a read of CloudWatch exports met.
type MetricTally struct {
	Results     int   `json:"results"`      // MetricDataResults read (a series on several pages counts on each)
	Points      int   `json:"points"`       // points read
	Duplicates  int   `json:"duplicates"`   // a series' point at a time already read: the later read wins
	StatusCodes Names `json:"status_codes"` // by StatusCode
	Zones       Names `json:"zones"`
}

type resultJSON struct {
	Id, Label, StatusCode string
	Timestamps            []json.RawMessage
	Values                []float64
}

// ReadMetrics reads what `aws cloudwatch get-metric-data` prints (pages
// one after another or JSON Lines; gzip recognised). Without
// lim.MaxRecordBytes, a result may be DefaultMaxResultBytes; every point
// counts towards lim.MaxRecords.
func ReadMetrics(src string, r io.Reader, lim Limits) (*MetricSet, error) {
	if lim.MaxRecordBytes <= 0 {
		lim.MaxRecordBytes = DefaultMaxResultBytes
	}
	sc, err := newScanner(src, r, lim)
	if err != nil {
		return nil, err
	}
	set := &MetricSet{Source: src}
	byID := map[string]*Series{}
	if err := readItems(sc, "MetricDataResults", []string{"Id", "Label", "Timestamps", "Values", "StatusCode"},
		func(js *resultJSON) error { return set.add(js, byID, sc) }); err != nil {
		return nil, err
	}
	set.finish(byID)
	return set, nil
}

func (set *MetricSet) add(js *resultJSON, byID map[string]*Series, sc *scanner) error {
	t := &set.Tally
	t.Results++
	if js.Id == "" {
		return fieldErr("Id", "missing: every MetricDataResult has one")
	}
	if len(js.Timestamps) != len(js.Values) {
		return fieldErr("Values", "%d values for %d timestamps: GetMetricData pairs them one to one", len(js.Values), len(js.Timestamps))
	}
	t.StatusCodes.Add(js.StatusCode)
	s := byID[js.Id]
	if s == nil {
		if len(byID) >= maxNamesInTable {
			return fieldErr("Id", "more than %d series", maxNamesInTable)
		}
		s = &Series{Id: js.Id, Label: js.Label}
		s.Metric, s.Location = splitLabel(js.Label, js.Id)
		byID[js.Id] = s
	}
	if js.StatusCode != "" && !strings.EqualFold(js.StatusCode, "Complete") {
		s.Partial = true
	}
	for i, raw := range js.Timestamps {
		at, zone, err := parseStamp("Timestamps", raw)
		if err != nil {
			return err
		}
		if math.IsNaN(js.Values[i]) || math.IsInf(js.Values[i], 0) {
			return fieldErr("Values", "value %d is not a number", i)
		}
		t.Zones.Add(zone)
		s.Points = append(s.Points, Point{At: at, Value: js.Values[i]})
		t.Points++
		if t.Points > sc.lim.MaxRecords {
			return sc.errorf("", "more than %d points (the limit): export a shorter period or a longer period per point", sc.lim.MaxRecords)
		}
	}
	return nil
}

// splitLabel reads "<MetricName> <location>" (or the Id when there is no
// label).
func splitLabel(label, id string) (metric, location string) {
	if label == "" {
		label = id
	}
	f := strings.Fields(label)
	if len(f) == 2 && validLocation(f[1]) && strings.Count(f[1], "-") >= 2 {
		return f[0], f[1]
	}
	return label, ""
}

func (set *MetricSet) finish(byID map[string]*Series) {
	for _, s := range byID {
		var n int
		s.Points, n = dedupe(s.Points, func(a, b Point) int { return cmp.Compare(a.At, b.At) }, func(a, b *Point) bool { return a.At == b.At })
		set.Tally.Duplicates += n
		set.Series = append(set.Series, *s)
	}
	slices.SortFunc(set.Series, func(a, b Series) int { return strings.Compare(a.Id, b.Id) })
}
