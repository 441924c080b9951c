package htmlreport

import (
	"bytes"
	"strings"
	"testing"

	"github.com/capsim/capsim/reports"
	"github.com/capsim/capsim/sim"
)

const evil = `<script>alert(1)</script>`

func evilSummary() *reports.Summary {
	e := sim.Estimate{Mean: 1.5, CI95: 0.25, N: 3}
	m, err := reports.NewStreamMetrics(map[string]sim.Estimate{"requests": e, "placement_failure_ratio": e, "utilisation": e,
		"cost_usd": e, "idle_cost_usd": e, "placement_latency_seconds.mean": e, "placement_latency_seconds.p50": e,
		"placement_latency_seconds.p95": e, "placement_latency_seconds.p99": e})
	if err != nil {
		panic(err)
	}
	return &reports.Summary{Meta: reports.Meta{Scenario: evil, ScenarioSHA256: "ab12", Seed: 3, Replications: 3,
		HorizonSeconds: 86400, WarmupSeconds: 3600, CapsimVersion: "test"},
		Locations: []reports.LocationSummary{{StreamGroup: evil, Location: `"><img src=x onerror=alert(2)>`, Class: "gen4n_high", Metrics: m}},
		Total:     m}
}

// writeNoMarkup writes p and stops the test if a script or an image
// element reached the page; what names the strings that must stay text.
func writeNoMarkup(t *testing.T, p *Page, what string) string {
	t.Helper()
	var buf bytes.Buffer
	if err := Write(&buf, p); err != nil {
		t.Fatal(err)
	}
	out := buf.String()
	if strings.Contains(strings.ToLower(out), "<script") || strings.Contains(out, "<img") {
		t.Fatalf("%s reached the page as markup:\n%s", what, out)
	}
	return out
}

// TestEscaping: every string from the scenario is text, never markup.
func TestEscaping(t *testing.T) {
	p := NewRunPage(evilSummary(), []Figure{{ID: "f", Title: evil, Caption: evil,
		SVG: []byte(`<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><text>&lt;script&gt;</text></svg>`)}},
		[]reports.Assumption{{Key: "packing", Value: evil, Source: evil}}, "capsim run '"+evil+"'")
	out := writeNoMarkup(t, p, "scenario text")
	if n := strings.Count(out, "&lt;script&gt;alert(1)&lt;/script&gt;"); n < 6 {
		t.Errorf("the escaped scenario name appears %d times, want it in title, heading, meta, table, figure, assumptions", n)
	}
	for _, want := range []string{"<title>capsim report: &lt;script&gt;", "Content-Security-Policy", "default-src 'none'",
		"p95 placement latency", "1.50 ± 0.250 s", "150.00% ± 25.00", "$1.50 ± 0.25", "<svg xmlns", "packing"} {
		if !strings.Contains(out, want) {
			t.Errorf("page lacks %q", want)
		}
	}
}

func TestWriteRejectsBadSVG(t *testing.T) {
	for _, svg := range []string{`<?xml version="1.0"?><svg></svg>`, `<div>no</div>`,
		`<svg><script>alert(1)</script></svg>`, `<svg><foreignObject><p>x</p></foreignObject></svg>`} {
		var buf bytes.Buffer
		err := Write(&buf, &Page{Title: "t", Figures: []Figure{{ID: "x", SVG: []byte(svg)}}})
		if err == nil {
			t.Errorf("SVG %q accepted", svg)
		}
		if buf.Len() != 0 {
			t.Errorf("SVG %q: wrote %d bytes before failing", svg, buf.Len())
		}
	}
}

func TestComparePage(t *testing.T) {
	c := &reports.Comparison{Meta: reports.Meta{Scenario: "cmp", Replications: 2}, TargetP95Seconds: 30, TargetFailureRatio: 0.01,
		Rows: []reports.CompareRow{{Class: "gen4n_high", Tenancy: 1, CostUSD: sim.Estimate{Mean: 12, CI95: 1},
			P95LatencySeconds: sim.Estimate{Mean: 20, CI95: 2}}}}
	c.Judge()
	var buf bytes.Buffer
	if err := Write(&buf, NewComparePage(c, nil, nil, "capsim compare")); err != nil {
		t.Fatal(err)
	}
	out := buf.String()
	for _, want := range []string{"capsim compare: cmp", "cheapest acceptable class", "gen4n_high", "$12.00 ± 1.00", "p95 ≤ 30s", "yes, cheapest"} {
		if !strings.Contains(out, want) {
			t.Errorf("compare page lacks %q", want)
		}
	}
}

func TestAnchor(t *testing.T) {
	for in, want := range map[string]string{"capacity sg-1/eu-central-1": "capacity-sg-1-eu-central-1",
		"<x>": "x", "Latency CDF": "latency-cdf", "": ""} {
		if got := Anchor(in); got != want {
			t.Errorf("Anchor(%q) = %q, want %q", in, got, want)
		}
	}
}

// A records page shows the report's parts, and escapes what came from the
// records (a hostile place name stays text).
func TestRecordsPage(t *testing.T) {
	r := &reports.RecordsReport{Title: "capsim fit: <script>x</script>",
		Meta:       []reports.KeyFigure{{Label: "records", Value: "s.json"}},
		KeyFigures: []reports.KeyFigure{{Label: "coverage", Value: "93.3%", Note: "of the hours"}},
		Notes:      []string{"a note"},
		Tables:     []reports.NamedTable{{ID: "tally", Caption: "what the records held", Table: reports.Table{Header: []string{"a", "b"}, Rows: [][]string{{"<b>", "1"}}}}}}
	var b bytes.Buffer
	if err := Write(&b, NewRecordsPage(r, nil, "capsim fit s.json", "v1")); err != nil {
		t.Fatal(err)
	}
	page := b.String()
	for _, want := range []string{"capsim fit: &lt;script&gt;x&lt;/script&gt;", "93.3%", "of the hours", "a note", `id="tally"`, "&lt;b&gt;", "capsim fit s.json"} {
		if !strings.Contains(page, want) {
			t.Errorf("page lacks %q", want)
		}
	}
	if strings.Contains(page, "<script>x") {
		t.Error("the title's markup reached the page unescaped")
	}
}
