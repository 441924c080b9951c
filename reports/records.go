package reports

import "time"

// RecordsReport is what a page about the service's own records shows —
// fit.html (a scenario fitted to them) or backtest.html (a scenario against
// them) — assembled by the package that made it (records/fit,
// records/backtest) as plain data: reports renders, it does not fit or
// compare.
type RecordsReport struct {
	Title      string
	Meta       []KeyFigure // label and value pairs under the title
	KeyFigures []KeyFigure
	Notes      []string
	Tables     []NamedTable
	Arrivals   []ArrivalCurve // fit: requests per hour of the day
	Lengths    []LengthFigure // fit: session or game lengths
	// Counted and Length name what the arrivals count and what the lengths
	// are of, in the figures' titles: "Requests" and "Session length" when
	// empty (a fleet's: "Game sessions", "Game length").
	Counted, Length string
	Bands           []BandSeries // backtest: observed against simulated bands
}

// NamedTable is a captioned table with an anchor.
type NamedTable struct {
	ID, Caption string
	Table
}

// ArrivalCurve is one place's fitted rate per UTC hour of the day, with
// its interval.
type ArrivalCurve struct {
	Place           string
	Rate, Low, High [24]float64 // per hour
	Spikes          int         // clock hours flagged as spikes, left out
}

// XY is a point of a curve.
type XY struct{ X, Y float64 }

// LengthFigure is one length fit: the Kaplan–Meier estimate and each
// family's fitted survival and QQ points, lengths in seconds.
type LengthFigure struct {
	Place    string
	Chosen   string
	KM       []XY // (seconds, survival) after each step
	Families []FamilyCurve
}

// FamilyCurve is one family's fit drawn against the estimate.
type FamilyCurve struct {
	Family   string
	AIC      float64
	PValue   float64 // of the goodness-of-fit test
	Survival []XY    // (seconds, fitted survival)
	QQ       []XY    // (fitted quantile, observed quantile), seconds
}

// BandSeries is one location's metric over the observed hours: the
// observation and the replications' band and median, one value an hour
// from Start; Unit names what the values count, Label is the short axis
// label.
type BandSeries struct {
	Location, Metric, Unit, Label string
	Start                         time.Time
	Hours                         []float64 // hours since Start of each value (the hour's start)
	Observed, Low, High           []float64
	Median                        []float64
	Inside                        []bool
}
