package scenarios_test

import (
	"errors"
	"io/fs"
	"os"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"testing/fstest"
	"unicode"

	"github.com/capsim/capsim/scenarios"
)

// Bounds on an error message: one problem is a line of at most
// maxFieldErrorBytes; a whole message lists at most 50 of them.
const (
	maxFieldErrorBytes = 1200
	maxErrorBytes      = 64 << 10
)

// checkError asserts that err is a well-formed input error: it matches
// ErrInvalid, is a *ValidationError whose every problem is non-empty, short
// and printable, and its message is bounded.
func checkError(t *testing.T, err error) {
	t.Helper()
	if err == nil {
		return
	}
	if !errors.Is(err, scenarios.ErrInvalid) {
		t.Fatalf("error does not match ErrInvalid: %T %v", err, err)
	}
	var ve *scenarios.ValidationError
	if !errors.As(err, &ve) || len(ve.Errs) == 0 {
		t.Fatalf("error is not a non-empty *ValidationError: %T %v", err, err)
	}
	for _, fe := range ve.Errs {
		if fe.Msg == "" {
			t.Fatalf("empty message in %q", fe.Error())
		}
		checkText(t, fe.Error(), maxFieldErrorBytes)
	}
	checkText(t, err.Error(), maxErrorBytes)
}

func checkText(t *testing.T, msg string, limit int) {
	t.Helper()
	if msg == "" {
		t.Fatal("empty error message")
	}
	if len(msg) > limit {
		t.Fatalf("error message of %d bytes (limit %d): %.300q…", len(msg), limit, msg)
	}
	for _, r := range msg {
		if !unicode.IsPrint(r) && r != '\n' {
			t.Fatalf("error message has the unprintable %U: %.300q", r, msg)
		}
	}
}

// seedFS holds the files the examples name (trace.csv) and a few more that
// fuzzed scenarios can refer to.
func seedFS(t testing.TB) fstest.MapFS {
	examples, err := fs.Sub(scenarios.ExamplesFS(), "examples")
	if err != nil {
		t.Fatal(err)
	}
	trace, err := fs.ReadFile(examples, "trace.csv")
	if err != nil {
		t.Fatal(err)
	}
	return fstest.MapFS{
		"trace.csv":   {Data: trace},
		"lengths.csv": {Data: []byte("length\n90s\n20m\n1h\n")},
		"zeros.csv":   {Data: []byte("0\n0\n")},
		"data":        {Mode: fs.ModeDir},
	}
}

// seedScenarios are the embedded examples, the default scenario and every
// case of the malformed table.
func seedScenarios(t testing.TB) []string {
	var out []string
	for _, name := range scenarios.Examples() {
		data, err := fs.ReadFile(scenarios.ExamplesFS(), "examples/"+name+".toml")
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, string(data))
	}
	out = append(out, string(scenarios.DefaultTOML()), minimalTOML, minimalTOML+fleetTOML+fleetIQTOML)
	for _, tc := range malformedCases {
		if text, ok := tc.textOK(); ok {
			out = append(out, text)
		}
	}
	return out
}

// FuzzLoad: no scenario text makes Parse or BuildAll panic, and
// every error is well formed.
func FuzzLoad(f *testing.F) {
	for _, s := range seedScenarios(f) {
		f.Add([]byte(s))
	}
	fsys := seedFS(f)
	f.Fuzz(func(t *testing.T, data []byte) {
		sc, err := scenarios.Parse("f.toml", data, fsys)
		checkError(t, err)
		if err != nil {
			return
		}
		_, _, err = sc.BuildAll()
		checkError(t, err)
	})
}

