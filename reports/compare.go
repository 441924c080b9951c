package reports

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"io"
	"math"
	"strconv"

	"github.com/capsim/capsim/models/streams"
	"github.com/capsim/capsim/sim"
)

// CompareRow is one stream class's run in a comparison: the same scenario
// and seed with every stream group on this class.
type CompareRow struct {
	Class   string `json:"class"`
	Tenancy int    `json:"tenancy"` // stream sessions per instance
	// AlwaysOnInstances and MaximumInstances are the capacity settings
	// after rounding up to whole instances, summed over locations.
	AlwaysOnInstances int `json:"always_on_instances"`
	MaximumInstances  int `json:"maximum_instances"`
	// MeanInstances is the time-averaged number of allocated instances,
	// summed over locations.
	MeanInstances       sim.Estimate `json:"mean_instances"`
	P95LatencySeconds   sim.Estimate `json:"p95_placement_latency_seconds"`
	FailureRatio        sim.Estimate `json:"placement_failure_ratio"`
	Utilisation         sim.Estimate `json:"utilisation"`
	CostUSD             sim.Estimate `json:"cost_usd"`
	IdleCostUSD         sim.Estimate `json:"idle_cost_usd"`
	CostPerStreamHour   sim.Estimate `json:"cost_per_stream_hour_usd"` // cost / delivered stream-hours
	DeliveredStreamHour sim.Estimate `json:"delivered_stream_hours"`
	// Acceptable reports whether the mean p95 latency and failure ratio
	// meet the comparison's targets.
	Acceptable bool `json:"acceptable"`
}

// Comparison is the compare.json document: one scenario run once per
// stream class under the same seed (common random numbers).
type Comparison struct {
	Meta
	// TargetP95Seconds and TargetFailureRatio define an acceptable class.
	TargetP95Seconds   float64 `json:"target_p95_seconds"`
	TargetFailureRatio float64 `json:"target_failure_ratio"`
	// GameVRAMGB is the GPU memory one stream of the game needs (compare
	// --vram-gb): a class with less VRAM per stream is not acceptable;
	// 0 (absent): not given, and "acceptable" says nothing about VRAM.
	GameVRAMGB float64      `json:"game_vram_gb,omitempty"`
	Rows       []CompareRow `json:"classes"`
	// Cheapest is the class of the acceptable row with the lowest mean
	// cost, or "" if no row is acceptable.
	Cheapest string `json:"cheapest_acceptable"`
}

// NewCompareRow measures one class's replications. alwaysOn and maximum are
// the capacity settings in whole instances (summed over locations);
// measuredSeconds is the horizon minus the warm-up, over which instances
// are averaged. Acceptable is left false; [Comparison.Judge] sets it.
func NewCompareRow(class string, tenancy, alwaysOn, maximum int, results []*streams.Result, measuredSeconds float64) CompareRow {
	n := len(results)
	inst, p95, fail, util := make([]float64, n), make([]float64, n), make([]float64, n), make([]float64, n)
	cost, idle, perHour, hours := make([]float64, n), make([]float64, n), make([]float64, n), make([]float64, n)
	total := func(name string, locs []streams.LocationResult) float64 {
		return streams.Metrics[streamSpec.index[name]].Eval(locs, true, 0)
	}
	for i, r := range results {
		var streaming float64
		for li := range r.Locations {
			l := &r.Locations[li]
			inst[i] += l.AllocatedSlotSeconds / float64(l.Tenancy)
			streaming += l.StreamingSlotSeconds
		}
		inst[i] = ratio(inst[i], measuredSeconds)
		p95[i] = total("placement_latency_seconds.p95", r.Locations)
		fail[i] = total("placement_failure_ratio", r.Locations)
		util[i] = total("utilisation", r.Locations)
		cost[i], idle[i] = total("cost_usd", r.Locations), total("idle_cost_usd", r.Locations)
		hours[i] = streaming / 3600
		perHour[i] = ratio(cost[i], hours[i])
	}
	return CompareRow{Class: class, Tenancy: tenancy, AlwaysOnInstances: alwaysOn, MaximumInstances: maximum,
		MeanInstances: sim.NewEstimate(inst), P95LatencySeconds: sim.NewEstimate(p95),
		FailureRatio: sim.NewEstimate(fail), Utilisation: sim.NewEstimate(util),
		CostUSD: sim.NewEstimate(cost), IdleCostUSD: sim.NewEstimate(idle),
		CostPerStreamHour: sim.NewEstimate(perHour), DeliveredStreamHour: sim.NewEstimate(hours)}
}

