package capsim_test

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"

	"github.com/capsim/capsim/internal/testutil"
	"github.com/capsim/capsim/scenarios"
)

var update = flag.Bool("update", false, "rewrite the generated blocks of README.md and docs/*.md")

// README.md and the docs/ pages it links (docFiles) carry every figure in
// blocks
//
//	<!-- generated: NAME -->
//	...
//	<!-- end -->
//
// whose content readmeBlocks produces by running the capsim command line
// (built once per test run) or reading the assumption table. TestReadme fails
// when a block differs from what its generator prints now; after a change to
// the model or a default,
//
//	go test ./ -run TestReadme -update
//
// rewrites them, in whichever file holds each. Blocks in scriptBlocks (timings) come from a script that
// cannot run in CI; the test only checks they are there.
var readmeBlocks = map[string]func(t *testing.T) string{
	"default-run":         defaultRunBlock,
	"default-whatif":      defaultWhatIfBlock,
	"launch-spike":        launchSpikeBlock,
	"cold-start":          coldStartBlock,
	"class-compare":       classCompareBlock,
	"service-assumptions": func(*testing.T) string { return scenarios.AssumptionsMarkdown("service") },
	"client-assumptions":  func(*testing.T) string { return scenarios.AssumptionsMarkdown("demand.client") },
	"limits":              limitsBlock,
	"imports":             importsBlock,
}

// limitsBlock states the input limits from the constants that enforce them.
func limitsBlock(*testing.T) string {
	mib := func(b int) string { return fmt.Sprintf("%d MiB", b>>20) }
	return fmt.Sprintf("A scenario beyond these is rejected before it runs, with the field and line to change: "+
		"%s replications, %d locations per group, %s streams per location, %s expected requests per replication, "+
		"%s sessions in flight, %s timeseries points, a %d-year horizon, %d spikes per demand, "+
		"prices up to %s USD per hour. `simulation.max_total_requests` (default %s) bounds the expected requests "+
		"of all replications together; raise it deliberately for very long studies. A scenario file may be at most %s, "+
		"a trace or empirical CSV at most %s, with lines of at most %d KiB; an error quotes at most %d bytes of the input.\n",
		group(scenarios.MaxReplications), scenarios.MaxLocationsPerGroup, group(scenarios.MaxStreamsPerLocation),
		group(scenarios.MaxArrivalsPerRun), group(scenarios.MaxConcurrentSessions), group(scenarios.MaxTimeseriesPoints),
		int(scenarios.MaxHorizon.Hours()/24/365), scenarios.MaxSpikesPerDemand, group(int(scenarios.MaxPriceUSDPerHour)),
		group(scenarios.DefaultMaxTotalRequests), mib(scenarios.MaxScenarioBytes), mib(scenarios.MaxDataFileBytes),
		scenarios.MaxLineBytes>>10, scenarios.MaxQuoteBytes)
}

// group writes n with thousands separators: 1,000,000.
func group(n int) string {
	s := fmt.Sprint(n)
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}

// scriptBlocks are written by scripts on a named machine (timings); each
// must hold the words given, its script's name and "machine:" among them.
var scriptBlocks = map[string][]string{
	"perf":            {"scripts/readme-perf.sh", "machine:", "ns/event"},
	"optimize-timing": {"scripts/readme-optimize.sh", "machine:", "wall", "large-title.toml"},
}

// longUnlessUpdate marks a README test long (testutil.Long: the default
// go test ./... leaves it out, CAPSIM_LONG_TESTS=1 and CI run it) unless
// -update asks it to rewrite what it checks.
func longUnlessUpdate(t *testing.T) {
	t.Helper()
	if !*update {
		testutil.Long(t)
	}
}

// TestMain names the long tests the run left out (testutil.LongMain).
func TestMain(m *testing.M) { os.Exit(testutil.LongMain(m, "./")) }

var blockRE = regexp.MustCompile(`(?s)<!-- generated: ([a-z0-9-]+) -->\n(.*?)<!-- end -->`)