// FuzzSet: no --set path and value make Set or the Build after it panic;
// a Set that fails leaves the scenario as it was.
func FuzzSet(f *testing.F) {
	for _, kv := range [][2]string{
		{"simulation.seed", "-1"}, {"simulation.seed", "18446744073709551615"}, {"simulation.replications", "1e9"},
		{"simulation.horizon", "3h"}, {"simulation.horizon", `"-5m"`}, {"simulation.max_events", "-1"},
		{"stream_group[0].location[0].always_on", "4"}, {"stream_group[0].location[-1].always_on", "4"},
		{"stream_group[0]", `{ name = "x" }`}, {"stream_group", "[]"}, {"demand[0].locations", "[]"},
		{"demand[0].session_length", `{ dist = "gamma", mean = "20m", shape = 1e-300 }`},
		{"demand[0].session_length", `{ dist = "empirical", file = "zeros.csv" }`},
		{"demand[0].arrivals", `{ process = "trace", file = "../trace.csv" }`},
		{"demand[0].session_start_delay", `{ dist = "fixed", value = "5s" }`},
		{"price", `[{ class = "gen4n_high", location = "eu-central-1", usd_per_hour = 1e308 }]`},
		{"service.maximum_includes_always_on", "maybe"}, {"name", "\x00"}, {"simulation[0].seed", "1"},
		{"stream_group[99999999999999999999].name", "x"}, {"demand[0].client.no_show_probability", "nan"},
		{"simulation.warmup", "90"}, {"simulation.warmup", "90.5"}, {"simulation.warmup", `"90"`}, {"simulation.warmup", "5d"},
		{"service.allocation_delay_linux", `{dist="lognormal",median=90,sigma=0.52}`},
		{"demand[0].arrivals", `{ process = "poisson", rate_per_hour = 5, spikes = [{ start = 60, peak_per_hour = 9 }] }`},
		{"stream_group[0].locations[0].always_on", "4"}, {"simulation.seed", "1\nx = 2"},
	} {
		f.Add(kv[0], kv[1])
	}
	fsys := seedFS(f)
	f.Fuzz(func(t *testing.T, path, value string) {
		sc, err := scenarios.Parse("min.toml", []byte(minimalTOML), fsys)
		if err != nil {
			t.Fatal(err)
		}
		before := sc.SHA256()
		err = sc.Set(path, value)
		checkError(t, err)
		if err != nil {
			if sc.SHA256() != before || len(sc.Overrides()) != 0 {
				t.Fatalf("Set(%q, %q) failed (%v) but changed the scenario", path, value, err)
			}
			return
		}
		_, err = sc.Build()
		checkError(t, err)
	})
}

// textOK is text without a testing.T: false if an edit does not apply.
func (tc malformedCase) textOK() (string, bool) {
	ok := true
	apply := func(base string, edits []edit) string {
		for _, ed := range edits {
			if strings.Count(base, ed.old) != 1 {
				ok = false
			}
			base = strings.Replace(base, ed.old, ed.new, 1)
		}
		return base
	}
	text := apply(minimalTOML, tc.edits)
	if tc.fleet != nil || tc.iq != nil {
		text += apply(fleetTOML, tc.fleet)
	}
	if tc.iq != nil {
		text += apply(fleetIQTOML, tc.iq)
	}
	return text + tc.append, ok
}

// TestFuzzScriptBoundsMinimization: scripts/fuzz.sh bounds the fuzzing
// engine's minimization of new inputs by a count of executions. Unbounded
// (60 s by default), minimizing one 10 KB input with new coverage tries
// O(n²) candidates and stalls a CI run at "0 execs/s" (FuzzReadEmpirical).
// The count is on the go test line (Nx) or in a variable set to counts
// only: its default (minimize=N) and the targets' own (a spec's fourth
// field).
func TestFuzzScriptBoundsMinimization(t *testing.T) {
	script, err := os.ReadFile("../scripts/fuzz.sh")
	if err != nil {
		t.Skip("no scripts/fuzz.sh beside the package:", err)
	}
	text := string(script)
	counts := map[string][]string{} // a variable's counts
	for _, m := range regexp.MustCompile(`(?m)^\s*(\w+)=(\S+)\s*$`).FindAllStringSubmatch(text, -1) {
		counts[m[1]] = append(counts[m[1]], m[2])
	}
	for _, m := range regexp.MustCompile(`\b[\w/]+:Fuzz\w+:\w+:(\S+)`).FindAllStringSubmatch(text, -1) {
		counts["minimize"] = append(counts["minimize"], strings.TrimSuffix(m[1], ";"))
	}
	bounded := func(n string) bool {
		c, err := strconv.Atoi(strings.TrimSuffix(n, "x"))
		return err == nil && c > 0 && c <= 10_000
	}
	lines := 0
	for _, line := range strings.Split(text, "\n") {
		if !strings.Contains(line, "go test") || strings.HasPrefix(strings.TrimSpace(line), "#") {
			continue
		}
		lines++
		_, rest, ok := strings.Cut(line, "-fuzzminimizetime ")
		arg := strings.Trim(strings.Fields(rest + " ")[0], `"`)
		var vals []string
		if v, isVar := strings.CutPrefix(arg, "${"); isVar {
			name, _, _ := strings.Cut(v, "}")
			vals = counts[name]
		} else {
			vals = []string{strings.TrimSuffix(arg, "x")}
		}
		for _, n := range vals {
			ok = ok && bounded(n)
		}
		if !ok || len(vals) == 0 || !strings.HasSuffix(arg, "x") {
			t.Errorf("scripts/fuzz.sh runs %q (counts %q): want -fuzzminimizetime Nx with N ≤ 10000", strings.TrimSpace(line), vals)
		}
	}
	if lines == 0 {
		t.Error("scripts/fuzz.sh runs no go test")
	}
}
