package scenarios

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/BurntSushi/toml"
)

// indexed returns the paths scanLines found, in document order, as "path@line".
func indexed(t *testing.T, src string) []string {
	t.Helper()
	var m map[string]any
	if _, err := toml.Decode(src, &m); err != nil {
		t.Fatalf("test document is not valid TOML: %v\n%s", err, src)
	}
	ix := scanLines(src)
	if len(ix.order) != len(ix.lines) {
		t.Errorf("order has %d paths, lines %d", len(ix.order), len(ix.lines))
	}
	out := make([]string, len(ix.order))
	for i, p := range ix.order {
		out[i] = fmt.Sprintf("%s@%d", p, ix.lines[p])
	}
	return out
}

func checkIndexed(t *testing.T, src string, want []string) {
	t.Helper()
	got := indexed(t, src)
	if !slices.Equal(got, want) {
		t.Errorf("scanLines:\n got  %q\n want %q", got, want)
	}
	// Windows line endings give the same index.
	if crlf := indexed(t, strings.ReplaceAll(src, "\n", "\r\n")); !slices.Equal(crlf, want) {
		t.Errorf("scanLines with CRLF:\n got  %q\n want %q", crlf, want)
	}
}

func TestScanLinesArraysOfTables(t *testing.T) {
	src := `name = "x"
[[stream_group]]
name = "a"
  [[stream_group.location]]
  name = "l0"
  [[stream_group.location]]
  name = "l1"
  always_on = 2
[[stream_group]]
name = "b"
  [[ stream_group.location ]]
  name = "m0"
[[demand]]
name = "d0"
[demand.client]
end_reason = "x"
[[demand]]
[demand.client]
afk_rate_per_hour = 1
`
	checkIndexed(t, src, []string{
		"name@1",
		"stream_group[0]@2",
		"stream_group[0].name@3",
		"stream_group[0].location[0]@4",
		"stream_group[0].location[0].name@5",
		"stream_group[0].location[1]@6",
		"stream_group[0].location[1].name@7",
		"stream_group[0].location[1].always_on@8",
		"stream_group[1]@9",
		"stream_group[1].name@10",
		"stream_group[1].location[0]@11",
		"stream_group[1].location[0].name@12",
		"demand[0]@13",
		"demand[0].name@14",
		"demand[0].client@15",
		"demand[0].client.end_reason@16",
		"demand[1]@17",
		"demand[1].client@18",
		"demand[1].client.afk_rate_per_hour@19",
	})

	ix := scanLines(src)
	for path, want := range map[string]int{
		"stream_group[0].location[1].maximum": 6,  // not set: its location's header
		"stream_group[1].class":               9,  // not set: its group's header
		"demand[1].client.end_reason":         18, // not set: its table's header
		"simulation.seed":                     0,  // nothing on the way
	} {
		if got := ix.line(path); got != want {
			t.Errorf("line(%q) = %d, want %d", path, got, want)
		}
	}
	if !ix.has("stream_group[0].location[1].always_on") || ix.has("stream_group[0].location[0].always_on") {
		t.Error("has() reports the wrong location's always_on")
	}
}

