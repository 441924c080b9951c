package htmlreport

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/capsim/capsim/reports"
)

// runMeta returns the header line of a run: scenario, hash, seed,
// replications, horizon and warm-up.
func runMeta(scenario, sha string, seed uint64, reps int, horizon, warmup float64) []Field {
	return []Field{
		{Label: "scenario", Value: scenario},
		{Label: "sha256", Value: sha},
		{Label: "seed", Value: strconv.FormatUint(seed, 10)},
		{Label: "replications", Value: strconv.Itoa(reps)},
		{Label: "horizon", Value: reports.FormatDuration(horizon)},
		{Label: "warm-up", Value: reports.FormatDuration(warmup)},
	}
}

// NewRunPage assembles report.html: the key figures of the run (all
// locations together), the plots in the order given, the per-location table,
// the service assumptions and the command line. If s has fleets, they are
// added with [AddFleets]; a run with fleets and no stream group location
// shows only the fleets' key figures and table.
func NewRunPage(s *reports.Summary, figs []Figure, assumptions []reports.Assumption, command string) *Page {
	p := &Page{
		Title:      "capsim report: " + s.Scenario,
		Meta:       runMeta(s.Scenario, s.ScenarioSHA256, s.Seed, s.Replications, s.HorizonSeconds, s.WarmupSeconds),
		KeyFigures: keyFigures(&s.Total, ""),
		Notes: []string{fmt.Sprintf("Each figure is the mean over %d replications; ± is its 95%% confidence half-width. "+
			"The first %s are warm-up and excluded from every figure above.", s.Replications, reports.FormatDuration(s.WarmupSeconds))},
		Figures: figs,
		Tables: []Table{{ID: "locations", Caption: "Per location (columns) and all locations together (total).",
			Table: reports.SummaryTable(s)}},
		Assumptions: assumptions,
		Command:     command,
		Version:     s.CapsimVersion,
	}
	p.Notes = append(p.Notes, reports.Findings(s)...)
	if note := reports.BillingNote(&s.Meta); note != "" {
		for i := range p.KeyFigures {
			if strings.HasSuffix(p.KeyFigures[i].Label, "cost") {
				p.KeyFigures[i].Note += "; " + note
			}
		}
	}
	if len(s.Prices) > 0 {
		p.Tables = append(p.Tables, Table{ID: "prices", Caption: "The prices this run billed at: USD per hour of one " +
			"service.billing_unit (" + s.BillingUnit + "), billed per second of allocated capacity, streaming or idle. " +
			"A [[price]] row in the scenario overrides a shipped one (docs/scenario-reference.md).",
			Table: reports.PriceTable(&s.Meta), WrapFrom: 5})
	}
	if len(s.PlayerRegions) > 0 {
		p.Tables = append(p.Tables, Table{ID: "player-regions", Caption: "Per player region: the sessions placed, the share streamed from the players' own continent, " +
			"and the players' round trip to the location that served them (RTT above simulation.latency_threshold: the share beyond it).", Table: reports.RegionTable(s)})
	}
	if len(s.GPUQuotas) > 0 {
		p.Tables = append(p.Tables, Table{ID: "gpu-quotas", Caption: "GPU quota per location and GPU generation: the peak GPUs the plan needed " +
			"(allocated or allocating at once) against the [[gpu_quota]] row; AWS grants 0 until raised (A11).", Table: reports.QuotaTable(s)})
	}
	if len(s.Fleets) > 0 {
		if len(s.Locations) == 0 { // fleets only: the stream figures would all be n/a
			p.KeyFigures, p.Tables = nil, nil
		}
		AddFleets(p, s.Fleets, s.FleetTotal)
	}
	return p
}

// NewComparePage assembles compare.html: the cheapest acceptable class, the
// comparison table, its plots, the assumptions and the command line.
func NewComparePage(c *reports.Comparison, figs []Figure, assumptions []reports.Assumption, command string) *Page {
	best := Field{Label: "cheapest acceptable class", Value: "none",
		Note: "no class meets the targets"}
	for _, r := range c.Rows {
		if r.Class == c.Cheapest {
			best = Field{Label: "cheapest acceptable class", Value: r.Class,
				Note: reports.FormatUSD(r.CostUSD) + ", p95 " + reports.FormatSeconds(r.P95LatencySeconds) + " s; " + c.VRAMNote(r.Class)}
		}
	}
	return &Page{
		Title: "capsim compare: " + c.Scenario,
		Meta:  runMeta(c.Scenario, c.ScenarioSHA256, c.Seed, c.Replications, c.HorizonSeconds, c.WarmupSeconds),
		KeyFigures: []Field{
			best,
			{Label: "classes compared", Value: strconv.Itoa(len(c.Rows)), Note: "same seed: identical demand"},
			{Label: "latency target", Value: "p95 ≤ " + reports.FormatDuration(c.TargetP95Seconds)},
			{Label: "failure target", Value: "≤ " + strconv.FormatFloat(100*c.TargetFailureRatio, 'g', 4, 64) + "%",
				Note: "placement failure ratio"},
		},
		Notes: []string{"Every stream group runs on each class in turn, with its capacity settings rounded up " +
			"to whole instances of that class; demand is identical across classes (common random numbers)."},
		Figures: figs,
		Tables: []Table{{ID: "classes", Caption: "One row per class. Acceptable: meets the latency and failure targets and, " +
			"given the game's VRAM need (compare --vram-gb), has that much VRAM per stream; without it, a class is a candidate " +
			"only if the game runs in its VRAM per stream.",
			Table: reports.CompareTable(c)}},
		Assumptions: assumptions,
		Command:     command,
		Version:     c.CapsimVersion,
	}
}
