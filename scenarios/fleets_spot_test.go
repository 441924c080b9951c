package scenarios_test

import (
	"testing"
	"time"

	"github.com/capsim/capsim/models/fleets"
)

// spotFleet makes the fleet block's EC2 fleet a Spot fleet (lines 27–29
// prices and capacity type, 31 max_players) with a [fleet.spot] table whose
// keys start on line 34.
func spotFleet(spotKeys string) []edit {
	return fl("price_on_demand = 0.107\n", "price_on_demand = 0.107\ncapacity_type = \"SPOT\"\nprice_spot = 0.05\n",
		"max_players = 8\n", "max_players = 8\n\n  [fleet.spot]\n"+spotKeys)
}

// The FleetIQ block's instance definitions are on lines 55 and 56.
const defC5a = `{ instance_type = "c5a.large", weighted_capacity = 2, price_on_demand = 0.154, price_spot = 0.062 }`

func init() {
	malformedCases = append(malformedCases, []malformedCase{
		// --- instance definitions (F7, F11)
		{name: "fleetiq: one instance type", iq: fl("},\n  "+defC5a+"]", "}]"),
			path: "fleet[1].instance_definitions", frag: "a FleetIQ game server group needs at least 2 instance types (F7), got 1", line: 55},
		{name: "fleetiq: weighted_capacity 1000", iq: fl("weighted_capacity = 2", "weighted_capacity = 1000"),
			path: "fleet[1].instance_definitions[1].weighted_capacity", frag: "must be 1–999 (F11), got 1000", line: 56},
		{name: "fleetiq: weighted_capacity 0", iq: fl("weighted_capacity = 2", "weighted_capacity = 0"),
			path: "fleet[1].instance_definitions[1].weighted_capacity", frag: "must be 1–999 (F11), got 0", line: 56},
		{name: "fleetiq: an instance type twice", iq: fl(`instance_type = "c5a.large"`, `instance_type = "c5.large"`),
			path: "fleet[1].instance_definitions[1].instance_type", frag: `instance type "c5.large" is defined twice (also instance_definitions[0])`, line: 56},
		{name: "fleetiq: a definition without its Spot price", iq: fl(", price_spot = 0.062", ""),
			path: "fleet[1].instance_definitions[1].price_spot", frag: `fleet "gsg" uses Spot instances and has no price_spot`, line: 56},
		{name: "fleetiq: a definition's Spot price above On-Demand", iq: fl("price_spot = 0.062", "price_spot = 0.2"),
			path: "fleet[1].instance_definitions[1].price_spot", frag: "Spot price 0.2 is above the On-Demand price 0.154", line: 56},
		{name: "fleetiq: fleet-level prices", iq: fl(`locations = ["us-east-1"]`, "locations = [\"us-east-1\"]\nprice_spot = 0.03"),
			path: "fleet[1].price_spot", frag: "a FleetIQ group gives its instance types and their prices in instance_definitions, at least 2 (F7), not as price_spot", line: 55},
		{name: "fleetiq: only fleet-level instance type", iq: fl("instance_definitions = [{ instance_type = \"c5.large\", price_on_demand = 0.085, price_spot = 0.034 },\n  "+defC5a+"]",
			"instance_type = \"c5.large\"\nprice_on_demand = 0.085"),
			path: "fleet[1].instance_type", frag: "not as instance_type, price_on_demand", line: 55},
		{name: "fleet: instance_definitions on a managed fleet", fleet: fl("max_players = 8\n", "max_players = 8\ninstance_definitions = [{ instance_type = \"c5.xlarge\" }]\n"),
			path: "fleet[0].instance_definitions", frag: "instance_definitions are a FleetIQ game server group's (F7); a fleet of kind \"ec2\" has one instance_type", line: 30},

		// --- [fleet.spot]
		{name: "fleet: spot_notice moved", fleet: fl("max_players = 8\n", "max_players = 8\nspot_notice = \"1m\"\n"),
			path: "fleet[0].spot_notice", frag: "moved to the fleet's [fleet.spot] table: write notice under [fleet.spot]", line: 30},
		{name: "fleet: spot_interruption_rate_per_hour moved", fleet: fl("max_players = 8\n", "max_players = 8\nspot_interruption_rate_per_hour = 0.1\n"),
			path: "fleet[0].spot_interruption_rate_per_hour", frag: "write interruption_rate_per_hour under [fleet.spot]", line: 30},
		{name: "fleet: [fleet.spot] on an On-Demand fleet", fleet: fl("max_players = 8\n", "max_players = 8\n\n  [fleet.spot]\n  viable_mean = \"3h\"\n"),
			path: "fleet[0].spot.viable_mean", frag: `[fleet.spot] applies to Spot capacity, and fleet "f" uses none`, line: 32},
		{name: "fleet: late + missing notices above 1", fleet: spotFleet("  late_notice_share = 0.7\n  missing_notice_share = 0.5\n"),
			path: "fleet[0].spot.missing_notice_share", frag: "late_notice_share + missing_notice_share is 1.2", line: 35},
		{name: "fleet: viable_mean of 30s", fleet: spotFleet("  viable_mean = \"30s\"\n"),
			path: "fleet[0].spot.viable_mean", frag: "must be at least 1m0s (the mean length of a viable period), got 30s", line: 34},
		{name: "fleet: negative not_viable_mean", fleet: spotFleet("  not_viable_mean = \"-1h\"\n"),
			path: "fleet[0].spot.not_viable_mean", frag: "must be 0 (Spot always viable) or at least 1m0s, got -1h0m0s", line: 34},
		{name: "fleet: reclaim_share 1.5", fleet: spotFleet("  reclaim_share = 1.5\n"),
			path: "fleet[0].spot.reclaim_share", frag: "must be a share between 0 and 1, got 1.5", line: 34},
		{name: "fleet: notice of 0s", fleet: spotFleet("  notice = \"0s\"\n"),
			path: "fleet[0].spot.notice", frag: "the interruption notice must be at least 1s", line: 34},
		{name: "fleet: reclaim rate beyond the limit", fleet: spotFleet("  reclaim_rate_per_hour = 1e9\n"),
			path: "fleet[0].spot.reclaim_rate_per_hour", frag: "1e+09 per hour is beyond capsim's limit of 60 (one a minute)", line: 34},
		{name: "fleet: [fleet.spot] key misspelt", fleet: spotFleet("  viable_man = \"3h\"\n"),
			path: "fleet[0].spot.viable_man", frag: `unknown key (did you mean "viable_mean"?)`, line: 34},
		{name: "fleet: requeue_delay without its unit", fleet: spotFleet("  requeue_delay = { dist = \"fixed\", value = 30 }\n"),
			path: "fleet[0].spot.requeue_delay.value", frag: "a duration needs a unit", line: 34},
	}...)
}

