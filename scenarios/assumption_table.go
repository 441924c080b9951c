package scenarios

import (
	"fmt"
	"reflect"
	"strings"
	"time"
)

// AssumptionSpec documents one setting whose default capsim chose: the key,
// its default, where the default comes from and the range of values the
// public material leaves plausible. The defaults are written once, in
// DefaultService and DefaultClient; the table below names them (a test checks
// that every field has its row) and is the one place their sources and
// ranges are written down: the assumption tables of docs/model.md are generated from it
// (go test ./ -run TestReadme -update), and the sensitivity analysis moves
// each assumption to Range.Low and Range.High.
type AssumptionSpec struct {
	Section string   // scenario table: "service", "demand.client" or "fleet.spot"
	Key     string   // TOML key in that table
	Default any      // the default, of the field's Go type (time.Duration, DistSpec, float64, string, bool)
	Range   Range    // plausible values
	Sources []string // keys of docs/sources.md: S004, A5, q6 ...
	Note    string   // what the sources say, or why the default is an assumption
}

// Range is the plausible range of an assumption, in machine-readable form.
//
//   - A duration: Low and High are time.Duration.
//   - A distribution (DistSpec): Low and High are time.Duration and move the
//     distribution's scale only: the median of a lognormal, the mean of an
//     exponential or gamma, the value of a fixed one. Shape parameters (sigma,
//     shape) keep their default, so the spread relative to the scale stays.
//   - A probability or rate: Low and High are float64.
//   - An enum or a boolean: Low and High are nil; Alternatives lists the
//     values other than the default, of the field's type.
//
// A value the service fixes (a documented constant) has Low = High = the
// default and Fixed set. Alternatives may also be given beside Low and High
// (idle_timeout: 0 disables it).
type Range struct {
	Low, High    any
	Alternatives []any
	Fixed        bool
}

// Short constructors keep the table readable.
func durRange(lo, hi time.Duration) Range { return Range{Low: lo, High: hi} }
func numRange(lo, hi float64) Range       { return Range{Low: lo, High: hi} }
func fixedDur(d time.Duration) Range      { return Range{Low: d, High: d, Fixed: true} }
func alternatives(v ...any) Range         { return Range{Alternatives: v} }

// The defaults the table documents are DefaultService's, DefaultClient's
// and DefaultFleetSpot's: the table names them, it does not type them again.
var defService, defClient, defSpot = DefaultService(), DefaultClient(), DefaultFleetSpot()

