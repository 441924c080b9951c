package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"testing"

	"github.com/capsim/capsim/internal/outdir"
	"github.com/capsim/capsim/internal/testutil"
)

// capsim runs Main and returns its exit code, stdout and stderr.
func capsim(t *testing.T, args ...string) (int, string, string) {
	t.Helper()
	var stdout, stderr bytes.Buffer
	code := Main(args, &stdout, &stderr)
	return code, stdout.String(), stderr.String()
}

func TestValidateExamples(t *testing.T) {
	files, err := filepath.Glob("../../scenarios/examples/*.toml")
	if err != nil || len(files) == 0 {
		t.Fatalf("no examples: %v", err)
	}
	for _, f := range files {
		t.Run(filepath.Base(f), func(t *testing.T) {
			code, out, errOut := capsim(t, "validate", f)
			if code != 0 || !strings.Contains(out, f+": ok") || errOut != "" {
				t.Errorf("exit %d\nstdout %q\nstderr %q", code, out, errOut)
			}
		})
	}
}

// malformed is the shared minimal scenario with always_on = 3, not a whole
// multiple of the tenancy, on its line 14 (testutil.MinimalTOML's map).
var malformed = strings.Replace(testutil.MinimalTOML, "always_on = 2", "always_on = 3", 1)

func writeFile(t *testing.T, name, text string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// fastRun makes the default scenario quick to simulate.
var fastRun = []string{"run", "--replications", "2", "--horizon", "3h"}

// sameTrees checks that dir1 and dir2 hold the same files (at least 5)
// with the same bytes; how names the two runs in the error.
func sameTrees(t *testing.T, dir1, dir2, how string) {
	t.Helper()
	files1, files2 := readTree(t, dir1), readTree(t, dir2)
	if len(files1) != len(files2) || len(files1) < 5 {
		t.Errorf("wrote %d and %d files", len(files1), len(files2))
	}
	for n, data := range files1 {
		if !bytes.Equal(data, files2[n]) {
			t.Errorf("%s differs %s", n, how)
		}
	}
}

// readTree returns every file under dir by its slash-separated relative path.
func readTree(t *testing.T, dir string) map[string][]byte {
	t.Helper()
	files := map[string][]byte{}
	err := filepath.WalkDir(dir, func(path string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(dir, path)
		data, err := os.ReadFile(path)
		files[filepath.ToSlash(rel)] = data
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return files
}

func TestRunOut(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "results")
	args := append(slices.Clone(fastRun), "--out", dir)
	code, out, errOut := capsim(t, args...)
	if code != 0 {
		t.Fatalf("exit %d, stderr %q", code, errOut)
	}
	if !strings.Contains(out, "starlight/eu-central-1") {
		t.Errorf("no table on stdout:\n%s", out)
	}
	files := readTree(t, dir)
	var names []string
	for n := range files {
		names = append(names, n)
	}
	slices.Sort(names)
	for _, want := range []string{"summary.json", "timeseries.csv", "report.html",
		"plots/latency-cdf.png", "plots/latency-cdf.svg", "plots/capacity-starlight-eu-central-1.png",
		"plots/capacity-starlight-us-east-1.svg", "plots/cost.png", "plots/failures.svg", "plots/utilisation.png"} {
		if _, ok := files[want]; !ok {
			t.Errorf("--out did not write %s; wrote %q", want, names)
		}
	}
	for _, n := range names {
		if strings.HasPrefix(path.Base(n), ".") {
			t.Errorf("temporary file left behind: %s", n)
		}
	}
	if !json.Valid(files["summary.json"]) {
		t.Errorf("summary.json is not valid JSON")
	}
	header, body, _ := strings.Cut(string(files["timeseries.csv"]), "\n")
	if !strings.HasPrefix(header, "stream_group,location,minute_start,requests,streaming,allocated,idle,waiting,") {
		t.Errorf("timeseries.csv header %q", header)
	}
	if !strings.Contains(body, "starlight,eu-central-1,") || !strings.Contains(body, "starlight,us-east-1,") {
		t.Errorf("timeseries.csv has no rows for both locations")
	}
	html := string(files["report.html"])
	for _, want := range []string{"<title>capsim report: starlight-rally-day</title>", "p95 placement latency",
		"placement_timeout_always_on", "S004", "capsim run --replications 2 --horizon 3h --out reproduced-run</", "<svg"} {
		if !strings.Contains(html, want) {
			t.Errorf("report.html lacks %q", want)
		}
	}
	if strings.Contains(html, "<?xml") || strings.Contains(html, "src=\"http") || strings.Contains(html, "href=\"http") {
		t.Errorf("report.html is not self-contained (XML prolog or external reference)")
	}

	if !strings.Contains(string(files[outdir.Manifest]), `"summary.json"`) {
		t.Errorf("%s does not list the outputs:\n%s", outdir.Manifest, files[outdir.Manifest])
	}
	if strings.Contains(html, dir) {
		t.Errorf("report.html names the --out directory: the reproduce line must not depend on the machine")
	}
}

// TestRunOutByteIdentical: every output file, the report's reproduce line
// included, is byte-identical across --workers 1 and 2 and GOMAXPROCS,
// whatever the --out path and --quiet.
func TestRunOutByteIdentical(t *testing.T) {
	dir1 := filepath.Join(t.TempDir(), "one")
	dir2 := filepath.Join(t.TempDir(), "two")
	if code, _, errOut := capsim(t, append(slices.Clone(fastRun), "--out", dir1, "--workers", "1")...); code != 0 {
		t.Fatalf("--workers 1: exit %d, stderr %q", code, errOut)
	}
	func() {
		defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(1))
		if code, _, errOut := capsim(t, append(slices.Clone(fastRun), "--quiet", "--workers=2", "--out="+dir2)...); code != 0 {
			t.Fatalf("--workers 2: exit %d, stderr %q", code, errOut)
		}
	}()
	sameTrees(t, dir1, dir2, "between --workers 1 and --workers 2")
}

func TestRunBadInputWritesNothing(t *testing.T) {
	bad := writeFile(t, "bad.toml", malformed)
	for _, tc := range []struct {
		name string
		args []string
		want []string // on stderr
	}{
		{"unknown --set path", []string{"--set", "simulation.sed=3"}, []string{"--set", "simulation.sed", `did you mean "seed"?`}},
		{"--set index out of range", []string{"--set", "stream_group[0].location[7].always_on=4"}, []string{"index 7 is out of range"}},
		{"--set bad value", []string{"--set", "simulation.horizon=soon"}, []string{"simulation.horizon", "want a duration"}},
		{"--set invalid value", []string{"--set", "stream_group[0].location[0].always_on=3"}, []string{"stream_group[0].location[0].always_on", "not a whole multiple"}},
		{"--set without =", []string{"--set", "simulation.seed"}, []string{"want path=value"}},
		{"bad --replications", []string{"--replications", "0"}, []string{"--replications 0"}},
		{"--replications not a number", []string{"--replications", "abc"}, []string{"--replications abc"}},
		{"negative --seed", []string{"--seed", "-1"}, []string{"--seed -1"}},
		{"negative --workers", []string{"--workers", "-1"}, []string{"--workers -1"}},
		{"bad --horizon", []string{"--horizon", "soon"}, []string{"--horizon", "simulation.horizon"}},
		{"malformed file", []string{bad}, []string{bad + ":14:", "stream_group[0].location[0].always_on"}},
		{"missing file", []string{filepath.Join(t.TempDir(), "nope.toml")}, []string{"nope.toml"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := filepath.Join(t.TempDir(), "out")
			code, out, errOut := capsim(t, append(append([]string{"run", "--out", dir}, fastRun[1:]...), tc.args...)...)
			if code != 2 {
				t.Errorf("exit %d, want 2; stderr %q", code, errOut)
			}
			if out != "" {
				t.Errorf("stdout %q", out)
			}
			for _, w := range tc.want {
				if !strings.Contains(errOut, w) {
					t.Errorf("stderr lacks %q:\n%s", w, errOut)
				}
			}
			if _, err := os.Stat(dir); !os.IsNotExist(err) {
				t.Errorf("output directory created (stat: %v)", err)
			}
		})
	}
}

func TestRunDeterministic(t *testing.T) {
	args := []string{"run", "--json", "--replications", "4", "--horizon", "6h"}
	runJSON := func(extra ...string) string {
		t.Helper()
		code, out, errOut := capsim(t, append(slices.Clone(args), extra...)...)
		if code != 0 {
			t.Fatalf("%v: exit %d, stderr %q", extra, code, errOut)
		}
		return out
	}
	first := runJSON()
	if second := runJSON(); second != first {
		t.Error("two runs differ")
	}
	if w1 := runJSON("--workers", "1"); w1 != first {
		t.Error("--workers 1 differs from the default")
	}
	if w2 := runJSON("--workers", "2"); w2 != first {
		t.Error("--workers 2 differs from the default")
	}
	func() {
		defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(1))
		if g1 := runJSON("--workers", "2"); g1 != first {
			t.Error("GOMAXPROCS=1 differs")
		}
	}()
	other := runJSON("--seed", "43")
	if other == first {
		t.Error("--seed 43 gives the same output as seed 42")
	}
	if !strings.Contains(other, `"seed": 43`) {
		t.Error("--seed 43 is not recorded in the summary")
	}
}

