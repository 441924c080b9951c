package fit

import (
	"fmt"
	"time"

	"github.com/capsim/capsim/scenarios"
)

// fleetDefaults lists the [[fleet]] keys the records cannot tell.
func (f *Fleets) fleetDefaults() {
	def := scenarios.DefaultFleet()
	if f.ProcessesFrom[0] == 'd' {
		f.Defaults = append(f.Defaults, Default{Key: "fleet.processes_per_instance", Value: "1",
			Why: "without ActiveInstances the records do not say how many server processes run on an instance"})
	}
	for _, kv := range []struct {
		key string
		v   any
		why string
	}{
		{"kind", f.opt.Kind, "the records do not name the fleet's kind (DescribeFleetAttributes does)"},
		{"instance_launch_delay", def.InstanceLaunchDelay, "no launch time is in the records"},
		{"activation_time", def.ActivationTime, "CreationTime is the only time before play in the records; its mean is taken off each game's length"},
		{"activation_timeout", def.ActivationTimeout, "not in the records"},
		{"scaling.policy", "none", "the records show the instances, not the policy that set them: the instances are held at the most ActiveInstances observed"},
		{"queue.timeout", scenarios.DefaultQueue().Timeout, "placements that timed out leave no game session; CloudWatch's PlacementsTimedOut counts them, not their wait"},
	} {
		f.Defaults = append(f.Defaults, Default{Key: "fleet." + kv.key, Value: valueText(kv.v), Why: kv.why})
	}
}

// Scenario returns the fleet scenario's TOML (and the files it names).
func (f *Fleets) Scenario() ([]byte, map[string][]byte) {
	var w tw
	files := map[string][]byte{}
	name := f.opt.Name
	if name == "" {
		name = "fitted-" + f.Fleet
	}
	w.line("# Fitted by capsim fit from %s: %d records read, %d game sessions kept, period %s.", f.Source, f.Tally.Records, f.Tally.Kept, f.periodText())
	w.line("# Every fitted value names the data it came from; what the records cannot tell is listed in fit.json (\"defaults\").")
	w.line("name = %q", name)
	w.line("description = %q", fmt.Sprintf("Fitted to %d game sessions of %s, %s.", f.Tally.Kept, f.Fleet, f.periodText()))
	w.line("")
	w.line("[simulation]")
	w.line("# virtual time 0 is %s, a UTC midnight; the observed period starts after the warm-up.", f.Virtual0.Format("2006-01-02T15:04Z"))
	horizon := f.Warmup + time.Duration(f.Period.clockHours())*time.Hour
	w.line("horizon = %s", dur(horizon))
	w.line("warmup = %s", dur(f.Warmup))
	w.line("seed = %d", f.opt.Seed)
	w.line("replications = %d", f.opt.Replications)
	w.line("timeseries_step = %s", dur(max(time.Minute, (horizon/2000).Round(time.Minute))))
	w.line("")
	f.fleet(&w)
	for i := range f.Curves {
		f.fleetDemand(&w, &f.Curves[i], files)
	}
	return w.Bytes(), files
}

