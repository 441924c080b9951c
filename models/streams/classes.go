package streams

import (
	_ "embed"
	"encoding/csv"
	"fmt"
	"slices"
	"strconv"
	"strings"
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

var classes = mustParseClasses(classesCSV)

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

func mustParseClasses(text string) []Class {
	cs, err := parseClasses(text)
	if err != nil {
		panic("streams: embedded classes.csv: " + err.Error())
	}
	return cs
}

func parseClasses(text string) ([]Class, error) {
	r := csv.NewReader(strings.NewReader(text))
	r.Comment = '#'
	rows, err := r.ReadAll()
	if err != nil {
		return nil, err
	}
	if len(rows) < 2 {
		return nil, fmt.Errorf("no classes")
	}
	var out []Class
	for i, row := range rows[1:] {
		if len(row) != 10 {
			return nil, fmt.Errorf("row %d: %d fields, want 10", i+2, len(row))
		}
		ints := make([]int, 0, 5)
		for _, f := range []string{row[2], row[3], row[4], row[5], row[7]} {
			n, err := strconv.Atoi(f)
			if err != nil || n < 0 {
				return nil, fmt.Errorf("row %d (%s): bad number %q", i+2, row[0], f)
			}
			ints = append(ints, n)
		}
		c := Class{Name: row[0], GPU: row[1], VCPU: ints[0], RAMGB: ints[1], VRAMGB: ints[2],
			Tenancy: ints[3], OS: OS(row[6]), DefaultCapacity: ints[4], Added: row[8], Source: row[9]}
		if c.Tenancy < 1 || (c.OS != Linux && c.OS != Windows) || c.DefaultCapacity%c.Tenancy != 0 {
			return nil, fmt.Errorf("row %d (%s): bad tenancy, OS or default capacity", i+2, c.Name)
		}
		out = append(out, c)
	}
	return out, nil
}