func TestReadme(t *testing.T) {
	longUnlessUpdate(t)
	seen := map[string]string{} // block -> the file that holds it
	for _, file := range docFiles(t) {
		data := readDoc(t, file)
		out := blockRE.ReplaceAllStringFunc(data, func(m string) string {
			sub := blockRE.FindStringSubmatch(m)
			name, body := sub[1], sub[2]
			if prev, ok := seen[name]; ok {
				t.Errorf("%s: block %s appears again (first in %s); a block lives in one file", file, name, prev)
			}
			seen[name] = file
			if _, ok := scriptBlocks[name]; ok {
				return m
			}
			gen, ok := readmeBlocks[name]
			if !ok {
				t.Errorf("%s: block %s has no generator in readmeBlocks", file, name)
				return m
			}
			want := gen(t)
			if !strings.HasSuffix(want, "\n") {
				want += "\n"
			}
			if want != body && !*update {
				t.Errorf("%s block %s is stale (go test ./ -run TestReadme -update rewrites it):\n--- %s\n%s--- now\n%s", file, name, file, body, want)
			}
			return "<!-- generated: " + name + " -->\n" + want + "<!-- end -->"
		})
		if *update && out != data {
			if err := os.WriteFile(file, []byte(out), 0o644); err != nil {
				t.Fatal(err)
			}
		}
	}
	for name := range readmeBlocks {
		if seen[name] == "" {
			t.Errorf("neither README.md nor docs/*.md has a block %s", name)
		}
	}
	for name := range scriptBlocks {
		if seen[name] == "" {
			t.Errorf("neither README.md nor docs/*.md has a block %s (its script, %s, writes it)", name, scriptBlocks[name][0])
		}
	}
}

// TestReadmeScriptBlocksNameTheirSource keeps timing figures inside the
// scripts' blocks, each with the machine and the script that produced it.
func TestReadmeScriptBlocksNameTheirSource(t *testing.T) {
	for name, words := range scriptBlocks {
		block := readmeBlock(t, name)
		for _, want := range words {
			if !strings.Contains(block, want) {
				t.Errorf("the %s block lacks %q (its script writes it)", name, want)
			}
		}
	}
	timing := regexp.MustCompile(`\d\s*(ns|µs|ms)/(event|arrival|session)`)
	for _, file := range docFiles(t) {
		if timing.MatchString(blockRE.ReplaceAllString(readDoc(t, file), "")) {
			t.Errorf("%s has a timing figure outside a generated block", file)
		}
	}
}

var (
	buildOnce sync.Once
	capsimBin string
	buildErr  error
)

// capsim runs the command line, built once into a temporary directory, and
// returns its standard output.
func capsim(t *testing.T, args ...string) []byte {
	t.Helper()
	cmd := exec.Command(capsimPath(t), append(args, "--quiet")...)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("capsim %s: %v\n%s", strings.Join(args, " "), err, stderr.String())
	}
	return out
}

// capsimPath is the command line, built once into a temporary directory.
func capsimPath(t *testing.T) string {
	t.Helper()
	buildOnce.Do(func() {
		dir, err := os.MkdirTemp("", "capsim-readme")
		if err != nil {
			buildErr = err
			return
		}
		capsimBin = filepath.Join(dir, "capsim")
		out, err := exec.Command("go", "build", "-o", capsimBin, "./cmd/capsim").CombinedOutput()
		if err != nil {
			buildErr = fmt.Errorf("go build: %v\n%s", err, out)
		}
	})
	if buildErr != nil {
		t.Fatal(buildErr)
	}
	return capsimBin
}

// estimate is a summary.json figure: mean and 95% CI half-width.
type estimate struct {
	Mean float64 `json:"mean"`
	CI95 float64 `json:"ci95"`
}

type summaryTotal struct {
	Requests     estimate `json:"requests"`
	FailureRatio estimate `json:"placement_failure_ratio"`
	Latency      struct {
		P95 estimate `json:"p95"`
		P99 estimate `json:"p99"`
	} `json:"placement_latency_seconds"`
	CostUSD estimate `json:"cost_usd"`
}

// total runs capsim run --json with args and returns the summary's total.
func total(t *testing.T, args ...string) summaryTotal {
	t.Helper()
	var s struct {
		Total summaryTotal `json:"total"`
	}
	if err := json.Unmarshal(capsim(t, append([]string{"run", "--json"}, args...)...), &s); err != nil {
		t.Fatal(err)
	}
	return s.Total
}

func defaultRunBlock(t *testing.T) string {
	out := string(capsim(t, "run"))
	var b strings.Builder
	b.WriteString("```\n")
	in := false
	for _, line := range strings.Split(out, "\n") {
		if strings.HasPrefix(line, "metric ") {
			in = true
		}
		if in {
			b.WriteString(strings.TrimRight(line, " ") + "\n")
		}
		if strings.HasPrefix(line, "idle cost (USD)") {
			break
		}
	}
	b.WriteString("...\n```\n")
	return b.String()
}