// assumptionTable lists every `[service]`, `[demand.client]` and
// `[fleet.spot]` key in the order of the Service, Client and FleetSpot
// structs. To add a key: add the field to Service (Client, FleetSpot) and
// its default to DefaultService (DefaultClient, DefaultFleetSpot), then
// one row here naming that default (defService.Field) with its sources (keys that resolve in docs/sources.md) and a
// range; TestAssumptionTable says what is missing, and
// `go test ./ -run TestReadme -update` rewrites those tables.
var assumptionTable = []AssumptionSpec{
	// [service]
	{"service", "placement_timeout_always_on", defService.PlacementTimeoutAlwaysOn, fixedDur(defService.PlacementTimeoutAlwaysOn),
		[]string{"S004", "q8"}, "fixed by the service; applied only when every location a request may be placed at is always-on only (q8, assumption)"},
	{"service", "placement_timeout_on_demand_linux", defService.PlacementTimeoutOnDemandLinux, fixedDur(defService.PlacementTimeoutOnDemandLinux),
		[]string{"S004", "q8"}, "fixed by the service for on-demand Linux/Proton; applied when any location a request may be placed at has capacity above always-on, at its ceiling or not, or none has always-on capacity (q8, assumption)"},
	{"service", "placement_timeout_on_demand_windows", defService.PlacementTimeoutOnDemandWindows, fixedDur(defService.PlacementTimeoutOnDemandWindows),
		[]string{"S004", "q8"}, "fixed by the service for on-demand Windows; as above"},
	{"service", "allocation_delay_linux", defService.AllocationDelayLinux,
		durRange(45*time.Second, 5*time.Minute),
		[]string{"A5", "S004", "A16", "q6"}, "assumption: the pricing example's \"90-second start time\" (A5) as the median; sigma 0.5 puts the p99 at 288 s, inside S004/A16's \"typically under 5 minutes\" (so about half of the requests that wait for a fresh instance miss the fixed 90 s timeout: S004's \"may take a few minutes to start\" above the warm pool). Low end 45 s: the 90 s read as the p95 (the old default); high end 5 min: S004's \"a few minutes\" read as the median. See docs/sources.md"},
	{"service", "allocation_delay_windows", defService.AllocationDelayWindows,
		durRange(90*time.Second, 300*time.Second),
		[]string{"S004", "q6"}, "assumption: \"Windows longer\"; no public figure; the 600 s Windows timeout (S004) bounds it"},
	{"service", "activation_delay", defService.ActivationDelay,
		durRange(2*time.Minute, 10*time.Minute),
		[]string{"S004"}, "S004 \"a few minutes\" (no number)"},
	{"service", "idle_release_delay", defService.IdleReleaseDelay, durRange(time.Minute, 10*time.Minute),
		[]string{"S004", "q7"}, "assumption: S004 says only \"released when idle\"; q7 suggests sweeping 60–600 s"},
	{"service", "session_start_delay", defService.SessionStartDelay,
		durRange(3*time.Second, 60*time.Second),
		[]string{"q16"}, "assumption: app launch and shader caches; per demand via `session_start_delay`"},
	{"service", "session_start_delay_cold", defService.SessionStartDelayCold,
		durRange(0, 5*time.Minute),
		[]string{"S004", "q16"}, "assumption: the default application is pre-cached only on always-on compute (S004), so the first session on an instance allocated above always-on waits this much longer; no figure published. High end: S004's \"may take a few minutes to start\""},
	{"service", "idle_timeout", defService.IdleTimeout,
		Range{Low: defService.IdleTimeout, High: defService.IdleTimeout, Alternatives: []any{time.Duration(0)}, Fixed: true},
		[]string{"S004", "A1", "q14"}, "60 min without input (S004); the newer model (A1) drops the bullet, so 0 disables it (q14)"},
	{"service", "terminating_duration", defService.TerminatingDuration, durRange(time.Second, 30*time.Second),
		nil, "assumption: TERMINATING holds the slot; no public figure"},
	{"service", "reconnecting_duration", defService.ReconnectingDuration, durRange(time.Second, 10*time.Second),
		nil, "assumption: no public figure"},
	{"service", "billing_unit", defService.BillingUnit, alternatives("per_stream"),
		[]string{"A2", "A4", "A5", "q2"}, "assumption: sources disagree (A2 per resource, A5 per stream)"},
	{"service", "min_billed_duration", defService.MinBilledDuration, durRange(0, time.Minute),
		[]string{"G13", "q3"}, "no minimum found for Streams; GameLift Servers bills at least 1 min (G13)"},
	{"service", "packing", defService.Packing, alternatives("spread"),
		[]string{"q10"}, "assumption"},
	{"service", "maximum_includes_always_on", defService.MaximumIncludesAlwaysOn, alternatives(false),
		[]string{"q5"}, "assumption; `false` means ceiling = always_on + maximum"},
	{"service", "internal_error_probability", defService.InternalErrorProbability, numRange(0, 0.01),
		[]string{"S004"}, "S004 names `internalError`; no rate published"},
	{"service", "shortfall_rate_per_hour", defService.ShortfallRatePerHour, numRange(0, 0.05),
		[]string{"S004", "q11"}, "`noAvailableInstances` periods during which allocations stall; no rate published"},
	{"service", "shortfall_duration", defService.ShortfallDuration, durRange(10*time.Minute, 2*time.Hour),
		[]string{"q11"}, "assumption"},
	{"service", "stream_group_lifetime", defService.StreamGroupLifetime, fixedDur(defService.StreamGroupLifetime),
		[]string{"S004"}, "groups expire 365 days after creation (ExpiresAt); 0 disables expiry; recreate with `stream_group.recreate_every`"},
	{"service", "last_mile_rtt", defService.LastMileRTT, durRange(9*time.Millisecond, 39*time.Millisecond),
		[]string{"L1", "L2"}, "assumption: only Region-to-Region round trips are published (L1), so a player region's round trip to a location is its anchor Region's plus this access-network share; L2: best landline ISP 9 ms, wireless carriers 31–39 ms"},

	// [demand.client]
	{"demand.client", "connect_delay", defClient.ConnectDelay,
		durRange(time.Second, 15*time.Second), []string{"q15"}, "assumption"},
	{"demand.client", "no_show_probability", defClient.NoShowProbability, numRange(0, 0.1), []string{"q15"}, "assumption"},
	{"demand.client", "disconnect_rate_per_hour", defClient.DisconnectRatePerHour, numRange(0, 0.5), []string{"q15"}, "assumption"},
	{"demand.client", "reconnect_probability", defClient.ReconnectProbability, numRange(0.5, 0.95), []string{"q15"}, "assumption"},
	{"demand.client", "reconnect_delay", defClient.ReconnectDelay,
		durRange(5*time.Second, 60*time.Second), []string{"q15"}, "assumption"},
	{"demand.client", "afk_rate_per_hour", defClient.AFKRatePerHour, numRange(0, 0.2),
		[]string{"S004", "q15"}, "assumption: players who stop giving input end by `idleTimeout`"},
	{"demand.client", "crash_rate_per_hour", defClient.CrashRatePerHour, numRange(0, 0.05),
		[]string{"S004", "q15"}, "assumption: `applicationExit`"},
	{"demand.client", "end_reason", defClient.EndReason, alternatives("applicationExit"),
		[]string{"S004"}, "how a normal end is recorded (`applicationExit` if the game exits itself)"},
	{"demand.client", "connection_timeout", defClient.ConnectionTimeout, fixedDur(defClient.ConnectionTimeout),
		[]string{"S004", "A1"}, "ConnectionTimeoutSeconds default; settable 1–3600 s"},
	{"demand.client", "session_length_limit", defClient.SessionLengthLimit, fixedDur(defClient.SessionLengthLimit),
		[]string{"S004", "A1"}, "SessionLengthSeconds default; settable 1 s–24 h"},

	// [fleet.spot]: per instance pool (an instance type in a location) of a
	// fleet that buys Spot.
	{"fleet.spot", "viable_mean", defSpot.ViableMean, durRange(6*time.Hour, 30*24*time.Hour),
		[]string{"F2", "F12", "q31"}, "assumption: mean length of a period in which a pool is viable for Spot (exponential). FleetIQ evaluates each instance type's viability (F12) and publishes no figure; a week, so that a pool is not viable well under 1 % of the time"},
	{"fleet.spot", "not_viable_mean", defSpot.NotViableMean, durRange(0, 12*time.Hour),
		[]string{"F2", "q31"}, "assumption: mean length of a not-viable period (exponential); no figure published. `0` is Spot always viable (capsim's earlier model). While no pool is viable SPOT_ONLY launches nothing and SPOT_PREFERRED falls back to On-Demand (F2)"},
	{"fleet.spot", "interruption_rate_per_hour", defSpot.InterruptionRatePerHour, numRange(0, 0.001),
		[]string{"G21", "q19"}, "interruptions per Spot instance-hour, each instance on its own. G21 buckets interruptions per instance type and month (< 5 % … > 20 %); the default is half of the 5–10 % bucket (0.0001 per hour), the other half comes in correlated reclaims. High end: about 50 % a month"},
	{"fleet.spot", "reclaim_rate_per_hour", defSpot.ReclaimRatePerHour, numRange(0, 0.01),
		[]string{"G21", "q32"}, "assumption: correlated reclaims per pool-hour, each taking `reclaim_share` of the pool's Spot instances at one instant; no figure published. With the default share they add 0.00005 per instance-hour (see interruption_rate_per_hour). High end: one every four days"},
	{"fleet.spot", "reclaim_share", defSpot.ReclaimShare, numRange(0.1, 1),
		[]string{"q32"}, "assumption: share of a pool's Spot instances a correlated reclaim takes; no figure published"},
	{"fleet.spot", "notice", defSpot.Notice, fixedDur(defSpot.Notice),
		[]string{"G7", "G22"}, "two minutes' notice before the reclaim (EC2's Spot interruption notice); late and missing notices are the next keys"},
	{"fleet.spot", "late_notice_share", defSpot.LateNoticeShare, numRange(0, 0.5),
		[]string{"G7", "G22", "q33"}, "assumption: G7 says the notice \"can arrive late or not at all\" and G22 that notices are best effort; no rate published"},
	{"fleet.spot", "late_notice_delay", defSpot.LateNoticeDelay, durRange(5*time.Second, 2*time.Minute),
		[]string{"q33"}, "assumption: how late a late notice comes; one later than the reclaim counts as missing"},
	{"fleet.spot", "missing_notice_share", defSpot.MissingNoticeShare, numRange(0, 0.2),
		[]string{"G7", "G22", "q33"}, "assumption: no notice at all: the instance takes sessions until the reclaim and its games are cut without OnProcessTerminate; no rate published"},
	{"fleet.spot", "rebalance_to_spot", defSpot.RebalanceToSpot, alternatives(false),
		[]string{"F2", "F3", "q35"}, "assumption: once a pool is viable again, SPOT_PREFERRED drains its On-Demand instances (DRAINING, F3: replaced, ended after current play), reading F2's Spot \"used whenever available\"; `false` keeps them until scale-in"},
	{"fleet.spot", "requeue_share", defSpot.RequeueShare, numRange(0.5, 1),
		[]string{"q34"}, "assumption: share of the games a reclaim ends in play whose players request placement again (a new game)"},
	{"fleet.spot", "requeue_delay", defSpot.RequeueDelay, durRange(5*time.Second, 5*time.Minute),
		[]string{"q34"}, "assumption: time from the reclaim to the players' new request (client notices the loss, matchmaking again)"},
}

