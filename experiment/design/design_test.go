package design

import (
	"errors"
	"slices"
	"testing"

	"github.com/capsim/capsim/internal/testutil"
	"github.com/capsim/capsim/scenarios"
)

// A point that fails validation is skipped and named, not fatal.
func TestInvalidPointsSkipped(t *testing.T) {
	prep, skipped := prepared(t, "stream_group[0].location[0].always_on=10..13")
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

// prepared is the grid of one --vary axis prepared on the default
// scenario with the --set overrides sets.
func prepared(t *testing.T, vary string, sets ...string) ([]Prepared, []Skipped) {
	t.Helper()
	sc, err := scenarios.Default()
	testutil.NoErr(t, err)
	testutil.NoErr(t, sc.SetAll(sets))
	ax, err := ParseVary(vary)
	testutil.NoErr(t, err)
	points, err := Grid([]Axis{ax})
	testutil.NoErr(t, err)
	return Prepare(sc, points)
}
