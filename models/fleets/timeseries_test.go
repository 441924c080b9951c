package fleets

import (
	"reflect"
	"slices"
	"testing"

	"github.com/capsim/capsim/sim"
)

// A run whose timeseries spill to files reads back, row by row, exactly
// what the same run keeps in memory, and measures the same.
func TestTimeseriesSpilledMatchesMemory(t *testing.T) {
	mem, err := Run(mixed(), 1, Options{})
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	spilled, err := Run(mixed(), 1, Options{RunOptions: sim.RunOptions{TimeseriesDir: dir}})
	if err != nil {
		t.Fatal(err)
	}
	for i, ml := range mem.Locations {
		sl := spilled.Locations[i]
		mts, sts := ml.Timeseries, sl.Timeseries
		if mts.Spilled() || !sts.Spilled() {
			t.Fatalf("%s: spilled %v/%v", ml.Location, mts.Spilled(), sts.Spilled())
		}
		if err := sts.Check(); err != nil {
			t.Fatal(err)
		}
		if mts.Buckets() != sts.Buckets() || mts.Buckets() != 48 {
			t.Fatalf("%s: %d and %d buckets, want 48", ml.Location, mts.Buckets(), sts.Buckets())
		}
		for c := range RowWidth { // sim's own test reads rows; here the model's columns
			a, aerr := mts.Column(c)
			b, berr := sts.Column(c)
			if aerr != nil || berr != nil || !slices.Equal(a, b) {
				t.Fatalf("%s column %d: memory %v, spilled %v (%v, %v)", ml.Location, c, a, b, aerr, berr)
			}
		}
		ml.Timeseries, sl.Timeseries, ml.Latency, sl.Latency = nil, nil, nil, nil
		if !reflect.DeepEqual(ml, sl) {
			t.Errorf("%s: results differ when spilled", ml.Location)
		}
	}
	if _, err := mem.Locations[0].Timeseries.NewReader().Row(48); err == nil {
		t.Error("row past the end: no error")
	}
}
