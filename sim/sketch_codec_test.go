package sim

import (
	"math/rand/v2"
	"reflect"
	"testing"
)

// A sketch read back from its binary form is the same sketch (buckets,
// counts, the bits of sum and max, an allocated array or not): quantiles,
// means and merges come out exactly as from the original.
func TestSketchBinaryRoundTrip(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	full := NewSketch()
	for range 5000 {
		full.Add(rng.ExpFloat64() * 40)
	}
	full.Add(0)
	full.Add(2e7) // clamped into the top bucket
	for name, s := range map[string]*Sketch{"full": full, "empty": NewSketch(), "zero value": {}} {
		data, err := s.MarshalBinary()
		if err != nil {
			t.Fatal(err)
		}
		got := &Sketch{}
		if err := got.UnmarshalBinary(data); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if !reflect.DeepEqual(got, s) {
			t.Errorf("%s: read back differs", name)
		}
	}
	if q, w := full.Quantile(0.95), func() float64 {
		data, _ := full.MarshalBinary()
		g := &Sketch{}
		g.UnmarshalBinary(data)
		return g.Quantile(0.95)
	}(); q != w {
		t.Errorf("p95 %v, read back %v", q, w)
	}
}

// Malformed input is refused, and leaves the sketch as it was.
func TestSketchBinaryMalformed(t *testing.T) {
	s := NewSketch()
	s.Add(1)
	s.Add(3)
	good, _ := s.MarshalBinary()
	bad := map[string][]byte{
		"empty":       nil,
		"version":     append([]byte{9}, good[1:]...),
		"truncated":   good[:len(good)-1],
		"short":       good[:5],
		"count wrong": append([]byte(nil), append(good[:2:2], append([]byte{0, 3}, good[4:]...)...)...),
	}
	for name, data := range bad {
		keep := NewSketch()
		keep.Add(5)
		if err := keep.UnmarshalBinary(data); err == nil {
			t.Errorf("%s: accepted", name)
		}
		if keep.Count() != 1 || keep.Max() != 5 {
			t.Errorf("%s: the sketch changed", name)
		}
	}
}