func TestScanLinesInlineTables(t *testing.T) {
	src := `[[demand]]
name = "d"
arrivals = { process = "poisson", rate_per_hour = 60, spikes = [{ start = "3h", peak_per_hour = 900 }] }
session_length = { dist = "lognormal", median = "35m", sigma = 0.8 }
client.connect_delay = { dist = "fixed", value = "1s" }
client . end_reason = "applicationExit"

[[timeline]]
at = "1h"
locations = [{ name = "a", always_on = 2 }, { name = "b", maximum = 4 }]
location_names = ["a", "b"]
`
	checkIndexed(t, src, []string{
		"demand[0]@1",
		"demand[0].name@2",
		"demand[0].arrivals@3",
		"demand[0].arrivals.process@3",
		"demand[0].arrivals.rate_per_hour@3",
		"demand[0].arrivals.spikes@3",
		"demand[0].arrivals.spikes[0]@3",
		"demand[0].arrivals.spikes[0].start@3",
		"demand[0].arrivals.spikes[0].peak_per_hour@3",
		"demand[0].session_length@4",
		"demand[0].session_length.dist@4",
		"demand[0].session_length.median@4",
		"demand[0].session_length.sigma@4",
		"demand[0].client.connect_delay@5",
		"demand[0].client.connect_delay.dist@5",
		"demand[0].client.connect_delay.value@5",
		"demand[0].client.end_reason@6",
		"timeline[0]@8",
		"timeline[0].at@9",
		"timeline[0].locations@10",
		"timeline[0].locations[0]@10",
		"timeline[0].locations[0].name@10",
		"timeline[0].locations[0].always_on@10",
		"timeline[0].locations[1]@10",
		"timeline[0].locations[1].name@10",
		"timeline[0].locations[1].maximum@10",
		"timeline[0].location_names@11",
		"timeline[0].location_names[0]@11",
		"timeline[0].location_names[1]@11",
	})
}

func TestScanLinesArraysSpanningLines(t *testing.T) {
	src := `[[demand]]
session_length = { dist = "exponential", mean = "20m" }
[demand.arrivals]
process = "poisson"
spikes = [
  { start = "3h", ramp = "20m", peak_per_hour = 900 },

  { start = "5h", peak_per_hour = 100 }, # a comment = [x]
]
hourly = [
  1, 2, # = [not a table]
  3,    # ]
  4
]
file = "x"

[[timeline]]
at = "2h"
locations = [
  { name = "a", always_on = 2 },
  { name = "b", always_on = 4 },
]
`
	checkIndexed(t, src, []string{
		"demand[0]@1",
		"demand[0].session_length@2",
		"demand[0].session_length.dist@2",
		"demand[0].session_length.mean@2",
		"demand[0].arrivals@3",
		"demand[0].arrivals.process@4",
		"demand[0].arrivals.spikes@5",
		"demand[0].arrivals.spikes[0]@6",
		"demand[0].arrivals.spikes[0].start@6",
		"demand[0].arrivals.spikes[0].ramp@6",
		"demand[0].arrivals.spikes[0].peak_per_hour@6",
		"demand[0].arrivals.spikes[1]@8",
		"demand[0].arrivals.spikes[1].start@8",
		"demand[0].arrivals.spikes[1].peak_per_hour@8",
		"demand[0].arrivals.hourly@10",
		"demand[0].arrivals.hourly[0]@11",
		"demand[0].arrivals.hourly[1]@11",
		"demand[0].arrivals.hourly[2]@12",
		"demand[0].arrivals.hourly[3]@13",
		"demand[0].arrivals.file@15",
		"timeline[0]@17",
		"timeline[0].at@18",
		"timeline[0].locations@19",
		"timeline[0].locations[0]@20",
		"timeline[0].locations[0].name@20",
		"timeline[0].locations[0].always_on@20",
		"timeline[0].locations[1]@21",
		"timeline[0].locations[1].name@21",
		"timeline[0].locations[1].always_on@21",
	})
}

func TestScanLinesComments(t *testing.T) {
	src := `# [[stream_group]] in a comment = not a table
name = "x" # trailing = comment [x]
  # indented: always_on = 3
description = "a # not a comment = [y]"
[simulation] # [other] = 1
seed = 1 # seed = 2
#replications = 3
[[stream_group]]  # [[stream_group]]
name = "g"
`
	checkIndexed(t, src, []string{
		"name@2",
		"description@4",
		"simulation@5",
		"simulation.seed@6",
		"stream_group[0]@8",
		"stream_group[0].name@9",
	})
}

