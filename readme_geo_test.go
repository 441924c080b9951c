package capsim_test

import (
	"encoding/json"
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/capsim/capsim/models/geo"
	"github.com/capsim/capsim/scenarios"
)

// The geography blocks of README.md: the locations table and the default
// latency table are printed from models/geo's CSVs; the regions block runs
// optimize on the default scenario with and without a latency requirement
// and reads each plan's player regions on fresh replications.
func init() {
	readmeBlocks["geo-locations"] = geoLocationsBlock
	readmeBlocks["geo-latency"] = geoLatencyBlock
	readmeBlocks["optimize-regions"] = optimizeRegionsBlock
}

func yesNo(b bool) string {
	if b {
		return "yes"
	}
	return "no"
}

func geoLocationsBlock(*testing.T) string {
	var b strings.Builder
	b.WriteString("| location | | primary | gen4 | gen5 | gen6 | a group created here may add |\n| --- | --- | --- | --- | --- | --- | --- |\n")
	for _, l := range geo.Locations() {
		remotes := "—"
		if l.Primary {
			remotes = strings.Join(geo.Remotes(l.Name), ", ")
		}
		fmt.Fprintf(&b, "| `%s` | %s | %s | %s | %s | %s | %s |\n", l.Name, l.Title, yesNo(l.Primary),
			yesNo(l.Offers("gen4n")), yesNo(l.Offers("gen5n")), yesNo(l.Offers("gen6n")), remotes)
	}
	return b.String()
}

func geoLatencyBlock(*testing.T) string {
	lastMile := scenarios.DefaultService().LastMileRTT
	locs := geo.LocationNames()
	var b strings.Builder
	fmt.Fprintf(&b, "Round trip in ms from each shipped player region to each location: the anchor Region's measured RTT (L1) plus `service.last_mile_rtt` = %v (L2).\n\n", lastMile)
	b.WriteString("| player region | anchor |")
	for _, l := range locs {
		b.WriteString(" " + l + " |")
	}
	b.WriteString("\n| --- | --- |" + strings.Repeat(" ---: |", len(locs)) + "\n")
	for _, p := range geo.PlayerRegions() {
		fmt.Fprintf(&b, "| `%s` | %s |", p.Name, p.Anchor)
		for _, l := range locs {
			d, _ := p.Latency(l, lastMile)
			fmt.Fprintf(&b, " %d |", d/time.Millisecond)
		}
		b.WriteString("\n")
	}
	return b.String()
}

// regionRequire is what the regions block adds to optimizeRequire: few
// sessions above the 100 ms latency threshold in every player region, the
// worst deciding (both spill-overs of the default scenario cross the
// Atlantic at about 106 ms; a total would let a small region hide).
var regionRequire = []string{"--require", "regions[*].latency_above_threshold_ratio<=0.05"}

// freshSeed evaluates a chosen plan on replications the search never saw.
const freshSeed = "4242"

func optimizeRegionsBlock(t *testing.T) string {
	var b strings.Builder
	b.WriteString("```\n")
	fmt.Fprintf(&b, "$ capsim optimize %s --out A; capsim optimize %s %s --out B\n", shellArgs(optimizeRequire), shellArgs(optimizeRequire), shellArgs(regionRequire))
	fmt.Fprintf(&b, "$ capsim run --seed %s --json A/best.toml (and B/best.toml): fresh replications\n", freshSeed)
	b.WriteString("plan                                   cost (USD)       region              placed  from own continent  RTT above 100 ms\n")
	for _, c := range []struct {
		name string
		reqs []string
	}{
		{"A: wait and failures only", optimizeRequire},
		{"B: ... and each region <=5% >100 ms", append(append([]string{}, optimizeRequire...), regionRequire...)},
	} {
		dir := filepath.Join(t.TempDir(), "opt")
		capsim(t, append(append([]string{"optimize", "--quiet"}, c.reqs...), "--out", dir)...)
		var s struct {
			Total struct {
				Cost estimate `json:"cost_usd"`
			} `json:"total"`
			Regions []struct {
				Region string   `json:"region"`
				Placed estimate `json:"placed"`
				Own    estimate `json:"own_continent_share"`
				Above  estimate `json:"latency_above_threshold_ratio"`
			} `json:"player_regions"`
		}
		if err := json.Unmarshal(capsim(t, "run", "--quiet", "--json", "--seed", freshSeed, filepath.Join(dir, "best.toml")), &s); err != nil {
			t.Fatal(err)
		}
		for i, r := range s.Regions {
			plan, cost := "", ""
			if i == 0 {
				plan, cost = c.name, fmt.Sprintf("%.2f ± %.2f", s.Total.Cost.Mean, s.Total.Cost.CI95)
			}
			fmt.Fprintf(&b, "%-38s %-16s %-19s %6.0f  %5.1f%% ± %-10.1f %5.1f%% ± %.1f\n", plan, cost, r.Region, r.Placed.Mean,
				100*r.Own.Mean, 100*r.Own.CI95, 100*r.Above.Mean, 100*r.Above.CI95)
		}
	}
	b.WriteString("```\n")
	return b.String()
}

// shellArgs quotes --require values as a shell would need them.
func shellArgs(args []string) string {
	var out []string
	for i := 0; i+1 < len(args); i += 2 {
		out = append(out, args[i]+" '"+args[i+1]+"'")
	}
	return strings.Join(out, " ")
}