// Judge marks each row acceptable if its mean p95 placement latency is at
// most TargetP95Seconds and its mean failure ratio at most
// TargetFailureRatio (an undefined p95, with nothing placed, is not
// acceptable), and sets Cheapest to the acceptable row with the lowest mean
// cost (the first in row order on a tie).
func (c *Comparison) Judge() {
	c.Cheapest = ""
	best := math.Inf(1)
	for i := range c.Rows {
		r := &c.Rows[i]
		r.Acceptable = r.P95LatencySeconds.Mean <= c.TargetP95Seconds && r.FailureRatio.Mean <= c.TargetFailureRatio &&
			c.fitsVRAM(r.Class)
		if r.Acceptable && r.CostUSD.Mean < best {
			best, c.Cheapest = r.CostUSD.Mean, r.Class
		}
	}
}

// CompareTable returns the comparison as a table, one row per class.
func CompareTable(c *Comparison) Table {
	// What decides comes first (acceptable, cost, VRAM), so that a narrow
	// window shows it even if the table must scroll.
	t := Table{Header: []string{"class", "acceptable", "cost (USD)", "USD per stream-hour", "VRAM GB per stream",
		"p95 latency (s)", "failure ratio (%)", "utilisation (%)", "idle cost (USD)", "tenancy", "always-on / max inst",
		"mean inst"}}
	for _, r := range c.Rows {
		ok := "no"
		if r.Acceptable {
			ok = "yes"
		}
		if r.Class == c.Cheapest {
			ok = "yes, cheapest"
		}
		if !c.fitsVRAM(r.Class) {
			ok = "no: too little VRAM"
		}
		t.Rows = append(t.Rows, []string{r.Class, ok, FormatUSD(r.CostUSD), FormatUSD(r.CostPerStreamHour), VRAMPerStream(r.Class),
			FormatSeconds(r.P95LatencySeconds), FormatPercent(r.FailureRatio), FormatPercent(r.Utilisation),
			FormatUSD(r.IdleCostUSD), strconv.Itoa(r.Tenancy), strconv.Itoa(r.AlwaysOnInstances) + " / " + strconv.Itoa(r.MaximumInstances),
			FormatSig3(r.MeanInstances)})
	}
	return t
}

// fitsVRAM reports whether one stream of class has the game's VRAM (true
// when the comparison was not given it).
func (c *Comparison) fitsVRAM(class string) bool {
	if c.GameVRAMGB <= 0 {
		return true
	}
	cl, err := streams.LookupClass(class)
	return err == nil && float64(cl.VRAMGB) >= c.GameVRAMGB
}

// VRAMNote says what "acceptable" assumed of the game's VRAM for class:
// "if the game runs in 8 GB of VRAM per stream", or, given --vram-gb,
// "the game's 6 GB of VRAM fit".
func (c *Comparison) VRAMNote(class string) string {
	if c.GameVRAMGB > 0 {
		return "the game's " + strconv.FormatFloat(c.GameVRAMGB, 'g', -1, 64) + " GB of VRAM per stream fit"
	}
	return "if the game runs in " + VRAMPerStream(class) + " GB of VRAM per stream"
}

