package reports

import (
	"fmt"
	"strings"
)

// billingText says what the run's prices are per: "USD per instance-hour
// (service.billing_unit = per_instance)"; "" without prices.
func billingText(m *Meta) string {
	if m.BillingUnit == "" {
		return ""
	}
	per := "instance-hour"
	if m.BillingUnit == "per_stream" {
		per = "stream-hour"
	}
	return fmt.Sprintf("USD per %s (service.billing_unit = %s)", per, m.BillingUnit)
}

// BillingNote is the note a cost figure carries: what the prices are per,
// "billed per instance-hour (service.billing_unit = per_instance)"; ""
// without prices.
func BillingNote(m *Meta) string {
	if m.BillingUnit == "" {
		return ""
	}
	return "billed " + strings.TrimPrefix(billingText(m), "USD ")
}

// PricesFinding is one sentence naming the prices a run billed at, what
// they are per and where each comes from; "" without prices.
func PricesFinding(m *Meta) string {
	if len(m.Prices) == 0 {
		return ""
	}
	var parts []string
	for _, p := range m.Prices {
		origin := p.Origin
		if p.Confidence != "" {
			origin += ", confidence " + p.Confidence
		}
		parts = append(parts, fmt.Sprintf("%s/%s %s: %s per %s, %s", TerminalSafe(p.StreamGroup), TerminalSafe(p.Location),
			TerminalSafe(p.Class), FormatPrice(p.USDPerHour), p.Per, origin))
	}
	return "Prices (service.billing_unit = " + m.BillingUnit + "): " + strings.Join(parts, "; ") +
		". Their sources are in summary.json (\"prices\"); a [[price]] row overrides a shipped one."
}

// FormatPrice writes a price in USD with the digits its source gives:
// "$0.6571", "$2.13".
func FormatPrice(usd float64) string {
	return "$" + strings.TrimRight(strings.TrimRight(fmt.Sprintf("%.4f", usd), "0"), ".")
}

// PriceTable is the prices a run billed at, one row per stream-group
// location: what each is per and its source.
func PriceTable(m *Meta) Table {
	t := Table{Header: []string{"location", "class", "USD per hour", "per", "origin", "source"}}
	for _, p := range m.Prices {
		origin := p.Origin
		if p.Confidence != "" {
			origin += " (confidence " + p.Confidence + ")"
		}
		t.Rows = append(t.Rows, []string{p.StreamGroup + "/" + p.Location, p.Class, FormatPrice(p.USDPerHour), p.Per, origin, p.Source})
	}
	return t
}
