package scenarios

import (
	"errors"
	"io/fs"
	"reflect"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/capsim/capsim/models/fleets"
	"github.com/capsim/capsim/models/streams"
)

// countingFS counts the files opened, by name.
type countingFS struct {
	fs.FS
	opened map[string]int
}

func (c *countingFS) Open(name string) (fs.File, error) {
	c.opened[name]++
	return c.FS.Open(name)
}

// sharedFilesTOML names TRACE and LENGTHS from two demands and a fleet
// demand (inline tables keep it short).
const sharedFilesTOML = `name = "shared"
simulation = { horizon = "2h", replications = 2 }
stream_group = [{ name = "g", class = "gen4n_high", location = [{ name = "eu-central-1", always_on = 2 }] }]
demand = [
  { stream_group = "g", arrivals = { process = "trace", file = "TRACE" }, session_length = { dist = "empirical", file = "LENGTHS" } },
  { stream_group = "g", arrivals = { process = "trace", file = "TRACE" }, session_length = { dist = "empirical", file = "LENGTHS" } },
]
fleet = [{ name = "f", kind = "ec2", locations = ["us-east-1"], price_on_demand = 0.1 }]
queue = [{ name = "q", destinations = [{ fleet = "f" }] }]
fleet_demand = [{ queue = "q", arrivals = { process = "trace", file = "TRACE" }, game_length = { dist = "empirical", file = "LENGTHS" } }]
`

// TestBuildAllReadsEachFileOnce: a file named by several fields is read
// once per build, and each field that names a bad file gets its own error.
func TestBuildAllReadsEachFileOnce(t *testing.T) {
	files := fstest.MapFS{
		"trace.csv":   {Data: []byte("at\n10\n60\n")},
		"lengths.csv": {Data: []byte("length\n90s\n20m\n")},
	}
	for _, tc := range []struct {
		trace, lengths string
		errs           int
	}{
		{"trace.csv", "lengths.csv", 0},
		{"missing.csv", "lengths.csv", 3},
		{"trace.csv", "missing.csv", 3},
	} {
		fsys := &countingFS{FS: files, opened: map[string]int{}}
		text := strings.NewReplacer("TRACE", tc.trace, "LENGTHS", tc.lengths).Replace(sharedFilesTOML)
		sc, err := Parse("shared.toml", []byte(text), fsys)
		if err != nil {
			t.Fatal(err)
		}
		cfg, fc, err := sc.BuildAll()
		var ve *ValidationError
		switch {
		case tc.errs == 0 && (err != nil || cfg == nil || fc == nil):
			t.Fatalf("%s, %s: BuildAll = %v, %v, %v", tc.trace, tc.lengths, cfg, fc, err)
		case tc.errs > 0 && (!errors.As(err, &ve) || len(ve.Errs) != tc.errs):
			t.Errorf("%s, %s: want %d problems (one per field), got %v", tc.trace, tc.lengths, tc.errs, err)
		}
		for name, n := range fsys.opened {
			if n != 1 {
				t.Errorf("%s, %s: %s opened %d times in one build", tc.trace, tc.lengths, name, n)
			}
		}
		if tc.errs == 0 {
			sameAsWrappers(t, sc, cfg, fc)
		}
	}
}

// sameAsWrappers checks that Build and BuildFleets return what BuildAll did.
func sameAsWrappers(t *testing.T, sc *Scenario, cfg *streams.Config, fc *fleets.Config) {
	t.Helper()
	cfg2, err := sc.Build()
	if err != nil {
		t.Fatal(err)
	}
	fc2, err := sc.BuildFleets()
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(cfg, cfg2) || !reflect.DeepEqual(fc, fc2) {
		t.Error("Build or BuildFleets differ from BuildAll")
	}
}