// VRAMPerStream is the GPU memory one stream of class has, in GB ("?"
// for a class capsim does not know): "acceptable" judges latency and
// failures only, and a game that needs more VRAM than this does not run
// on the class at all.
func VRAMPerStream(class string) string {
	c, err := streams.LookupClass(class)
	if err != nil {
		return "?"
	}
	return strconv.Itoa(c.VRAMGB)
}

// WriteCompareTable writes the comparison as an aligned text table with a
// header line naming the scenario, seed, replications and targets.
func WriteCompareTable(w io.Writer, c *Comparison) error {
	var buf bytes.Buffer
	fmt.Fprintf(&buf, "scenario %s, seed %d, %d replications per class, horizon %s, warm-up %s\n",
		TerminalSafe(c.Scenario), c.Seed, c.Replications, formatDuration(c.HorizonSeconds), formatDuration(c.WarmupSeconds))
	fmt.Fprintf(&buf, "acceptable: p95 placement latency <= %s and failure ratio <= %s%%; ± is the 95%% CI half-width\n\n",
		formatDuration(c.TargetP95Seconds), strconv.FormatFloat(100*c.TargetFailureRatio, 'g', 4, 64))
	t := CompareTable(c)
	if err := t.writeAligned(&buf); err != nil {
		return fmt.Errorf("reports: compare table: %w", err)
	}
	if c.Cheapest == "" {
		buf.WriteString("\nno class meets the targets\n")
	} else {
		fmt.Fprintf(&buf, "\ncheapest acceptable class: %s, %s\n", c.Cheapest, c.VRAMNote(c.Cheapest))
	}
	_, err := w.Write(buf.Bytes())
	return err
}

// WriteJSON writes c as indented JSON followed by a newline; undefined
// estimates are null.
func (c *Comparison) WriteJSON(w io.Writer) error {
	return writeJSON(w, "compare", c)
}

// CompareCSVHeader is the header row of compare.csv.
var CompareCSVHeader = []string{"class", "tenancy", "always_on_instances", "maximum_instances",
	"mean_instances", "mean_instances_ci95", "p95_latency_s", "p95_latency_s_ci95",
	"failure_ratio", "failure_ratio_ci95", "utilisation", "utilisation_ci95",
	"cost_usd", "cost_usd_ci95", "idle_cost_usd", "idle_cost_usd_ci95",
	"cost_per_stream_hour_usd", "cost_per_stream_hour_usd_ci95", "acceptable", "cheapest"}

// WriteCompareCSV writes one row per class with the header
// [CompareCSVHeader]: each estimate as its mean and its 95% half-width in
// two columns (empty when undefined), 6 significant digits.
func WriteCompareCSV(w io.Writer, c *Comparison) error {
	cw := csv.NewWriter(w)
	if err := cw.Write(CompareCSVHeader); err != nil {
		return fmt.Errorf("reports: compare CSV: %w", err)
	}
	num := func(x float64) string {
		if math.IsNaN(x) {
			return ""
		}
		return formatG(x)
	}
	for _, r := range c.Rows {
		row := []string{r.Class, strconv.Itoa(r.Tenancy), strconv.Itoa(r.AlwaysOnInstances), strconv.Itoa(r.MaximumInstances)}
		for _, e := range []sim.Estimate{r.MeanInstances, r.P95LatencySeconds, r.FailureRatio, r.Utilisation,
			r.CostUSD, r.IdleCostUSD, r.CostPerStreamHour} {
			row = append(row, num(e.Mean), num(e.CI95))
		}
		row = append(row, strconv.FormatBool(r.Acceptable), strconv.FormatBool(r.Class == c.Cheapest))
		if err := cw.Write(row); err != nil {
			return fmt.Errorf("reports: compare CSV: %w", err)
		}
	}
	cw.Flush()
	if err := cw.Error(); err != nil {
		return fmt.Errorf("reports: compare CSV: %w", err)
	}
	return nil
}