func (f *Fleets) fleet(w *tw) {
	w.line("[[fleet]]")
	w.line("name = %q", f.Fleet)
	w.line("kind = %q  # default: the records do not name the kind", f.opt.Kind)
	w.line("locations = [")
	for _, c := range f.Curves {
		w.line("  %q,", c.Place)
	}
	w.line("]")
	w.line("price_on_demand = %s  # given: the records carry no price", num(f.opt.PriceUSDPerHour))
	w.line("max_players = %d  # the most frequent MaximumPlayerSessionCount in the records", f.MaxPlayers)
	w.line("processes_per_instance = %d  # %s", f.ProcessesPerInstance, f.ProcessesFrom)
	spot := f.spotRate()
	if spot != nil {
		w.line("capacity_type = \"SPOT\"  # InstanceInterruptions were exported: the fleet runs Spot")
		w.line("price_spot = %s  # the given price, as Spot's", num(f.opt.PriceUSDPerHour))
	}
	lo, hi, init := 0, 1, 1
	for _, in := range f.Instances {
		hi = max(hi, in.Max)
		init = max(init, in.Max)
		lo = max(lo, in.Min)
	}
	w.line("  [fleet.scaling]")
	w.line("  policy = \"none\"  # default: the records show instances, not the policy; held at the most observed")
	for _, in := range f.Instances {
		w.line("  # %s: %s", in.Location, in.From)
	}
	w.line("  min_instances = %d", min(lo, init))
	w.line("  max_instances = %d", hi)
	w.line("  initial_instances = %d", init)
	if spot != nil {
		w.line("  [fleet.spot]  # default: every other key (viability periods, notices, requeues): the records cannot tell them")
		w.line("  interruption_rate_per_hour = %s  # %d in %s instance-hours: %s (%s)", num(spot.Est.Value), spot.Count, num(spot.Of), spot.Data, spot.Est.text(f.Level, num))
		w.line("  reclaim_rate_per_hour = 0  # the count above holds every interruption, fitted as independent ones")
	}
	w.line("")
}

// spotRate is the Spot interruption rate the CloudWatch exports gave, or nil.
func (f *Fleets) spotRate() *Rate {
	for i := range f.Rates {
		if f.Rates[i].Key == "spot.interruption_rate_per_hour" {
			return &f.Rates[i]
		}
	}
	return nil
}

func (f *Fleets) fleetDemand(w *tw, c *Curve, files map[string][]byte) {
	q := "queue-" + c.Place
	w.line("[[queue]]")
	w.line("name = %q", q)
	w.line("destinations = [{ fleet = %q, location = %q }]  # the records show where a game ran, not the queue's order", f.Fleet, c.Place)
	w.line("")
	w.line("[[fleet_demand]]")
	w.line("name = %q", c.Place)
	w.line("queue = %q", q)
	w.line("players = %d", f.MaxPlayers)
	lf := f.Lengths
	b := lf.Best()
	data := fmt.Sprintf("ML fit to %d ended and %d censored game lengths, %s; %s", lf.Events, lf.Censored, f.periodText(), lf.Why)
	switch lf.Chosen {
	case "empirical":
		var s []byte
		s = append(s, "game_length\n"...)
		for _, v := range lf.EmpiricalQuantiles(empiricalQuantiles) {
			s = append(s, scenarios.CompactDuration(secs(v))+"\n"...)
		}
		files["game-lengths.csv"] = s
		w.line("# %s", data)
		w.line("game_length = { dist = \"empirical\", file = \"game-lengths.csv\" }")
	case "lognormal":
		w.line("# %s", data)
		w.line("game_length = { dist = \"lognormal\", median = %s, sigma = %s }", dur(secs(b.Param("median").Value)), num(b.Param("sigma").Value))
	default:
		w.line("# %s", data)
		w.line("game_length = { dist = %q, mean = %s, shape = %s }", lf.Chosen, dur(secs(b.Param("mean").Value)), num(b.Param("shape").Value))
	}
	w.line("  [fleet_demand.arrivals]")
	w.line("  process = \"poisson\"")
	w.line("  # game sessions created per hour at each UTC hour of the day at %s (%d in all), %s; placements that timed out made none", c.Place, c.Total, f.periodText())
	w.line("  hourly = [")
	for h, r := range c.Hours {
		w.line("    %s,  # %02dh: %d in %s h, %s", num(r.Rate.Value), h, r.Count, num(r.Exposure), r.Rate.text(f.Level, num))
	}
	w.line("  ]")
	writeSpikes(w, c, f.Virtual0, "fleet_demand")
	w.line("")
}

// Check loads the fleet scenario as capsim run would and builds it.
func (f *Fleets) Check() (*scenarios.Scenario, error) { return check(f.Scenario()) }
