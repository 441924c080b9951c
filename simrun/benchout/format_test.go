package benchout_test

import (
	"bytes"
	"math"
	"regexp"
	"strings"
	"testing"

	"golang.org/x/perf/benchfmt"

	"github.com/capsim/capsim/models/fleets"
	"github.com/capsim/capsim/models/streams"
	"github.com/capsim/capsim/sim/metric"
	"github.com/capsim/capsim/simrun/benchout"
)

const fleetExample = "../../scenarios/examples/fleet-buffer.toml"

// TestMetricsAreDeclared: every key metric is a metric the models declare.
func TestMetricsAreDeclared(t *testing.T) {
	for _, c := range []struct {
		names []string
		infos []metric.Info
	}{{benchout.StreamMetrics, metric.Infos(streams.Metrics)}, {benchout.FleetMetrics, metric.Infos(fleets.Metrics)}} {
		for _, n := range c.names {
			found := false
			for _, in := range c.infos {
				found = found || in.Name == n
			}
			if !found {
				t.Errorf("%s is not declared", n)
			}
		}
	}
}

func write(t *testing.T, path string, opts benchout.Options, rename string) (string, []benchout.Replication) {
	t.Helper()
	sc, err := benchout.Load(path, opts)
	if err != nil {
		t.Fatal(err)
	}
	if rename != "" {
		sc.Name = rename
	}
	reps, err := benchout.Simulate(sc, 0, sc.Simulation.Replications, benchout.SimulateOptions{Workers: opts.Workers})
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := benchout.Write(&buf, []benchout.Run{{Scenario: sc, Reps: reps}}, benchout.Meta{Version: "test", CPU: "cpu\nx: y"}); err != nil {
		t.Fatal(err)
	}
	return buf.String(), reps
}

// parse reads text with benchfmt's reader, failing on any syntax error.
func parse(t *testing.T, text string) []*benchfmt.Result {
	t.Helper()
	r := benchfmt.NewReader(strings.NewReader(text), "x")
	var out []*benchfmt.Result
	for r.Scan() {
		switch rec := r.Result().(type) {
		case *benchfmt.SyntaxError:
			t.Fatalf("syntax error: %v", rec)
		case *benchfmt.Result:
			out = append(out, rec.Clone())
		}
	}
	if err := r.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

// TestWriteParses: the output reads back with benchfmt's reader: a line
// per replication and scope, names with their keys, configuration, and
// values equal to the replications' (the totals' means are Means').
func TestWriteParses(t *testing.T) {
	text, reps := write(t, "", benchout.Options{Replications: 3, Set: []string{"simulation.horizon=4h"}}, "")
	res := parse(t, text)
	if len(res) != 3*3 { // two locations and the total, three replications
		t.Fatalf("%d results, want 9:\n%s", len(res), text)
	}
	want := []string{"Capsim/scenario=starlight-rally-day/location=starlight:eu-central-1/model=streams",
		"Capsim/scenario=starlight-rally-day/location=starlight:us-east-1/model=streams",
		"Capsim/scenario=starlight-rally-day/location=total/model=streams"}
	var costs []float64
	for i, r := range res {
		if got := r.Name.String(); got != want[i%3] {
			t.Errorf("result %d: name %s, want %s", i, got, want[i%3])
		}
		if got := r.GetConfig("scenario"); got != "starlight-rally-day" {
			t.Errorf("config scenario %q", got)
		}
		if got := r.GetConfig("cpu"); got != "cpu_x: y" {
			t.Errorf("config cpu %q, want the newline replaced", got)
		}
		_, hasNs := r.Value("sec/session") // benchfmt tidies ns/session
		if hasNs != (i%3 == 2) {
			t.Errorf("result %d: ns/session present %v", i, hasNs)
		}
		if i%3 == 2 {
			c, _ := r.Value("cost_usd")
			costs = append(costs, c)
		}
	}
	if !strings.Contains(text, "# capsim test: scenario starlight-rally-day sha256 ") || !strings.Contains(text, ", seed 42, 3 replications\n") {
		t.Errorf("no reproduction comment:\n%s", text)
	}
	var mean float64
	for _, c := range costs {
		mean += c / 3
	}
	found := false
	for _, m := range benchout.Means(reps) {
		if m.Unit == "cost_usd" {
			found = true
			if math.Abs(m.Value-mean) > 1e-9*mean {
				t.Errorf("Means cost %v, lines' mean %v", m.Value, mean)
			}
		}
	}
	if !found || len(costs) != 3 {
		t.Errorf("Means has cost_usd: %v; cost lines: %d (want 3)", found, len(costs))
	}
}

// TestHostileNames: white space, '/', control characters and invalid
// UTF-8 in a scenario name cannot add lines or name parts.
func TestHostileNames(t *testing.T) {
	text, _ := write(t, "", benchout.Options{Replications: 2, Set: []string{"simulation.horizon=3h"}},
		"evil name/x=1\nBenchmarkFake 1 2 ns/op\r\x1b[31m\xff-3")
	res := parse(t, text)
	if len(res) != 6 {
		t.Fatalf("%d results, want 6:\n%s", len(res), text)
	}
	for _, r := range res {
		base, parts := r.Name.Parts()
		if string(base) != "Capsim" || len(parts) != 3 || string(parts[0]) != "/scenario=evil_name_x=1_BenchmarkFake_1_2_ns_op__[31m_-3" {
			t.Errorf("name %q: parts %q", r.Name, parts)
		}
		if strings.ContainsAny(r.GetConfig("scenario"), "\n\r\x1b") {
			t.Errorf("config scenario %q", r.GetConfig("scenario"))
		}
	}
	if n := strings.Count(text, "\nBenchmarkFake"); n != 0 {
		t.Errorf("the name injected %d lines", n)
	}
}

var nsValue = regexp.MustCompile(` [0-9.e+-]+ ns/session`)

// TestDeterministic: every value but ns/session is the same whatever the
// workers; fleets are reported with their fleet and location.
func TestDeterministic(t *testing.T) {
	opts := benchout.Options{Replications: 3, Set: []string{"simulation.horizon=3h"}}
	var texts []string
	for _, w := range []int{1, 3} {
		opts.Workers = w
		text, _ := write(t, fleetExample, opts, "")
		texts = append(texts, nsValue.ReplaceAllString(text, ""))
	}
	if texts[0] != texts[1] {
		t.Errorf("outputs differ with the workers:\n%s\n%s", texts[0], texts[1])
	}
	if !strings.Contains(texts[0], "/location=lobby-fleet:eu-central-1/model=fleets 1 ") ||
		!strings.Contains(texts[0], "/location=total/model=fleets 1 ") || strings.Contains(texts[0], "model=streams") {
		t.Errorf("fleet lines:\n%s", texts[0])
	}
}
