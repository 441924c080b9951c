package streams

// The tables capsim ships: the stream classes (classes.csv) and their
// prices (prices.csv), each row with its public source. Both are CSV with
// '#' comment lines and a header, parsed once when the package loads; a
// malformed row is a bug of the build, so it panics (any test catches it).

import (
	_ "embed"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/capsim/capsim/internal/csvtable"
)

// OS is the operating system family of a stream class.
type OS string

const (
	Linux   OS = "linux"   // Ubuntu 22.04 host; serves Ubuntu and Proton runtimes
	Windows OS = "windows" // Windows Server 2022 Base
)

// Class is one GameLift Streams stream class.
type Class struct {
	Name    string
	GPU     string
	VCPU    int
	RAMGB   int
	VRAMGB  int
	Tenancy int // concurrent stream sessions on one compute resource
	OS      OS
	// DefaultCapacity is the capacity a location gets when it is created
	// without any (facts sheet §3.4; an assumption for gen6n_small/medium).
	DefaultCapacity int
	Added           string // "2025-12-17" (the seed's API) or "later"
	Source          string // source keys, see README
}

//go:embed classes.csv
var classesCSV string

var classes = mustParse("classes.csv", classesCSV, 10, parseClass)

// Classes returns every known stream class, in table order.
func Classes() []Class { return slices.Clone(classes) }

// LookupClass returns the class named name.
func LookupClass(name string) (Class, error) {
	for _, c := range classes {
		if c.Name == name {
			return c, nil
		}
	}
	names := make([]string, len(classes))
	for i, c := range classes {
		names[i] = c.Name
	}
	return Class{}, fmt.Errorf("unknown stream class %q (known: %s)", name, strings.Join(names, ", "))
}

func parseClass(row []string) (Class, error) {
	ints := make([]int, 0, 5)
	for _, f := range []string{row[2], row[3], row[4], row[5], row[7]} {
		n, err := strconv.Atoi(f)
		if err != nil || n < 0 {
			return Class{}, fmt.Errorf("bad number %q", f)
		}
		ints = append(ints, n)
	}
	c := Class{Name: row[0], GPU: row[1], VCPU: ints[0], RAMGB: ints[1], VRAMGB: ints[2],
		Tenancy: ints[3], OS: OS(row[6]), DefaultCapacity: ints[4], Added: row[8], Source: row[9]}
	if c.Tenancy < 1 || (c.OS != Linux && c.OS != Windows) || c.DefaultCapacity%c.Tenancy != 0 {
		return Class{}, fmt.Errorf("bad tenancy, OS or default capacity")
	}
	return c, nil
}

// Price is a shipped price with its public source. USDPerHour is per
// hour of one [BillingUnit]: an instance under PerInstance (the default),
// a stream slot under PerStream.
type Price struct {
	Class, Location string
	USDPerHour      float64
	StatedUnit      string // the unit the source states
	Source, Date    string
	Confidence      string // M: an AWS page or its example; L: a third party
}

//go:embed prices.csv
var pricesCSV string

var prices = mustParse("prices.csv", pricesCSV, 7, parsePrice)

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

func parsePrice(row []string) (Price, error) {
	v, err := strconv.ParseFloat(row[2], 64)
	if err != nil || v < 0 {
		return Price{}, fmt.Errorf("bad price %q", row[2])
	}
	if _, err := LookupClass(row[0]); err != nil {
		return Price{}, err
	}
	if row[6] == "" {
		return Price{}, fmt.Errorf("no confidence")
	}
	return Price{Class: row[0], Location: row[1], USDPerHour: v, StatedUnit: row[3], Source: row[4], Date: row[5], Confidence: row[6]}, nil
}

// mustParse parses the embedded table name (csvtable.MustParse).
func mustParse[T any](name, text string, fields int, parse func(row []string) (T, error)) []T {
	return csvtable.MustParse("streams", name, text, fields, parse)
}
