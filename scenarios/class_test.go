package scenarios

import (
	"errors"
	"strings"
	"testing"

	"github.com/capsim/capsim/internal/testutil"
	"github.com/capsim/capsim/models/streams"
)

func TestWithClassRoundsUpToTenancy(t *testing.T) {
	// The shared minimal scenario with always_on, target_idle and maximum
	// not multiples of gen6n_small's tenancy, and a timeline update.
	text := strings.Replace(testutil.MinimalTOML, "always_on = 2\n", "always_on = 5\n  target_idle = 1\n  maximum = 11\n", 1) +
		"\n[[timeline]]\nat = \"1h\"\naction = \"UpdateStreamGroup\"\nstream_group = \"g\"\n" +
		"locations = [{ name = \"eu-central-1\", always_on = 7, maximum = 9 }]\n"
	sc, err := Parse("t.toml", []byte(text), nil)
	if err != nil {
		t.Fatal(err)
	}
	hash := sc.SHA256()
	got, err := sc.WithClass("gen6n_small")
	if err != nil {
		t.Fatal(err)
	}
	c, err := streams.LookupClass("gen6n_small")
	if err != nil {
		t.Fatal(err)
	}
	n := c.Tenancy
	if n < 2 {
		t.Fatalf("gen6n_small tenancy %d: the test needs a multi-tenant class", n)
	}
	up := func(x int) int { return (x + n - 1) / n * n }
	l := got.StreamGroups[0].Locations[0]
	if got.StreamGroups[0].Class != "gen6n_small" || l.AlwaysOn != up(5) || l.TargetIdle != up(1) || l.Maximum != up(11) || l.OnDemand != 0 {
		t.Errorf("location after WithClass: %+v (class %s)", l, got.StreamGroups[0].Class)
	}
	if tl := got.Timeline[0].Locations[0]; tl.AlwaysOn != up(7) || tl.Maximum != up(9) {
		t.Errorf("timeline location after WithClass: %+v", tl)
	}
	if sc.StreamGroups[0].Class != "gen4n_high" || sc.StreamGroups[0].Locations[0].AlwaysOn != 5 || sc.SHA256() != hash {
		t.Error("WithClass changed the original")
	}
	if got.SHA256() == hash {
		t.Error("the copy hashes like the original")
	}
	if _, err := got.Build(); err == nil || !strings.Contains(err.Error(), "no price for class gen6n_small") ||
		!errors.Is(err, ErrNoPrice) || !errors.Is(err, ErrInvalid) {
		t.Errorf("unpriced class: Build err = %v", err)
	}
	bad, err := Default()
	if err != nil {
		t.Fatal(err)
	}
	bad.Simulation.Replications = 0
	if _, err := bad.Build(); !errors.Is(err, ErrInvalid) || errors.Is(err, ErrNoPrice) {
		t.Errorf("a problem other than a price matches ErrNoPrice: %v", err)
	}
	if _, err := sc.WithClass("gen9x"); !errors.Is(err, ErrInvalid) || !strings.Contains(err.Error(), `"gen9x"`) {
		t.Errorf("unknown class: err = %v", err)
	}
}
