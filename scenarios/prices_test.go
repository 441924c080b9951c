package scenarios

import (
	"strings"
	"testing"

	"github.com/capsim/capsim/models/streams"
)

// TestPricesUsedSaysWhereEachPriceComesFrom: a [[price]] overrides the
// shipped row of its class and location and carries its own source; a
// location without one bills at the shipped price, with the shipped row's
// source, date, stated unit and confidence; a location the timeline adds
// is listed after the group's own, once.
func TestPricesUsedSaysWhereEachPriceComesFrom(t *testing.T) {
	shipped, ok := streams.LookupPrice("gen4n_high", "eu-central-1")
	if !ok {
		t.Fatal("no shipped gen4n_high eu-central-1 price")
	}
	text := strings.Replace(twoRegions, "MAXLAT\n", "", -1)
	text = strings.Replace(text, `usd_per_hour = 0.6571`, "usd_per_hour = 0.7\nsource = \"our AWS quote, 2026-11\"", 1)
	text += `
[[price]]
class = "gen4n_high"
location = "us-west-2"
usd_per_hour = 0.8

[[timeline]]
at = "1h"
action = "AddStreamGroupLocations"
stream_group = "g"
  [[timeline.locations]]
  name = "us-west-2"
  always_on = 2
  [[timeline.locations]]
  name = "us-east-1"
  always_on = 2
`
	sc, err := Parse("prices.toml", []byte(text), nil)
	if err != nil {
		t.Fatal(err)
	}
	got := sc.PricesUsed()
	want := []PriceUse{
		{StreamGroup: "g", Location: "eu-central-1", Class: "gen4n_high", Tenancy: 2, USDPerHour: shipped.USDPerHour,
			Shipped: true, Source: shipped.Source, Date: shipped.Date, StatedUnit: shipped.StatedUnit, Confidence: shipped.Confidence},
		{StreamGroup: "g", Location: "us-east-1", Class: "gen4n_high", Tenancy: 2, USDPerHour: 0.7, Source: "our AWS quote, 2026-11"},
		{StreamGroup: "g", Location: "us-west-2", Class: "gen4n_high", Tenancy: 2, USDPerHour: 0.8},
	}
	if len(got) != len(want) {
		t.Fatalf("PricesUsed = %+v, want %+v", got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("PricesUsed[%d] = %+v, want %+v", i, got[i], want[i])
		}
	}
	if shipped.Date == "" || shipped.Source == "" || shipped.Confidence == "" {
		t.Errorf("shipped price %+v lacks its source, date or confidence", shipped)
	}
}
