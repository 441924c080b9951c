package benchout

import (
	"fmt"
	"io"
	"math"
	"runtime"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/perf/benchfmt"

	"github.com/capsim/capsim/models/fleets"
	"github.com/capsim/capsim/models/streams"
	"github.com/capsim/capsim/scenarios"
	"github.com/capsim/capsim/sim/metric"
	"github.com/capsim/capsim/simrun"
)

// Meta is what a results file records of a run in its configuration lines.
type Meta struct {
	Version string // capsim's version
	CPU     string // the processor, if known ("" leaves it out)
}

// Run is one scenario's replications, as [Simulate] returns them.
type Run struct {
	Scenario *scenarios.Scenario
	Reps     []Replication
}

// Write writes runs to w in the Go benchmark format: the unit metadata
// ([UnitMetadata]), then for each run a comment line recording what
// reproduces it (capsim's version, the scenario's SHA-256, seed and
// replications), its configuration lines and its [Results].
//
// The version, hash and seed are a comment, which benchfmt readers skip,
// not configuration lines: benchstat puts results whose configuration
// differs in separate tables, and an A/B comparison is precisely of runs
// that differ in them.
func Write(w io.Writer, runs []Run, meta Meta) error {
	bw := benchfmt.NewWriter(w)
	for _, u := range UnitMetadata() {
		if err := bw.Write(u); err != nil {
			return err
		}
	}
	for i, r := range runs {
		if i > 0 {
			if _, err := io.WriteString(w, "\n"); err != nil {
				return err
			}
		}
		sim := r.Scenario.Simulation
		if _, err := fmt.Fprintf(w, "# capsim %s: scenario %s sha256 %s, seed %d, %d replications\n", ConfigValue(meta.Version),
			ConfigValue(r.Scenario.Name), r.Scenario.SHA256(), sim.Seed, sim.Replications); err != nil {
			return err
		}
		for _, res := range Results(r.Scenario, r.Reps, meta) {
			if err := bw.Write(res); err != nil {
				return err
			}
		}
	}
	return nil
}

// Results returns the benchmark-format results of a scenario's
// replications: for each replication, one result per scope (stream group
// location, total, fleet location, fleet total) that has a defined value,
// each with the configuration scenario, goos, goarch and cpu.
func Results(sc *scenarios.Scenario, reps []Replication, meta Meta) []*benchfmt.Result {
	var out []*benchfmt.Result
	cfg := config(sc, meta)
	base := "Capsim/scenario=" + NameValue(sc.Name)
	for _, rep := range reps {
		for _, s := range rep.Scopes {
			if !benched(s) || s.Model == "streams" && !hasLocations(rep.Scopes, "streams") {
				continue // an hour or a player region; fleets only: no stream group to report
			}
			r := &benchfmt.Result{Name: benchfmt.Name(base + "/location=" + scopeValue(s) + "/model=" + s.Model), Iters: 1}
			r.Config = slices.Clone(cfg)
			r.Values = scopeValues(s, rep)
			if len(r.Values) > 0 {
				out = append(out, r)
			}
		}
	}
	return out
}

// config is the results' file configuration: what they are of and where
// they ran, the same in the runs an A/B comparison compares.
func config(sc *scenarios.Scenario, meta Meta) []benchfmt.Config {
	kv := []string{"scenario", ConfigValue(sc.Name), "goos", runtime.GOOS, "goarch", runtime.GOARCH}
	if meta.CPU != "" {
		kv = append(kv, "cpu", ConfigValue(meta.CPU))
	}
	out := make([]benchfmt.Config, 0, len(kv)/2)
	for i := 0; i < len(kv); i += 2 {
		out = append(out, benchfmt.Config{Key: kv[i], Value: []byte(kv[i+1]), File: true})
	}
	return out
}

// scopeValue names a scope in a benchmark name: OWNER:LOCATION, or total.
func scopeValue(s simrun.Scope) string {
	if s.Location == "" {
		return "total"
	}
	return NameValue(s.Owner + ":" + s.Location)
}

// scopeValues are the scope's key metrics (undefined ones left out) and,
// on a total, the model's ns/session.
func scopeValues(s simrun.Scope, rep Replication) []benchfmt.Value {
	names, ns := StreamMetrics, rep.NsPerSession(s.Model)
	if s.Model == "fleets" {
		names = FleetMetrics
	}
	var out []benchfmt.Value
	for _, n := range names {
		if v := value(s, n); !math.IsNaN(v) {
			out = append(out, benchfmt.Value{Value: v, Unit: n})
		}
	}
	if s.Location == "" && !math.IsNaN(ns) {
		out = append(out, benchfmt.Value{Value: ns, Unit: NsPerSession})
	}
	return out
}

// UnitMetadata says, for benchstat, which way each key metric improves
// (better=higher or better=lower, from the declarations), in the order of
// StreamMetrics then FleetMetrics (each unit once) and ns/session last.
func UnitMetadata() []*benchfmt.UnitMetadata {
	var out []*benchfmt.UnitMetadata
	seen := map[string]bool{}
	add := func(unit string, d metric.Direction) {
		if seen[unit] || d == metric.Neutral {
			return
		}
		seen[unit] = true
		v := "lower"
		if d == metric.HigherIsBetter {
			v = "higher"
		}
		out = append(out, &benchfmt.UnitMetadata{UnitMetadataKey: benchfmt.UnitMetadataKey{Unit: unit, Key: "better"},
			OrigUnit: unit, Value: v})
	}
	for _, n := range StreamMetrics {
		add(n, direction(metric.Infos(streams.Metrics), n))
	}
	for _, n := range FleetMetrics {
		add(n, direction(metric.Infos(fleets.Metrics), n))
	}
	add(NsPerSession, metric.LowerIsBetter)
	return out
}

func direction(infos []metric.Info, name string) metric.Direction {
	for _, in := range infos {
		if in.Name == name {
			return in.Better
		}
	}
	return metric.Neutral
}

// NameValue makes s safe as a value in a benchmark name: a name is one
// field, split into sub-benchmark parts at '/', so white space, '/',
// control and other non-graphic characters (and bytes that are not UTF-8)
// become '_'; an empty value is "_".
func NameValue(s string) string {
	return clean(s, func(r rune) bool { return r == '/' || unicode.IsSpace(r) || !unicode.IsGraphic(r) })
}

// ConfigValue makes s safe as the value of a configuration line: one line,
// without control or other non-graphic characters (each becomes '_');
// spaces are kept.
func ConfigValue(s string) string {
	return clean(strings.TrimSpace(s), func(r rune) bool { return r != ' ' && !unicode.IsGraphic(r) })
}

func clean(s string, bad func(rune) bool) string {
	var b strings.Builder
	for i, w := 0, 0; i < len(s); i += w {
		r, n := utf8.DecodeRuneInString(s[i:])
		w = n
		if r == utf8.RuneError && n <= 1 || bad(r) {
			r = '_'
		}
		b.WriteRune(r)
	}
	if b.Len() == 0 {
		return "_"
	}
	return b.String()
}
