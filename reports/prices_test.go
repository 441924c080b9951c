package reports

import (
	"strings"
	"testing"
)

// TestPricesAreShownWithWhatTheyArePer: the finding, the table and the
// cost note name the billing unit, what each price is per and its origin,
// with the price's own digits; without prices all are empty.
func TestPricesAreShownWithWhatTheyArePer(t *testing.T) {
	for usd, want := range map[float64]string{0.6571: "$0.6571", 2.13: "$2.13", 2: "$2", 0.49824: "$0.4982"} {
		if got := FormatPrice(usd); got != want {
			t.Errorf("FormatPrice(%g) = %q, want %q", usd, got, want)
		}
	}
	m := &Meta{BillingUnit: "per_instance", Prices: []Price{
		{StreamGroup: "g", Location: "eu-central-1", Class: "gen4n_high", USDPerHour: 0.6571, Per: "instance-hour (2 streams)",
			Origin: "shipped", Source: "A5, 2025", Confidence: "M"},
		{StreamGroup: "g", Location: "us-east-1", Class: "gen4n_high", USDPerHour: 0.7, Per: "instance-hour (2 streams)",
			Origin: "scenario", Source: "quote"},
	}}
	f := PricesFinding(m)
	for _, want := range []string{"service.billing_unit = per_instance", "g/eu-central-1 gen4n_high: $0.6571 per instance-hour (2 streams), shipped, confidence M",
		"g/us-east-1 gen4n_high: $0.7 per instance-hour (2 streams), scenario."} {
		if !strings.Contains(f, want) {
			t.Errorf("PricesFinding = %q, want it to contain %q", f, want)
		}
	}
	if got, want := BillingNote(m), "billed per instance-hour (service.billing_unit = per_instance)"; got != want {
		t.Errorf("BillingNote = %q, want %q", got, want)
	}
	if got := BillingNote(&Meta{BillingUnit: "per_stream"}); !strings.Contains(got, "per stream-hour") {
		t.Errorf("BillingNote(per_stream) = %q, want it to say per stream-hour", got)
	}
	tab := PriceTable(m)
	if len(tab.Rows) != 2 || tab.Rows[0][4] != "shipped (confidence M)" || tab.Rows[1][5] != "quote" || tab.Rows[0][2] != "$0.6571" {
		t.Errorf("PriceTable rows = %q", tab.Rows)
	}
	empty := &Meta{}
	if PricesFinding(empty) != "" || BillingNote(empty) != "" || len(PriceTable(empty).Rows) != 0 {
		t.Error("a run without prices names prices")
	}
}
