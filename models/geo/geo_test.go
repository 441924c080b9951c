package geo

import (
	"slices"
	"testing"
	"time"
)

// TestLocationsAsPublished checks the location table against the facts it
// encodes (facts §11, A19, A20): 12 locations, four primaries, gen6 absent
// only from eu-west-1.
func TestLocationsAsPublished(t *testing.T) {
	if n := len(Locations()); n != 12 {
		t.Fatalf("%d locations, want the 12 of A19", n)
	}
	var primaries []string
	for _, l := range Locations() {
		if l.Primary {
			primaries = append(primaries, l.Name)
		}
		if _, ok := LookupRegion(l.Name); !ok {
			t.Errorf("location %s has no row in regions.csv (no latency)", l.Name)
		}
		wantGen6 := l.Name != "eu-west-1"
		if l.Offers("gen6n") != wantGen6 || l.Offers("gen6e") != wantGen6 {
			t.Errorf("%s offers gen6: %v, want %v", l.Name, l.Offers("gen6n"), wantGen6)
		}
		if !l.Offers("gen4n") || !l.Offers("gen5n") {
			t.Errorf("%s must offer gen4 and gen5", l.Name)
		}
	}
	slices.Sort(primaries)
	if want := []string{"ap-northeast-1", "eu-central-1", "us-east-2", "us-west-2"}; !slices.Equal(primaries, want) {
		t.Errorf("primaries %v, want %v", primaries, want)
	}
}

func TestRemotes(t *testing.T) {
	for _, c := range []struct {
		primary, remote string
		ok              bool
		source          string
	}{
		{"eu-central-1", "us-east-1", true, "A20"},
		{"eu-central-1", "eu-west-1", true, "A20"},
		{"us-east-2", "eu-central-1", true, "A20"},
		{"us-east-2", "us-east-2", false, "A20"},
		{"us-east-1", "eu-west-1", false, "A20"}, // us-east-1 is not a primary
		{"ap-northeast-1", "sa-east-1", true, "A19 assumption"},
	} {
		ok, src := AllowsRemote(c.primary, c.remote)
		if ok != c.ok || src != c.source {
			t.Errorf("AllowsRemote(%s, %s) = %v, %q; want %v, %q", c.primary, c.remote, ok, src, c.ok, c.source)
		}
	}
	if n := len(Remotes("us-west-2")); n != 11 {
		t.Errorf("us-west-2 allows %d remote locations, want the other 11", n)
	}
	if r := Remotes("us-east-1"); r != nil {
		t.Errorf("a remote location allows remotes: %v", r)
	}
}

// TestRTTPlausible checks the latency table for what physics and routing
// allow: every Region is nearest to itself, the matrix is symmetric within
// 15 ms (measured both ways), and no round trip beats light in fibre over
// the great-circle distance between a few Region pairs.
func TestRTTPlausible(t *testing.T) {
	names := RegionNames()
	for _, a := range names {
		self, _ := RTT(a, a)
		for _, b := range names {
			ab, ok1 := RTT(a, b)
			ba, ok2 := RTT(b, a)
			if !ok1 || !ok2 {
				t.Fatalf("RTT(%s, %s) missing", a, b)
			}
			if a != b && ab <= self {
				t.Errorf("RTT(%s, %s) = %v is not above %s's own %v", a, b, ab, a, self)
			}
			if d := ab - ba; d > 15*time.Millisecond || d < -15*time.Millisecond {
				t.Errorf("RTT(%s, %s) = %v but RTT(%s, %s) = %v", a, b, ab, b, a, ba)
			}
		}
	}
	// great-circle km; light in fibre covers about 100 km per ms of round trip
	for _, c := range []struct {
		a, b string
		km   float64
	}{{"us-east-1", "eu-central-1", 6500}, {"us-east-1", "sa-east-1", 7600}, {"eu-central-1", "ap-northeast-1", 9300}, {"us-west-2", "ap-southeast-2", 12300}} {
		d, _ := RTT(c.a, c.b)
		if min := time.Duration(c.km/100) * time.Millisecond; d < min {
			t.Errorf("RTT(%s, %s) = %v, faster than light in fibre (%v)", c.a, c.b, d, min)
		}
	}
}

func TestPlayerRegions(t *testing.T) {
	seen := map[string]bool{}
	for _, p := range PlayerRegions() {
		if seen[p.Name] {
			t.Errorf("player region %s twice", p.Name)
		}
		seen[p.Name] = true
		r, _ := LookupRegion(p.Anchor)
		if r.Continent != p.Continent {
			t.Errorf("%s is in %s but its anchor %s in %s", p.Name, p.Continent, p.Anchor, r.Continent)
		}
	}
	eu, ok := LookupPlayerRegion("europe-central")
	if !ok {
		t.Fatal("europe-central missing")
	}
	lastMile := 15 * time.Millisecond
	fra, _ := eu.Latency("eu-central-1", lastMile)
	iad, _ := eu.Latency("us-east-1", lastMile)
	if fra != 17*time.Millisecond || iad != 106*time.Millisecond {
		t.Errorf("europe-central: %v to eu-central-1, %v to us-east-1; want 17ms (2+15) and 106ms (91+15)", fra, iad)
	}
	if _, ok := eu.Latency("mars-north-1", lastMile); ok {
		t.Error("a latency to an unknown Region")
	}
}
