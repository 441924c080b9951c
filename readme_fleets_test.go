package capsim_test

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"github.com/capsim/capsim/reports"
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
		var s reports.Summary
		if err := json.Unmarshal(capsim(t, append(append([]string{"run"}, r.args...), "--json")...), &s); err != nil {
			t.Fatal(err)
		}
		m := func(name string) reports.Value {
			v, err := s.Metric("fleet_total." + name)
			if err != nil {
				t.Fatal(err)
			}
			return v
		}
		pm := func(name string, scale float64, unit string) string {
			v := m(name)
			if v.Mean == 0 && v.CI95 == 0 {
				return "0"
			}
			return fmt.Sprintf("%s%s ± %s", g3(scale*v.Mean), unit, g3(scale*v.CI95))
		}
		fmt.Fprintf(&b, "| %s | %s | %s | %s | %s | %s | %s | %s | %s |\n", r.label,
			pm("placement_latency_seconds.p95", 1, ""), pm("placement_latency_seconds.mean", 1, ""),
			pm("timed_out_ratio", 100, "%"), g3(m("instances.mean").Mean), fmt.Sprintf("%.1f%%", 100*m("utilisation").Mean),
			g3(m("idle_process_hours").Mean), fmt.Sprintf("%.2f ± %.2f", m("cost_usd").Mean, m("cost_usd").CI95), pm("scale_in_terminations", 1, ""))
	}
	return b.String()
}
