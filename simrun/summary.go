package simrun

import (
	"fmt"

	"github.com/capsim/capsim/models/streams"
	"github.com/capsim/capsim/reports"
	"github.com/capsim/capsim/scenarios"
)

// Meta is the Meta of the outputs of sc as it stands, run by capsim
// version.
func Meta(sc *scenarios.Scenario, version string) reports.Meta {
	m := reports.Meta{Scenario: sc.Name, ScenarioSHA256: sc.SHA256(), Seed: sc.Simulation.Seed,
		Replications: sc.Simulation.Replications, HorizonSeconds: sc.Simulation.Horizon.Seconds(),
		WarmupSeconds: sc.Simulation.Warmup.Seconds(), CapsimVersion: version}
	m.Prices = Prices(sc)
	if len(m.Prices) > 0 {
		m.BillingUnit = sc.Service.BillingUnit
	}
	return m
}

// Prices are the prices sc's stream-group locations bill at, each with
// what it is per (service.billing_unit) and its source.
func Prices(sc *scenarios.Scenario) []reports.Price {
	var out []reports.Price
	for _, u := range sc.PricesUsed() {
		p := reports.Price{StreamGroup: u.StreamGroup, Location: u.Location, Class: u.Class, USDPerHour: u.USDPerHour,
			Per: PricePer(sc.Service.BillingUnit, u.Tenancy), Confidence: u.Confidence}
		switch {
		case u.Shipped:
			p.Origin = "shipped"
			p.Source = fmt.Sprintf("%s, %s; the source says %q", u.Source, u.Date, u.StatedUnit)
		case u.Source != "":
			p.Origin, p.Source = "scenario", u.Source
		default:
			p.Origin, p.Source = "scenario", "[[price]] without a source"
		}
		out = append(out, p)
	}
	return out
}

// PricePer says what a price is per under billing unit for a class of
// tenancy streams per instance: "instance-hour (2 streams)" or
// "stream-hour".
func PricePer(billingUnit string, tenancy int) string {
	if billingUnit == string(streams.PerStream) {
		return "stream-hour"
	}
	if tenancy == 1 {
		return "instance-hour (1 stream)"
	}
	return fmt.Sprintf("instance-hour (%d streams)", tenancy)
}

// Summary summarises replications of both models ([reports.NewSummary]).
func Summary(meta reports.Meta, reps []Replication) (*reports.Summary, error) {
	results, fresults := Split(reps)
	return reports.NewSummary(meta, results, fresults)
}

// ScopesSummary estimates every metric of scopes (each series a metric's
// value per replication) as [Summary] does from the replications' results.
func ScopesSummary(meta reports.Meta, scopes []Scope) (*reports.Summary, error) {
	s := &reports.Summary{Meta: meta, Locations: []reports.LocationSummary{}}
	for _, sc := range scopes {
		reps := map[string][]float64{}
		for _, m := range sc.Metrics {
			reps[m.Name] = m.Reps
		}
		m, err := reports.NewMetricsFromReplications(sc.Model, reps)
		if err != nil {
			return nil, err
		}
		switch {
		case sc.Name == "total":
			s.Total = m
		case sc.Name == "fleet_total":
			s.FleetTotal = &m
		case sc.Model == "fleets":
			s.Fleets = append(s.Fleets, reports.FleetSummary{Fleet: sc.Owner, Location: sc.Location, Kind: sc.Kind, FleetMetrics: m})
		case sc.Model == "hours":
			s.Hours = append(s.Hours, reports.HourSummary{Hour: len(s.Hours), Metrics: m})
		case sc.Model == "regions":
			s.PlayerRegions = append(s.PlayerRegions, reports.RegionSummary{Region: sc.Region, Metrics: m})
		default:
			s.Locations = append(s.Locations, reports.LocationSummary{StreamGroup: sc.Owner, Location: sc.Location, Class: sc.Kind, Metrics: m})
		}
	}
	return s, nil
}

// skeleton is a summary of r's locations, fleet locations, hours and
// player regions with no values: what metric names are resolved against
// before anything runs.
func (r *Resolved) skeleton() *reports.Summary {
	empty := func(m reports.Metrics, _ error) reports.Metrics { return m }
	s := &reports.Summary{Total: empty(reports.NewStreamMetrics(nil))}
	for _, g := range r.Streams.Groups {
		for _, l := range g.Locations {
			s.Locations = append(s.Locations, reports.LocationSummary{StreamGroup: g.Name, Location: l.Name,
				Class: g.Class.Name, Metrics: empty(reports.NewStreamMetrics(nil))})
		}
	}
	if r.Fleets != nil {
		for _, f := range r.Fleets.Fleets {
			for _, l := range f.Locations {
				s.Fleets = append(s.Fleets, reports.FleetSummary{Fleet: f.Name, Location: l, Kind: string(f.Kind),
					FleetMetrics: empty(reports.NewFleetMetrics(nil))})
			}
		}
		total := empty(reports.NewFleetMetrics(nil))
		s.FleetTotal = &total
	}
	if len(s.Locations) > 0 { // what a run asked for hours records
		for h := range streams.HoursOfDay {
			s.Hours = append(s.Hours, reports.HourSummary{Hour: h, Metrics: empty(reports.NewHourMetrics(nil))})
		}
	}
	for _, name := range r.Streams.PlayerRegions { // every replication records them
		s.PlayerRegions = append(s.PlayerRegions, reports.RegionSummary{Region: name, Metrics: empty(reports.NewRegionMetrics(nil))})
	}
	return s
}

// Assumptions are sc's assumptions in force — `[service]`, each demand's
// `[demand.client]` and each Spot fleet's `[fleet.spot]` settings — as a
// run's report lists them.
func Assumptions(sc *scenarios.Scenario) []reports.Assumption {
	var as []reports.Assumption
	for _, a := range sc.Assumptions() {
		as = append(as, reports.Assumption{Key: a.Key, Value: a.Value, Source: a.Source, Default: a.Default})
	}
	return as
}

// Timeouts labels the placement timeouts that apply to r's locations
// (streams.Config.PlacementTimeouts) for the latency plots.
func (r *Resolved) Timeouts() []reports.Timeout {
	var out []reports.Timeout
	for _, pt := range r.Streams.PlacementTimeouts() {
		label := "always-on timeout "
		switch {
		case pt.OnDemand && pt.OS == streams.Windows:
			label = "on-demand timeout (Windows) "
		case pt.OnDemand:
			label = "on-demand timeout "
		}
		out = append(out, reports.Timeout{Label: label + reports.FormatDuration(pt.Timeout.Seconds()), Seconds: pt.Timeout.Seconds()})
	}
	return out
}