// Assumptions returns the assumption table: every `[service]` and
// `[demand.client]` key with its default, sources and plausible range.
// The slice is a copy; its Default and Range values are shared.
func Assumptions() []AssumptionSpec { return append([]AssumptionSpec(nil), assumptionTable...) }

// lookupAssumption finds a row by section and key.
func lookupAssumption(section, key string) (AssumptionSpec, bool) {
	for _, a := range assumptionTable {
		if a.Section == section && a.Key == key {
			return a, true
		}
	}
	return AssumptionSpec{}, false
}

// Low and High return the assumption's default moved to the low or high end
// of its range, as a value of the field's type: a duration or number as is,
// a distribution with its scale (median, mean or value) replaced. ok is false
// for an enum or boolean (use Range.Alternatives).
func (a AssumptionSpec) Low() (v any, ok bool)  { return a.at(a.Range.Low) }
func (a AssumptionSpec) High() (v any, ok bool) { return a.at(a.Range.High) }

func (a AssumptionSpec) at(end any) (any, bool) {
	if end == nil {
		return nil, false
	}
	if d, isDist := a.Default.(DistSpec); isDist {
		scale, _ := end.(time.Duration)
		return d.WithScale(scale), true
	}
	return end, true
}

// Scale is the parameter a range moves: the median of a lognormal, the mean
// of an exponential, gamma or Weibull, the value of a fixed distribution; 0
// for an empirical one.
func (d DistSpec) Scale() time.Duration {
	switch d.Dist {
	case "lognormal":
		return d.Median
	case "exponential", "gamma", "weibull":
		return d.Mean
	case "fixed":
		return d.Value
	}
	return 0
}

