package htmlreport

import (
	"bytes"
	"math"
	"strings"
	"testing"

	"github.com/capsim/capsim/reports"
	"github.com/capsim/capsim/sim"
)

func evilFleets() ([]reports.FleetSummary, *reports.FleetMetrics) {
	e := sim.Estimate{Mean: 1.5, CI95: 0.25, N: 3}
	metrics := func(p95, ci float64, max sim.Estimate) reports.FleetMetrics {
		m, err := reports.NewFleetMetrics(map[string]sim.Estimate{"placements": e, "fulfilled": e, "timed_out": e,
			"timed_out_ratio": {Mean: 0.025, CI95: 0.005, N: 3}, "placement_latency_seconds.mean": e,
			"placement_latency_seconds.p50": e, "placement_latency_seconds.p95": {Mean: p95, CI95: ci, N: 3},
			"placement_latency_seconds.p99": e, "instances.mean": e, "instances.max": max, "utilisation": e,
			"cost_usd": {Mean: 80, CI95: 4, N: 3}, "idle_cost_usd": {Mean: 20, CI95: 2, N: 3},
			"terminations_by_reason.normal": e, "terminations_by_reason.INTERRUPTED": e})
		if err != nil {
			panic(err)
		}
		return m
	}
	m := metrics(42, 3, e)
	total := metrics(55, 5, sim.Estimate{Mean: math.NaN(), CI95: math.NaN()})
	return []reports.FleetSummary{
		{Fleet: evil, Location: `"><img src=x onerror=alert(2)>`, Kind: "ec2", FleetMetrics: m},
		{Fleet: "fiq", Location: "eu-west-1", Kind: "fleetiq", FleetMetrics: m},
	}, &total
}

// TestFleetEscaping: fleet names are text, never markup, in the table and
// in the key figures' notes.
func TestFleetEscaping(t *testing.T) {
	fs, total := evilFleets()
	p := NewRunPage(evilSummary(), nil, nil, "capsim run x")
	n := len(p.KeyFigures)
	AddFleets(p, fs, nil) // no total: the first location's figures, named in the notes
	if len(p.KeyFigures) != n+6 {
		t.Fatalf("%d key figures after AddFleets, want %d", len(p.KeyFigures), n+6)
	}
	out := writeNoMarkup(t, p, "a fleet name")
	for _, want := range []string{`<div class="scroll" id="fleets">`, `<a href="#fleets">Fleets</a>`,
		"fleet placements timed out", "2.50% ± 0.50", "42.0 ± 3.00 s", "$80.00 ± 4.00", "25.0% of the cost",
		"&lt;script&gt;alert(1)&lt;/script&gt;/&#34;&gt;&lt;img src=x onerror=alert(2)&gt; (ec2)",
		"fulfilled placements, &lt;script&gt;alert(1)&lt;/script&gt;/", "fiq/eu-west-1 (fleetiq)", "INTERRUPTED"} {
		if !strings.Contains(out, want) {
			t.Errorf("page lacks %q", want)
		}
	}
	if i := strings.Index(out, `id="fleets"`); i < 0 || strings.Contains(out[i:], "<th>total</th>") {
		t.Error("a fleet total column without a total")
	}

	q := NewRunPage(evilSummary(), nil, nil, "capsim run x")
	AddFleets(q, fs, total)
	out = writeNoMarkup(t, q, "a fleet name")
	for _, want := range []string{"55.0 ± 5.00 s", "fulfilled placements, all fleet locations", "<th>total</th>",
		"and all fleet locations together (total)."} {
		if !strings.Contains(out, want) {
			t.Errorf("page with a total lacks %q", want)
		}
	}
}

func TestAddFleetsNone(t *testing.T) {
	p := NewRunPage(evilSummary(), nil, nil, "capsim run x")
	before := *p
	AddFleets(p, nil, nil)
	if len(p.KeyFigures) != len(before.KeyFigures) || len(p.Tables) != len(before.Tables) || len(p.Notes) != len(before.Notes) {
		t.Error("AddFleets with no fleet changed the page")
	}
	var buf bytes.Buffer
	if err := Write(&buf, p); err != nil {
		t.Fatal(err)
	}
	if strings.Contains(buf.String(), "#fleets") {
		t.Error("a page without fleets links to them")
	}
}

// TestRunPageFleets: NewRunPage adds the summary's fleets itself, and a
// fleets-only run drops the stream figures.
func TestRunPageFleets(t *testing.T) {
	s := evilSummary()
	s.Fleets, s.FleetTotal = evilFleets()
	p := NewRunPage(s, nil, nil, "capsim run x")
	if len(p.Tables) != 2 || p.Tables[1].ID != FleetTableID || p.KeyFigures[0].Label != "p95 wait to first frame" {
		t.Errorf("streams and fleets: tables %d, first key figure %q", len(p.Tables), p.KeyFigures[0].Label)
	}
	s.Locations = nil
	p = NewRunPage(s, nil, nil, "capsim run x")
	if len(p.Tables) != 1 || p.Tables[0].ID != FleetTableID || len(p.KeyFigures) != 6 ||
		p.KeyFigures[0].Label != "fleet placements timed out" {
		t.Errorf("fleets only: %d tables, %d key figures, first %q", len(p.Tables), len(p.KeyFigures), p.KeyFigures[0].Label)
	}
	var buf bytes.Buffer
	if err := Write(&buf, p); err != nil {
		t.Fatal(err)
	}
	if strings.Contains(buf.String(), "placement failure ratio") {
		t.Error("a fleets-only page shows the stream figures")
	}
}
