package experiment

import (
	"errors"
	"math"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/capsim/capsim/scenarios"
)

// base is the default scenario, shortened.
func base(t *testing.T) *scenarios.Scenario {
	t.Helper()
	sc, err := scenarios.Default()
	if err != nil {
		t.Fatal(err)
	}
	for path, v := range map[string]string{"simulation.horizon": "3h", "simulation.warmup": "30m", "simulation.replications": "3"} {
		if err := sc.Set(path, v); err != nil {
			t.Fatal(err)
		}
	}
	return sc
}

func grid(t *testing.T, vary ...string) []Point {
	t.Helper()
	var axes []Axis
	for _, v := range vary {
		ax, err := ParseVary(v)
		if err != nil {
			t.Fatal(err)
		}
		axes = append(axes, ax)
	}
	ps, err := Grid(axes)
	if err != nil {
		t.Fatal(err)
	}
	return ps
}

func repsOf(t *testing.T, b *Block, scope, name string) Values {
	t.Helper()
	for _, sc := range b.Scopes {
		for _, m := range sc.Metrics {
			if sc.Name == scope && m.Name == name {
				return m.Reps
			}
		}
	}
	t.Fatalf("no %s.%s", scope, name)
	return nil
}

// Common random numbers: points that differ only in capacity see the same
// requests, replication by replication, at every location; the capacity
// does change what they cost.
func TestCommonRandomNumbers(t *testing.T) {
	prep, skipped := Prepare(base(t), grid(t, "stream_group[0].location[0].target_idle=0,8"))
	if len(skipped) > 0 || len(prep) != 2 {
		t.Fatalf("prepared %d, skipped %v", len(prep), skipped)
	}
	st, err := OpenStore(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	blocks, err := Run(st, prep, Options{Version: "test"})
	if err != nil {
		t.Fatal(err)
	}
	for _, scope := range []string{"locations[0]", "locations[1]", "total"} {
		a, b := repsOf(t, blocks[0], scope, "requests"), repsOf(t, blocks[1], scope, "requests")
		if !slices.Equal(a, b) || a[0] == 0 {
			t.Errorf("%s requests per replication differ between points: %v vs %v", scope, a, b)
		}
	}
	if ca, cb := repsOf(t, blocks[0], "total", "cost_usd"), repsOf(t, blocks[1], "total", "cost_usd"); slices.Equal(ca, cb) {
		t.Errorf("target_idle 0 and 8 cost the same in every replication (%v): the points were not applied", ca)
	}
}

// A killed sweep resumes from the blocks it saved: the rerun runs only the
// rest, and every block is byte-identical to an uninterrupted sweep's,
// whatever the number of workers.
func TestResumeAfterStop(t *testing.T) {
	prep, _ := Prepare(base(t), grid(t, "stream_group[0].location[0].target_idle=0..4:2", "stream_group[0].location[1].always_on=10,20"))
	whole := t.TempDir()
	st, _ := OpenStore(whole)
	if _, err := Run(st, prep, Options{Version: "test", Workers: 1}); err != nil {
		t.Fatal(err)
	}
	for _, k := range []int{1, 4} {
		dir := t.TempDir()
		st, _ := OpenStore(dir)
		_, err := Run(st, prep, Options{Version: "test", Workers: 3, AfterPoint: func(saved int) error {
			if saved == k {
				return ErrStopped
			}
			return nil
		}})
		if !errors.Is(err, ErrStopped) {
			t.Fatalf("stop after %d: got %v", k, err)
		}
		ran := 0
		if _, err := Run(st, prep, Options{Version: "test", Workers: 2, AfterPoint: func(int) error { ran++; return nil }}); err != nil {
			t.Fatal(err)
		}
		if ran > len(prep)-k {
			t.Errorf("stop after %d: the rerun ran %d points, at most %d were left", k, ran, len(prep)-k)
		}
		sameFiles(t, filepath.Join(whole, pointsDir), filepath.Join(dir, pointsDir))
	}
}

func sameFiles(t *testing.T, a, b string) {
	t.Helper()
	ea, _ := os.ReadDir(a)
	eb, _ := os.ReadDir(b)
	if len(ea) != len(eb) || len(ea) == 0 {
		t.Fatalf("%s has %d files, %s %d", a, len(ea), b, len(eb))
	}
	for _, e := range ea {
		x, _ := os.ReadFile(filepath.Join(a, e.Name()))
		y, err := os.ReadFile(filepath.Join(b, e.Name()))
		if err != nil || string(x) != string(y) {
			t.Errorf("%s differs between the runs (%v)", e.Name(), err)
		}
	}
}

// A point that fails validation is skipped and named, not fatal.
func TestInvalidPointsSkipped(t *testing.T) {
	prep, skipped := Prepare(base(t), grid(t, "stream_group[0].location[0].always_on=10..13"))
	if len(prep) != 2 || len(skipped) != 2 {
		t.Fatalf("prepared %d, skipped %d; want 2 and 2 (tenancy 2)", len(prep), len(skipped))
	}
	if got := skipped[0].Point.Values()[0]; got != "11" || !errors.Is(skipped[0].Err, scenarios.ErrInvalid) {
		t.Errorf("first skipped: %s (%v), want always_on=11 invalid", got, skipped[0].Err)
	}
}

func TestParseVary(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want []string
	}{
		{"a.b=0,2,4", []string{"0", "2", "4"}},
		{"a.b=10..40:10", []string{"10", "20", "30", "40"}},
		{"a.b=1..3", []string{"1", "2", "3"}},
		{"a.b=0.1..0.3:0.1", []string{"0.1", "0.2", "0.3"}},
		{"a.b=10m..30m:10m", []string{"10m0s", "20m0s", "30m0s"}},
		{"a.b=lognormal,fixed", []string{"lognormal", "fixed"}},
	} {
		ax, err := ParseVary(tc.in)
		if err != nil || ax.Path != "a.b" || !slices.Equal(ax.Values, tc.want) {
			t.Errorf("ParseVary(%q) = %v, %v; want %v", tc.in, ax, err, tc.want)
		}
	}
	for _, bad := range []string{"a.b", "=1", "a.b=", "a.b=1,,2", "a.b=5..1", "a.b=1..5:0", "a.b=1..5m", "a.b=0..1e9"} {
		if _, err := ParseVary(bad); !errors.Is(err, ErrDesign) {
			t.Errorf("ParseVary(%q): got %v, want ErrDesign", bad, err)
		}
	}
}

func TestValuesRoundTrip(t *testing.T) {
	in := Values{0, 1.0 / 3, math.NaN(), 1e-300, 12345.678}
	data, _ := in.MarshalJSON()
	var out Values
	if err := out.UnmarshalJSON(data); err != nil {
		t.Fatal(err)
	}
	for i := range in {
		if !(in[i] == out[i] || math.IsNaN(in[i]) && math.IsNaN(out[i])) {
			t.Errorf("value %d: %v read back as %v", i, in[i], out[i])
		}
	}
}