func TestScanLinesQuotedKeys(t *testing.T) {
	src := `"name" = "x"
[simulation]
'seed' = 1
"time step" = "1m"
[[stream_group]]
"name" = "g"
  [[stream_group.'location']]
  "name" = "a"
  'always_on' = 2
  [[ "stream_group" . "location" ]]
  name = "b"
[[demand]]
"client"."end_reason" = "applicationExit"
`
	checkIndexed(t, src, []string{
		"name@1",
		"simulation@2",
		"simulation.seed@3",
		"simulation.time step@4",
		"stream_group[0]@5",
		"stream_group[0].name@6",
		"stream_group[0].location[0]@7",
		"stream_group[0].location[0].name@8",
		"stream_group[0].location[0].always_on@9",
		"stream_group[0].location[1]@10",
		"stream_group[0].location[1].name@11",
		"demand[0]@12",
		"demand[0].client.end_reason@13",
	})
}

func TestScanLinesMultilineStrings(t *testing.T) {
	src := `name = "x"
description = """
[[stream_group]]
always_on = 3
"""
[simulation]
seed = 1
note = '''
x = 1 '''
after = "y"
quoted = """one "quoted" word, "" two"""
last = 'C:\path'
end = 1
`
	checkIndexed(t, src, []string{
		"name@1",
		"description@2",
		"simulation@6",
		"simulation.seed@7",
		"simulation.note@8",
		"simulation.after@10",
		"simulation.quoted@11",
		"simulation.last@12",
		"simulation.end@13",
	})
}

// A multi-line basic string may hold an escaped quote before two more
// quotes (\"""): that does not end the string.
func TestScanLinesMultilineStringEscapes(t *testing.T) {
	src := `description = """say \"""hi\""" to
seed = 1
"""
name = "x"
`
	checkIndexed(t, src, []string{
		"description@1",
		"name@4",
	})
}

func TestStripIndicesAndParentPath(t *testing.T) {
	for in, want := range map[string]string{
		"a":                                      "a",
		"a[0].b[12].c":                           "a.b.c",
		"stream_group[0].location[1].always_on":  "stream_group.location.always_on",
		"demand[3].arrivals.hourly[23]":          "demand.arrivals.hourly",
		"timeline[0].locations[0]":               "timeline.locations",
		"demand[0].session_start_delay.dist":     "demand.session_start_delay.dist",
		"stream_group[10].location[100].maximum": "stream_group.location.maximum",
	} {
		if got := stripIndices(in); got != want {
			t.Errorf("stripIndices(%q) = %q, want %q", in, got, want)
		}
	}
	var chain []string
	for p := "stream_group[0].location[1].always_on"; p != ""; p = parentPath(p) {
		chain = append(chain, p)
	}
	want := []string{
		"stream_group[0].location[1].always_on",
		"stream_group[0].location[1]",
		"stream_group[0].location",
		"stream_group[0]",
		"stream_group",
	}
	if !slices.Equal(chain, want) {
		t.Errorf("parent chain %q, want %q", chain, want)
	}
}

// The scanner never panics on a truncated document: every prefix of every
// embedded example (a quote, an escape or a bracket as the last byte) scans.
func TestScanLinesTruncated(t *testing.T) {
	srcs := []string{`"\`, `'`, `"`, `[`, `[[`, `a = "\`, `a = """\`, `a = [`, `a = {`, `a = { b = "\`, "[\"\\"}
	for _, name := range Examples() {
		data, err := examplesFS.ReadFile("examples/" + name + ".toml")
		if err != nil {
			t.Fatal(err)
		}
		srcs = append(srcs, string(data))
	}
	srcs = append(srcs, string(defaultTOML))
	for _, src := range srcs {
		for i := 0; i <= len(src); i++ {
			func() {
				defer func() {
					if r := recover(); r != nil {
						t.Fatalf("scanLines(%q) panics: %v", src[:i], r)
					}
				}()
				scanLines(src[:i])
			}()
		}
	}
}
