package scenarios

import (
	"slices"

	"github.com/capsim/capsim/models/streams"
)

// PriceUse is the price a stream-group location bills at and where it
// comes from: the scenario's [[price]] or the shipped table. USDPerHour is
// per hour of one unit of service.billing_unit (an instance, which hosts
// Tenancy streams, under per_instance; a stream slot under per_stream).
type PriceUse struct {
	StreamGroup, Location, Class string
	Tenancy                      int
	USDPerHour                   float64
	Shipped                      bool   // from models/streams/prices.csv, not the scenario
	Source                       string // the [[price]]'s source (may be empty), or the shipped row's
	Date                         string // a shipped price's date
	StatedUnit, Confidence       string // a shipped price's
}

// priceOf returns the price of class in location: the scenario's
// [[price]] first, then the shipped table; ok is false if neither has one.
func (sc *Scenario) priceOf(class streams.Class, location string) (PriceUse, bool) {
	use := PriceUse{Location: location, Class: class.Name, Tenancy: class.Tenancy}
	for _, pr := range sc.Prices {
		if pr.Class == class.Name && pr.Location == location {
			use.USDPerHour, use.Source = pr.USDPerHour, pr.Source
			return use, true
		}
	}
	if pr, ok := streams.LookupPrice(class.Name, location); ok {
		use.USDPerHour, use.Shipped, use.Source, use.Date = pr.USDPerHour, true, pr.Source, pr.Date
		use.StatedUnit, use.Confidence = pr.StatedUnit, pr.Confidence
		return use, true
	}
	return use, false
}

// PricesUsed returns the price each stream-group location bills at: each
// group's own locations, then those its timeline adds, once each, in that
// order. A location whose class or price is unknown is left out (the
// scenario's validation reports it).
func (sc *Scenario) PricesUsed() []PriceUse {
	var out []PriceUse
	for _, g := range sc.StreamGroups {
		class, err := streams.LookupClass(g.Class)
		if err != nil {
			continue
		}
		var names []string
		for _, l := range g.Locations {
			names = append(names, l.Name)
		}
		for _, a := range sc.Timeline {
			if a.StreamGroup == g.Name && a.Action == "AddStreamGroupLocations" {
				for _, l := range a.Locations {
					names = append(names, l.Name)
				}
			}
		}
		var seen []string
		for _, n := range names {
			if slices.Contains(seen, n) {
				continue
			}
			seen = append(seen, n)
			if use, ok := sc.priceOf(class, n); ok {
				use.StreamGroup = g.Name
				out = append(out, use)
			}
		}
	}
	return out
}