const biggerBuffer = "--set 'stream_group[0].location[0].target_idle=6' --set 'stream_group[0].location[1].target_idle=4'"

func defaultWhatIfBlock(t *testing.T) string {
	base := total(t)
	big := total(t, "--set", "stream_group[0].location[0].target_idle=6", "--set", "stream_group[0].location[1].target_idle=4")
	effect := fmt.Sprintf("gives a p99 of %s s", g3(big.Latency.P99.Mean))
	if big.Latency.P99.Mean >= base.Latency.P99.Mean {
		effect = "buys no shorter wait"
	}
	return fmt.Sprintf("With the default `target_idle` of 2 streams per location the total p95 placement latency is "+
		"%s s and the p99 %s s; raising `target_idle` to 6 and 4 (`%s`) %s and "+
		"moves the day's cost from $%.0f ± %.0f to $%.0f ± %.0f. Weighing such trade-offs is what capsim is for.\n",
		g3(base.Latency.P95.Mean), g3(base.Latency.P99.Mean), biggerBuffer, effect,
		base.CostUSD.Mean, base.CostUSD.CI95, big.CostUSD.Mean, big.CostUSD.CI95)
}

func launchSpikeBlock(t *testing.T) string {
	s := total(t, "scenarios/examples/launch-spike.toml")
	return fmt.Sprintf("`launch-spike` (a launch ramp on gen4n_ultra) fails %.1f%% ± %.1f of the day's requests with "+
		"`placementTimeout` (p95 latency %s s), nearly all of them at the peak: its capacity is too small for the spike.\n",
		100*s.FailureRatio.Mean, 100*s.FailureRatio.CI95, g3(s.Latency.P95.Mean))
}

func coldStartBlock(t *testing.T) string {
	const file = "scenarios/examples/cold-start.toml"
	def := total(t, file)
	old := total(t, file, "--set", `service.allocation_delay_linux={dist="lognormal",median="45s",sigma=0.42}`)
	return fmt.Sprintf("`cold-start` (4 requests per hour on a location with `maximum` only, so every request waits for a "+
		"new instance) fails %.1f%% ± %.1f of requests with the default allocation delay (median 90 s); with the old default, median "+
		"45 s (`--set 'service.allocation_delay_linux={dist=\"lognormal\",median=\"45s\",sigma=0.42}'`), it fails "+
		"%.1f%% ± %.1f.\n", 100*def.FailureRatio.Mean, 100*def.FailureRatio.CI95, 100*old.FailureRatio.Mean, 100*old.FailureRatio.CI95)
}

func classCompareBlock(t *testing.T) string {
	var c struct {
		Classes []struct {
			Class        string   `json:"class"`
			Tenancy      int      `json:"tenancy"`
			P95          estimate `json:"p95_placement_latency_seconds"`
			FailureRatio estimate `json:"placement_failure_ratio"`
			CostUSD      estimate `json:"cost_usd"`
			PerStreamH   estimate `json:"cost_per_stream_hour_usd"`
		} `json:"classes"`
	}
	raw := capsim(t, "compare", "scenarios/examples/class-compare.toml", "--json")
	if err := json.Unmarshal(raw, &c); err != nil {
		t.Fatal(err)
	}
	if len(c.Classes) == 0 {
		t.Fatalf("compare --json: no classes in %.300s", raw)
	}
	var b strings.Builder
	b.WriteString("| class | tenancy | p95 latency (s) | failure ratio | cost (USD) | USD per stream-hour |\n| --- | --- | --- | --- | --- | --- |\n")
	for _, r := range c.Classes {
		fmt.Fprintf(&b, "| %s | %d | %s ± %s | %.2f%% ± %.2f | %.2f ± %.2f | %.2f |\n", r.Class, r.Tenancy,
			g3(r.P95.Mean), g3(r.P95.CI95), 100*r.FailureRatio.Mean, 100*r.FailureRatio.CI95,
			r.CostUSD.Mean, r.CostUSD.CI95, r.PerStreamH.Mean)
	}
	return b.String()
}

// g3 writes x with three significant digits, as the table does.
func g3(x float64) string { return fmt.Sprintf("%.3g", x) }