func TestRunFailureWritesNothing(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "out")
	code, out, errOut := capsim(t, append(slices.Clone(fastRun), "--set", "simulation.max_events=10", "--out", dir)...)
	// The scenario's own limit is what is insufficient: bad input, exit 2.
	if code != 2 || out != "" || !strings.Contains(errOut, "event budget") || !strings.Contains(errOut, "simulation.max_events = 10") {
		t.Errorf("exit %d, want 2; stdout %q; stderr %q", code, out, errOut)
	}
	if strings.Contains(errOut, "goroutine") {
		t.Errorf("stderr has a goroutine dump: %q", errOut)
	}
	if _, err := os.Stat(dir); !os.IsNotExist(err) {
		t.Errorf("output directory created (stat: %v)", err)
	}
}

const classCompare = "../../scenarios/examples/class-compare.toml"

func TestCompare(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "cmp")
	code, out, errOut := capsim(t, "compare", classCompare, "--replications", "3", "--horizon", "8h",
		"--classes", "gen4n_high,gen4n_ultra,gen5n_high", "--out", dir)
	if code != 0 {
		t.Fatalf("exit %d, stderr %q", code, errOut)
	}
	for _, want := range []string{"class", "tenancy", "p95 latency (s)", "USD per stream-hour", "gen4n_high", "gen4n_ultra", "gen5n_high", "±"} {
		if !strings.Contains(out, want) {
			t.Errorf("compare table lacks %q:\n%s", want, out)
		}
	}
	files := readTree(t, dir)
	for _, want := range []string{"compare.json", "compare.csv", "compare.html",
		"plots/compare-scatter.png", "plots/compare-scatter.svg", "plots/compare-bars.png", "plots/compare-bars.svg"} {
		if _, ok := files[want]; !ok {
			t.Errorf("compare --out did not write %s", want)
		}
	}
	var c struct {
		Seed    uint64 `json:"seed"`
		Classes []struct {
			Class    string `json:"class"`
			Tenancy  int    `json:"tenancy"`
			AlwaysOn int    `json:"always_on_instances"`
			Requests any    `json:"requests"`
		} `json:"classes"`
	}
	if err := json.Unmarshal(files["compare.json"], &c); err != nil {
		t.Fatalf("compare.json: %v", err)
	}
	if len(c.Classes) != 3 || c.Classes[0].Class != "gen4n_high" || c.Classes[0].Tenancy != 2 ||
		c.Classes[0].AlwaysOn != 4 || c.Classes[1].AlwaysOn != 8 {
		t.Errorf("compare.json classes: %+v", c.Classes)
	}
	if !strings.Contains(string(files["compare.html"]), "capsim compare: class-compare") {
		t.Errorf("compare.html has no title")
	}
}