// A FleetIQ group's instance definitions become the model's: weights
// default to 1 (F7), prices per type; [fleet.spot] becomes the Spot
// configuration, with the assumption table's defaults where unset.
func TestFleetSpotBuilds(t *testing.T) {
	text := minimalTOML + fleetTOML + fleetIQTOML
	fc := buildFleets(t, parseText(t, text))
	g := fc.Fleets[1]
	want := []fleets.InstanceDefinition{{InstanceType: "c5.large", WeightedCapacity: 1, PriceOnDemand: 0.085, PriceSpot: 0.034},
		{InstanceType: "c5a.large", WeightedCapacity: 2, PriceOnDemand: 0.154, PriceSpot: 0.062}}
	if len(g.Instances) != 2 || g.Instances[0] != want[0] || g.Instances[1] != want[1] {
		t.Fatalf("instances %+v, want %+v", g.Instances, want)
	}
	sp := g.Spot
	if sp.ViableMean != 7*24*time.Hour || sp.NotViableMean != time.Hour || sp.InterruptionRatePerHour != 0.00005 || sp.ReclaimShare != 0.5 ||
		sp.Notice != 2*time.Minute || sp.RequeueShare != 1 || sp.LateNoticeDelay == nil || sp.RequeueDelay == nil {
		t.Fatalf("spot defaults: %+v", sp)
	}
	set := parseText(t, text)
	if err := set.SetAll([]string{"fleet[1].spot.not_viable_mean=0s", "fleet[1].spot.reclaim_share=0.25"}); err != nil {
		t.Fatal(err)
	}
	if sp := buildFleets(t, set).Fleets[1].Spot; sp.NotViableMean != 0 || sp.ReclaimShare != 0.25 || sp.ViableMean != 7*24*time.Hour {
		t.Fatalf("spot after --set: %+v", sp)
	}
}

