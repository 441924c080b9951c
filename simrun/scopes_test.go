package simrun

import (
	"math"
	"testing"
)

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