// WithScale returns d with its scale (see Scale) set to s.
func (d DistSpec) WithScale(s time.Duration) DistSpec {
	switch d.Dist {
	case "lognormal":
		d.Median = s
	case "exponential", "gamma", "weibull":
		d.Mean = s
	case "fixed":
		d.Value = s
	}
	return d
}

// source is the row's sources and note in one line: "S004, q8: note".
func (a AssumptionSpec) source() string {
	keys := strings.Join(a.Sources, ", ")
	switch {
	case keys == "":
		return a.Note
	case a.Note == "":
		return keys
	}
	return keys + ": " + a.Note
}

// rangeText writes the range as README shows it: "20s – 1m30s" (a
// distribution's: "median 20s – 1m30s"), "0 – 0.1", "fixed", "or `spread`".
func (a AssumptionSpec) rangeText() string {
	r := a.Range
	var parts []string
	switch {
	case r.Fixed:
		parts = append(parts, "fixed")
	case r.Low != nil:
		prefix := ""
		if d, ok := a.Default.(DistSpec); ok {
			prefix = map[string]string{"lognormal": "median ", "exponential": "mean ", "gamma": "mean ", "fixed": "value "}[d.Dist]
		}
		parts = append(parts, prefix+formatSetting(reflect.ValueOf(r.Low))+" – "+formatSetting(reflect.ValueOf(r.High)))
	}
	if len(r.Alternatives) > 0 {
		var alts []string
		for _, v := range r.Alternatives {
			s := formatSetting(reflect.ValueOf(v))
			if s == "0s" {
				s = "0 (off)"
			}
			alts = append(alts, "`"+strings.Trim(s, `"`)+"`")
		}
		parts = append(parts, "or "+strings.Join(alts, ", "))
	}
	return strings.Join(parts, "; ")
}

// AssumptionsMarkdown renders the rows of one section ("service",
// "demand.client", "fleet.spot") as the Markdown table README (and, for
// "fleet.spot", FLEETS.md) shows.
func AssumptionsMarkdown(section string) string {
	var b strings.Builder
	b.WriteString("| key | default | plausible range | sources | status |\n| --- | --- | --- | --- | --- |\n")
	for _, a := range assumptionTable {
		if a.Section != section {
			continue
		}
		def := strings.Trim(formatSetting(reflect.ValueOf(a.Default)), `"`)
		fmt.Fprintf(&b, "| `%s` | `%s` | %s | %s | %s |\n", a.Key, def, a.rangeText(), strings.Join(a.Sources, ", "), a.Note)
	}
	return b.String()
}
