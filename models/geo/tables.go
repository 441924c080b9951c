package geo

import (
	_ "embed"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/capsim/capsim/internal/csvtable"
)

// Location is one GameLift Streams location.
type Location struct {
	Name    string // "eu-central-1"
	Title   string // "Europe (Frankfurt)"
	Primary bool   // an API endpoint: stream groups are created here
	// Families lists the stream class families offered: "gen4", "gen5",
	// "gen6" (gen6 covers the gen6n and gen6e classes).
	Families []string
	Source   string
}

// Offers reports whether the location offers the class family of a GPU
// generation ("gen6n" and "gen6e" are family "gen6").
func (l Location) Offers(generation string) bool {
	return slices.Contains(l.Families, Family(generation))
}

// Family is a GPU generation's class family as the location table names
// it: its first four characters ("gen6n" -> "gen6").
func Family(generation string) string {
	if len(generation) > 4 {
		return generation[:4]
	}
	return generation
}

// Region is an AWS Region of the latency table.
type Region struct {
	Name, Title, Continent string
}

// PlayerRegion is a named region of players, anchored at the AWS Region
// nearest them (the latency table has Region-to-Region figures only).
type PlayerRegion struct {
	Name      string // "europe-central"
	Anchor    string // "eu-central-1"
	Continent string
	Players   string // who lives there, for people
}

// DefaultGPUQuota is the GPU quota AWS grants per location and generation
// until it is raised (A11): none.
const DefaultGPUQuota = 0

var (
	//go:embed locations.csv
	locationsCSV string
	//go:embed remote.csv
	remoteCSV string
	//go:embed regions.csv
	regionsCSV string
	//go:embed rtt.csv
	rttCSV string
	//go:embed player_regions.csv
	playerRegionsCSV string

	locations     = mustParse("locations.csv", locationsCSV, 7, parseLocation)
	regions       = mustParse("regions.csv", regionsCSV, 3, func(r []string) (Region, error) { return Region{r[0], r[1], r[2]}, nil })
	remotes       = mustParse("remote.csv", remoteCSV, 3, parseRemote)
	rtt           = parseRTT()
	playerRegions = mustParse("player_regions.csv", playerRegionsCSV, 4, parsePlayerRegion)
)

func parseLocation(r []string) (Location, error) {
	l := Location{Name: r[0], Title: r[1], Source: r[6]}
	yes := func(s string) (bool, error) {
		if s != "yes" && s != "no" {
			return false, fmt.Errorf("want yes or no, got %q", s)
		}
		return s == "yes", nil
	}
	var err error
	if l.Primary, err = yes(r[2]); err != nil {
		return l, err
	}
	for i, fam := range []string{"gen4", "gen5", "gen6"} {
		ok, err := yes(r[3+i])
		if err != nil {
			return l, err
		}
		if ok {
			l.Families = append(l.Families, fam)
		}
	}
	return l, nil
}

type remote struct{ primary, remote, source string }

func parseRemote(r []string) (remote, error) {
	for _, n := range r[:2] {
		if _, ok := LookupLocation(n); !ok {
			return remote{}, fmt.Errorf("unknown location %q", n)
		}
	}
	if p, _ := LookupLocation(r[0]); !p.Primary {
		return remote{}, fmt.Errorf("%s is not a primary location", r[0])
	}
	return remote{r[0], r[1], r[2]}, nil
}

func parsePlayerRegion(r []string) (PlayerRegion, error) {
	if _, ok := rtt.index[r[1]]; !ok {
		return PlayerRegion{}, fmt.Errorf("anchor %q is not in rtt.csv", r[1])
	}
	return PlayerRegion{Name: r[0], Anchor: r[1], Continent: r[2], Players: r[3]}, nil
}

type rttTable struct {
	names []string
	index map[string]int
	ms    [][]int
}

// parseRTT reads rtt.csv: a header of Region names, then one row per Region
// (from) with the round trip in whole milliseconds to each (to). Every
// Region must be in regions.csv.
func parseRTT() rttTable {
	rows := mustParse("rtt.csv", rttCSV, len(regions)+1, func(r []string) ([]string, error) { return r, nil })
	t := rttTable{index: map[string]int{}}
	header := strings.Split(strings.TrimSpace(headerLine(rttCSV)), ",")[1:]
	for i, n := range header {
		if _, ok := LookupRegion(n); !ok {
			panic("geo: embedded rtt.csv: unknown region " + n)
		}
		t.names, t.index[n] = append(t.names, n), i
	}
	for i, r := range rows {
		if r[0] != header[i] {
			panic(fmt.Sprintf("geo: embedded rtt.csv row %d is %s, want %s (rows in header order)", i+2, r[0], header[i]))
		}
		var ms []int
		for _, f := range r[1:] {
			v, err := strconv.Atoi(f)
			if err != nil || v < 0 || v > 1000 {
				panic(fmt.Sprintf("geo: embedded rtt.csv row %s: bad round trip %q", r[0], f))
			}
			ms = append(ms, v)
		}
		t.ms = append(t.ms, ms)
	}
	return t
}

func headerLine(text string) string {
	for _, line := range strings.Split(text, "\n") {
		if !strings.HasPrefix(line, "#") {
			return line
		}
	}
	return ""
}

// mustParse parses the embedded table name (csvtable.MustParse).
func mustParse[T any](name, text string, fields int, parse func(row []string) (T, error)) []T {
	return csvtable.MustParse("geo", name, text, fields, parse)
}

// ms is a whole number of milliseconds as a duration.
func ms(v int) time.Duration { return time.Duration(v) * time.Millisecond }
