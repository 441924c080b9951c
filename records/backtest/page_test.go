package backtest

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/capsim/capsim/records/fit"
	"github.com/capsim/capsim/reports/htmlreport"
	"github.com/capsim/capsim/reports/plots"
	"github.com/capsim/capsim/scenarios"
)

// TestPages renders fit.html and backtest.html of model-made records
// through reports' plots and page, and checks each holds its figures and
// tables. With $CAPSIM_PAGES set it leaves them there, for a look in a
// browser (capsim fit and capsim backtest write them for users).
func TestPages(t *testing.T) {
	dir := os.Getenv("CAPSIM_PAGES")
	if dir == "" {
		dir = t.TempDir()
	}
	def, _ := scenarios.Default()
	sessions, polls := modelRecords(t, def.Clone(), 0, 24*time.Hour, 8*24*time.Hour)
	set, ps := read(t, sessions, polls)
	f, err := fit.FitStreams(set, fit.Options{Polls: ps, ExportedAt: day0.Add(8 * 24 * time.Hour), Replications: 39})
	if err != nil {
		t.Fatal(err)
	}
	fitted, _ := f.Check()
	fr := f.Report()
	pl, err := plots.Records(fr)
	if err != nil {
		t.Fatal(err)
	}
	var figs []htmlreport.Figure
	for _, p := range pl {
		figs = append(figs, htmlreport.Figure{ID: p.Name, Title: p.Title, Caption: p.Caption, SVG: plots.InlineSVG(p.SVG, p.Name)})
	}
	var b bytes.Buffer
	if err := htmlreport.Write(&b, htmlreport.NewRecordsPage(fr, figs, "capsim fit sessions.json --polls polls.jsonl", "dev")); err != nil {
		t.Fatal(err)
	}
	mustContain(t, "fit.html", b.String(), `id="arrivals"`, `id="length-qq-all-locations"`, `id="length-survival-us-east-1"`,
		`id="tally"`, `id="defaults"`, `id="behaviour"`, "capsim fit sessions.json")
	if err := os.WriteFile(filepath.Join(dir, "fit.html"), b.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	sessions, polls = modelRecords(t, def.Clone(), 1, 24*time.Hour, 48*time.Hour)
	set, ps = read(t, sessions, polls)
	obs, _ := Observe(set, ps, day0.Add(48*time.Hour))
	rep := backtest(t, fitted.Clone(), obs, false)
	br := rep.Report(fitted.Name, "sessions.json", "the scenario's own")
	pl, err = plots.Records(br)
	if err != nil {
		t.Fatal(err)
	}
	figs = nil
	for _, p := range pl {
		figs = append(figs, htmlreport.Figure{ID: p.Name, Title: p.Title, Caption: p.Caption, SVG: plots.InlineSVG(p.SVG, p.Name)})
	}
	b.Reset()
	if err := htmlreport.Write(&b, htmlreport.NewRecordsPage(br, figs, "capsim backtest fitted.toml --observed sessions.json", "dev")); err != nil {
		t.Fatal(err)
	}
	mustContain(t, "backtest.html", b.String(), `id="backtest-eu-central-1"`, `id="backtest-us-east-1"`, `id="outside"`, `id="series"`)
	if err := os.WriteFile(filepath.Join(dir, "backtest.html"), b.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
}

func mustContain(t *testing.T, name, page string, parts ...string) {
	t.Helper()
	for _, p := range parts {
		if !strings.Contains(page, p) {
			t.Errorf("%s lacks %s", name, p)
		}
	}
}
