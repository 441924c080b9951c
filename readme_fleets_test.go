package capsim_test

import (
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/capsim/capsim/reports"
	"github.com/capsim/capsim/scenarios"
)

func init() { readmeBlocks["fleet-scaling"] = fleetScalingBlock }

// fleetScalingBlock is README's buffer-against-target-tracking table: the
// fleet totals of the example pair and two --set variants.
func fleetScalingBlock(t *testing.T) string {
	rows := []struct {
		label string
		args  []string
	}{
		{"buffer, 8 free servers (`fleet-buffer.toml`)", []string{"scenarios/examples/fleet-buffer.toml"}},
		{"buffer, 20% (`--set fleet[0].scaling.buffer_size=0 --set fleet[0].scaling.buffer_percent=20`)",
			[]string{"scenarios/examples/fleet-buffer.toml", "--set", "fleet[0].scaling.buffer_size=0", "--set", "fleet[0].scaling.buffer_percent=20"}},
		{"target tracking 20%, NoProtection (`fleet-target.toml`)", []string{"scenarios/examples/fleet-target.toml"}},
		{"target tracking 20%, FullProtection (`--set fleet[0].scaling.protection=FullProtection`)",
			[]string{"scenarios/examples/fleet-target.toml", "--set", "fleet[0].scaling.protection=FullProtection"}},
	}
	var b strings.Builder
	b.WriteString("| scaling | p95 wait (s) | mean wait (s) | timed out | mean instances | utilisation | idle process-h | cost (USD) | games ended by scale-in |\n")
	b.WriteString("| --- | --- | --- | --- | --- | --- | --- | --- | --- |\n")
	for _, r := range rows {
		f := runFleetTotals(t, r.args...)
		m, pm := f.m, f.pm
		fmt.Fprintf(&b, "| %s | %s | %s | %s | %s | %s | %s | %s | %s |\n", r.label,
			pm("placement_latency_seconds.p95", 1, ""), pm("placement_latency_seconds.mean", 1, ""),
			pm("timed_out_ratio", 100, "%"), g3(m("instances.mean").Mean), fmt.Sprintf("%.1f%%", 100*m("utilisation").Mean),
			g3(m("idle_process_hours").Mean), fmt.Sprintf("%.2f ± %.2f", m("cost_usd").Mean, m("cost_usd").CI95), pm("scale_in_terminations", 1, ""))
	}
	return b.String()
}

func init() {
	readmeBlocks["fleet-spot"] = fleetSpotBlock
	readmeBlocks["fleet-spot-assumptions"] = func(*testing.T) string { return scenarios.AssumptionsMarkdown("fleet.spot") }
}

// fleetSpotBlock is README's table of fleetiq-spot under each balancing
// strategy, and with Spot always viable, from capsim run --json.
func fleetSpotBlock(t *testing.T) string {
	const file = "scenarios/examples/fleetiq-spot.toml"
	rows := []struct{ label, set string }{
		{"`SPOT_PREFERRED` (the example)", ""},
		{"`SPOT_ONLY`", "fleet[0].balancing=SPOT_ONLY"},
		{"`ON_DEMAND_ONLY`", "fleet[0].balancing=ON_DEMAND_ONLY"},
		{"`SPOT_PREFERRED`, Spot always viable", "fleet[0].spot.not_viable_mean=0s"},
	}
	var b strings.Builder
	var timedOut, cost []float64
	b.WriteString("| strategy (`--set`) | timed-out claims | Spot share | On-Demand fallback (instance-h) | short of Spot (unit-h) | " +
		"pools not viable (pool-h) | interruptions (correlated) | notices late / missing | players requeued (placed again) | cost (USD) |\n")
	b.WriteString("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |\n")
	for _, r := range rows {
		args, label := []string{file}, r.label
		if r.set != "" {
			args = append(args, "--set", r.set)
			label += " (`" + r.set + "`)"
		}
		f := runFleetTotals(t, args...)
		m, pm := f.m, f.pm
		fmt.Fprintf(&b, "| %s | %s | %s | %s | %s | %s | %s (%s) | %s / %s | %s (%s) | %.2f ± %.2f |\n", label,
			pm("timed_out_ratio", 100, "%"), pm("spot_share", 100, "%"), pm("on_demand_fallback_instance_hours", 1, ""),
			pm("spot_shortfall_capacity_hours", 1, ""), pm("spot_not_viable_pool_hours", 1, ""),
			g3(m("interruptions").Mean), g3(m("interruptions_correlated").Mean),
			g3(m("interruption_notices_late").Mean), g3(m("interruption_notices_missing").Mean),
			g3(m("requeued_players").Mean), g3(m("requeued_players_placed").Mean), m("cost_usd").Mean, m("cost_usd").CI95)
		timedOut, cost = append(timedOut, m("timed_out_ratio").Mean), append(cost, m("cost_usd").Mean)
	}
	fmt.Fprintf(&b, "\n`SPOT_ONLY` times out %.1f× the claims `SPOT_PREFERRED` does and costs %.0f%% less; `ON_DEMAND_ONLY` "+
		"costs %.1f× `SPOT_PREFERRED`; with Spot always viable `SPOT_PREFERRED` times out %.1f%% of claims instead of %.1f%%.\n",
		timedOut[1]/timedOut[0], 100*(1-cost[1]/cost[0]), cost[2]/cost[0], 100*timedOut[3], 100*timedOut[0])
	return b.String()
}

// fleetTotals is one capsim run --json's fleet_total: m reads a metric (an
// optional metric zero in every replication is absent from the summary and
// reads as zero; a name capsim does not declare fails the test), pm writes
// it as "mean ± ci" (scaled, with a unit) or "0".
type fleetTotals struct {
	t *testing.T
	s reports.Summary
}

func runFleetTotals(t *testing.T, args ...string) fleetTotals {
	f := fleetTotals{t: t}
	if err := json.Unmarshal(capsim(t, append(append([]string{"run"}, args...), "--json")...), &f.s); err != nil {
		t.Fatal(err)
	}
	return f
}

func (f fleetTotals) m(name string) reports.Value {
	v, err := f.s.Metric("fleet_total." + name)
	if errors.Is(err, reports.ErrUnknownMetric) {
		f.t.Fatal(err)
	}
	if err != nil {
		return reports.Value{}
	}
	return v
}

func (f fleetTotals) pm(name string, scale float64, unit string) string {
	v := f.m(name)
	if v.Mean == 0 && v.CI95 == 0 {
		return "0"
	}
	return fmt.Sprintf("%s%s ± %s", g3(scale*v.Mean), unit, g3(scale*v.CI95))
}