// strategyTotals runs the fleetiq-spot example with overrides over reps
// replications and sums its one location's results.
func strategyTotals(t *testing.T, reps int, sets ...string) fleets.LocationResult {
	t.Helper()
	sc := mustExample(t, "fleetiq-spot")
	if err := sc.SetAll(sets); err != nil {
		t.Fatal(err)
	}
	fc := buildFleets(t, sc)
	var sum fleets.LocationResult
	for rep := range reps {
		res, err := fleets.Run(fc, rep, fleets.Options{CheckInvariants: rep == 0})
		if err != nil {
			t.Fatal(err)
		}
		l := res.Locations[0]
		sum.Placements += l.Placements
		for st := range sum.ByStatus {
			sum.ByStatus[st] += l.ByStatus[st]
		}
		sum.InstanceSeconds += l.InstanceSeconds
		sum.SpotInstanceSeconds += l.SpotInstanceSeconds
		sum.FallbackInstanceSeconds += l.FallbackInstanceSeconds
		sum.ShortCapacitySeconds += l.ShortCapacitySeconds
		sum.NotViablePoolSeconds += l.NotViablePoolSeconds
		sum.Interruptions += l.Interruptions
		sum.RequeuedPlayers += l.RequeuedPlayers
		sum.CostUSD += l.CostUSD
	}
	return sum
}

// fleetiq-spot under each balancing strategy (F2), the same seed and so
// the same viability periods and demand: SPOT_PREFERRED falls back to
// On-Demand while no pool is viable and is never short; with Spot always
// viable it buys no On-Demand at all; SPOT_ONLY buys only Spot, is short
// of capacity while no pool is viable and times out more claims than
// SPOT_PREFERRED; ON_DEMAND_ONLY buys no Spot, sees no interruption and
// costs the most.
func TestFleetIQSpotStrategies(t *testing.T) {
	const reps = 4
	pref := strategyTotals(t, reps)
	always := strategyTotals(t, reps, "fleet[0].spot.not_viable_mean=0s")
	only := strategyTotals(t, reps, "fleet[0].balancing=SPOT_ONLY")
	onDemand := strategyTotals(t, reps, "fleet[0].balancing=ON_DEMAND_ONLY")
	timedOut := func(l fleets.LocationResult) float64 {
		return float64(l.ByStatus[fleets.PlacementTimedOut]) / float64(l.Placements)
	}
	t.Logf("timed out: preferred %.4f, always viable %.4f, spot only %.4f, on-demand only %.4f", timedOut(pref), timedOut(always), timedOut(only), timedOut(onDemand))
	t.Logf("fallback instance-h: preferred %.1f (of %.1f); short unit-h: spot only %.1f; not-viable pool-h %.1f",
		pref.FallbackInstanceSeconds/3600, pref.InstanceSeconds/3600, only.ShortCapacitySeconds/3600, pref.NotViablePoolSeconds/3600)
	if pref.NotViablePoolSeconds == 0 || pref.NotViablePoolSeconds != only.NotViablePoolSeconds {
		t.Fatalf("not-viable pool-seconds %v (preferred) and %v (only): want the same positive periods under the same seed",
			pref.NotViablePoolSeconds, only.NotViablePoolSeconds)
	}
	if pref.FallbackInstanceSeconds <= 0 || pref.ShortCapacitySeconds != 0 || pref.SpotInstanceSeconds >= pref.InstanceSeconds {
		t.Errorf("SPOT_PREFERRED: fallback %v s, short %v s, Spot %v of %v s", pref.FallbackInstanceSeconds, pref.ShortCapacitySeconds,
			pref.SpotInstanceSeconds, pref.InstanceSeconds)
	}
	if always.FallbackInstanceSeconds != 0 || always.NotViablePoolSeconds != 0 || always.SpotInstanceSeconds != always.InstanceSeconds {
		t.Errorf("Spot always viable: fallback %v s, not viable %v s, Spot %v of %v s", always.FallbackInstanceSeconds,
			always.NotViablePoolSeconds, always.SpotInstanceSeconds, always.InstanceSeconds)
	}
	if only.FallbackInstanceSeconds != 0 || only.ShortCapacitySeconds <= 0 || only.SpotInstanceSeconds != only.InstanceSeconds ||
		timedOut(only) <= timedOut(pref) {
		t.Errorf("SPOT_ONLY: fallback %v s, short %v s, Spot %v of %v s, timed out %.4f (preferred %.4f)", only.FallbackInstanceSeconds,
			only.ShortCapacitySeconds, only.SpotInstanceSeconds, only.InstanceSeconds, timedOut(only), timedOut(pref))
	}
	if onDemand.SpotInstanceSeconds != 0 || onDemand.Interruptions != 0 || onDemand.RequeuedPlayers != 0 || onDemand.CostUSD <= pref.CostUSD {
		t.Errorf("ON_DEMAND_ONLY: Spot %v s, %d interruptions, %d requeued, cost %.2f (preferred %.2f)", onDemand.SpotInstanceSeconds,
			onDemand.Interruptions, onDemand.RequeuedPlayers, onDemand.CostUSD, pref.CostUSD)
	}
}