// TestCompareSameDemand: common random numbers — every class sees the same
// requests, replication by replication.
func TestCompareSameDemand(t *testing.T) {
	code, out, errOut := capsim(t, "compare", classCompare, "--replications", "2", "--horizon", "4h",
		"--classes", "gen4n_high,gen4n_ultra", "--json")
	if code != 0 {
		t.Fatalf("exit %d, stderr %q", code, errOut)
	}
	var c struct {
		Classes []struct {
			Hours struct{ Mean float64 } `json:"delivered_stream_hours"`
		} `json:"classes"`
	}
	if err := json.Unmarshal([]byte(out), &c); err != nil {
		t.Fatal(err)
	}
	// Both classes have room for every request here; identical demand then
	// gives delivered stream-hours within the session-start noise.
	a, b := c.Classes[0].Hours.Mean, c.Classes[1].Hours.Mean
	if a <= 0 || b <= 0 || a/b > 1.05 || b/a > 1.05 {
		t.Errorf("delivered stream-hours %v vs %v: demand differs between classes", a, b)
	}
}

func TestCompareErrors(t *testing.T) {
	for _, tc := range []struct {
		name string
		args []string
		code int
		want []string
	}{
		{"unpriced class named", []string{classCompare, "--classes", "gen4n_high,gen6n_medium"}, 2,
			[]string{"class gen6n_medium", "no price for class gen6n_medium in us-east-2"}},
		{"unknown class", []string{classCompare, "--classes", "gen9z"}, 2, []string{"gen9z"}},
		{"bad target", []string{classCompare, "--target-p95", "-1s"}, 2, []string{"--target-p95"}},
		{"no stream group", []string{"../../scenarios/examples/fleet-buffer.toml"}, 2, []string{"no [[stream_group]]"}},
		{"bad failure ratio", []string{classCompare, "--max-failure-ratio", "2"}, 2, []string{"--max-failure-ratio"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := filepath.Join(t.TempDir(), "out")
			code, out, errOut := capsim(t, append([]string{"compare", "--replications", "2", "--horizon", "2h", "--out", dir}, tc.args...)...)
			if code != tc.code || out != "" {
				t.Errorf("exit %d (want %d), stdout %q, stderr %q", code, tc.code, out, errOut)
			}
			for _, w := range tc.want {
				if !strings.Contains(errOut, w) {
					t.Errorf("stderr lacks %q:\n%s", w, errOut)
				}
			}
			if _, err := os.Stat(dir); !os.IsNotExist(err) {
				t.Errorf("output directory created")
			}
		})
	}
	// Without --classes, unpriced classes of the scenario's OS are skipped, named on stderr.
	code, out, errOut := capsim(t, "compare", classCompare, "--replications", "2", "--horizon", "2h")
	if code != 0 || !strings.Contains(errOut, "skipping 6 class(es) without a price in every location: gen6n_small") || !strings.Contains(errOut, "gen6n_medium") || strings.Contains(out, "gen6n_medium") ||
		!strings.Contains(out, "gen5n_ultra") || strings.Contains(out, "win2022") {
		t.Errorf("default classes: exit %d\nstdout %s\nstderr %s", code, out, errOut)
	}
}

func TestOutputFilesReadable(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "out")
	if code, _, errOut := capsim(t, append(slices.Clone(fastRun), "--out", dir)...); code != 0 {
		t.Fatalf("exit %d, stderr %q", code, errOut)
	}
	for _, name := range []string{"summary.json", "report.html", "plots/cost.png"} {
		st, err := os.Stat(filepath.Join(dir, name))
		if err != nil {
			t.Fatal(err)
		}
		if st.Mode().Perm()&0o044 != 0o044 {
			t.Errorf("%s has mode %v: not readable by group and others like any other output", name, st.Mode().Perm())
		}
	}
}
