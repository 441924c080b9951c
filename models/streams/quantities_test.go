package streams_test

import (
	"errors"
	"slices"
	"testing"
	"time"

	"github.com/capsim/capsim/models/streams"
)

func class(t *testing.T, name string) streams.Class {
	t.Helper()
	c, err := streams.LookupClass(name)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// quantitiesConfig: a Linux group (tenancy 2) with a fixed location and a
// growing one, and a Windows group (tenancy 1) with a fixed location.
func quantitiesConfig(t *testing.T) *streams.Config {
	cfg := &streams.Config{Horizon: 2 * time.Hour, TimeseriesStep: time.Minute}
	cfg.Service.PlacementTimeoutAlwaysOn = 75 * time.Second
	cfg.Service.PlacementTimeoutOnDemandLinux = 90 * time.Second
	cfg.Service.PlacementTimeoutOnDemandWindows = 600 * time.Second
	cfg.Groups = []streams.GroupConfig{
		{Name: "l", Class: class(t, "gen4n_high"), Locations: []streams.LocationConfig{
			{Name: "a", AlwaysOn: 4}, {Name: "b", AlwaysOn: 2, TargetIdle: 2, Maximum: 6}}},
		{Name: "w", Class: class(t, "gen5n_win2022"), Locations: []streams.LocationConfig{{Name: "a", AlwaysOn: 3}}},
	}
	cfg.Demands = []streams.DemandConfig{{Arrivals: &streams.Poisson{RatePerHour: 10}}, {Arrivals: &streams.Poisson{RatePerHour: 5}}}
	return cfg
}

func TestInstances(t *testing.T) {
	cfg := quantitiesConfig(t)
	// always-on 4/2 + 2/2 + 3; maximum 4/2 + (2+6)/2 + 3 (Maximum on top of always-on).
	if on, most := cfg.Instances(); on != 6 || most != 9 {
		t.Errorf("Instances() = %d, %d; want 6, 9", on, most)
	}
	cfg.Service.MaximumIncludesAlwaysOn = true // location b: max(6, 2)/2
	if on, most := cfg.Instances(); on != 6 || most != 8 {
		t.Errorf("with MaximumIncludesAlwaysOn: Instances() = %d, %d; want 6, 8", on, most)
	}
}

func TestExpectedRequests(t *testing.T) {
	if n := quantitiesConfig(t).ExpectedRequests(); n < 30-1e-9 || n > 30+1e-9 {
		t.Errorf("ExpectedRequests() = %v; want 30 (15 per hour over 2h)", n)
	}
}

func TestTimeseriesBytes(t *testing.T) {
	cfg := quantitiesConfig(t)
	want := int64(120*3*4*streams.RowWidth) * 8 // buckets × locations × replications × values × 8 bytes
	if got := cfg.TimeseriesBytes(4); got != want {
		t.Errorf("TimeseriesBytes(4) = %d; want %d", got, want)
	}
	cfg.TimeseriesStep = 0
	if got := cfg.TimeseriesBytes(4); got != 0 {
		t.Errorf("no timeseries: TimeseriesBytes(4) = %d; want 0", got)
	}
}

func TestPlacementTimeouts(t *testing.T) {
	cfg := quantitiesConfig(t)
	want := []streams.PlacementTimeout{{Timeout: 75 * time.Second}, {OnDemand: true, OS: streams.Linux, Timeout: 90 * time.Second}}
	if got := cfg.PlacementTimeouts(); !slices.Equal(got, want) {
		t.Errorf("PlacementTimeouts() = %+v; want %+v", got, want)
	}
	cfg.Groups[1].Locations[0].Maximum = 5 // the Windows location can now grow
	want = append(want, streams.PlacementTimeout{OnDemand: true, OS: streams.Windows, Timeout: 600 * time.Second})
	if got := cfg.PlacementTimeouts(); !slices.Equal(got, want) {
		t.Errorf("PlacementTimeouts() = %+v; want %+v", got, want)
	}
}

func TestClassesOnOSOf(t *testing.T) {
	cs, err := streams.ClassesOnOSOf([]string{"gen4n_high", "gen6n_small"})
	if err != nil || len(cs) == 0 {
		t.Fatalf("ClassesOnOSOf: %v, %v", cs, err)
	}
	for _, c := range cs {
		if c.OS != streams.Linux {
			t.Errorf("%s runs on %s", c.Name, c.OS)
		}
	}
	if _, err := streams.ClassesOnOSOf([]string{"gen4n_high", "gen5n_win2022"}); !errors.Is(err, streams.ErrMixedOS) {
		t.Errorf("mixed OS: err = %v; want ErrMixedOS", err)
	}
	if _, err := streams.ClassesOnOSOf([]string{"gen9z"}); err == nil {
		t.Error("unknown class: no error")
	}
}
