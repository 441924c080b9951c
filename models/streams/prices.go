package streams

import (
	_ "embed"
	"encoding/csv"
	"fmt"
	"slices"
	"strconv"
	"strings"
)

// Price is a shipped price with its public source.
type Price struct {
	Class, Location string
	USDPerHour      float64
	StatedUnit      string // the unit the source states
	Source, Date    string
}

//go:embed prices.csv
var pricesCSV string

var prices = mustParsePrices(pricesCSV)

// ShippedPrices returns the prices capsim ships, each with its source.
func ShippedPrices() []Price { return slices.Clone(prices) }

// LookupPrice returns the shipped price of class in location.
func LookupPrice(class, location string) (Price, bool) {
	for _, p := range prices {
		if p.Class == class && p.Location == location {
			return p, true
		}
	}
	return Price{}, false
}

func mustParsePrices(text string) []Price {
	r := csv.NewReader(strings.NewReader(text))
	r.Comment = '#'
	rows, err := r.ReadAll()
	if err != nil {
		panic("streams: embedded prices.csv: " + err.Error())
	}
	var out []Price
	for i, row := range rows[1:] {
		v, err := strconv.ParseFloat(row[2], 64)
		if err != nil || v < 0 || len(row) != 6 {
			panic(fmt.Sprintf("streams: embedded prices.csv row %d is malformed", i+2))
		}
		if _, err := LookupClass(row[0]); err != nil {
			panic("streams: embedded prices.csv: " + err.Error())
		}
		out = append(out, Price{Class: row[0], Location: row[1], USDPerHour: v, StatedUnit: row[3], Source: row[4], Date: row[5]})
	}
	return out
}
