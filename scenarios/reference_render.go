package scenarios

import (
	_ "embed"
	"fmt"
	"reflect"
	"strings"
)

// sectionTitles name each table of the schema as the reference heads it;
// reference_sections.md says what each is.
var sectionTitles = map[reflect.Type]string{
	reflect.TypeOf(Scenario{}):            "top level",
	reflect.TypeOf(Simulation{}):          "[simulation]",
	reflect.TypeOf(StreamGroup{}):         "[[stream_group]]",
	reflect.TypeOf(Location{}):            "[[stream_group.location]]",
	reflect.TypeOf(Demand{}):              "[[demand]]",
	reflect.TypeOf(Arrivals{}):            "arrivals",
	reflect.TypeOf(Spike{}):               "arrivals.spikes",
	reflect.TypeOf(DistSpec{}):            "distributions",
	reflect.TypeOf(Client{}):              "[demand.client]",
	reflect.TypeOf(Service{}):             "[service]",
	reflect.TypeOf(Price{}):               "[[price]]",
	reflect.TypeOf(TimelineAction{}):      "[[timeline]]",
	reflect.TypeOf(GPUQuota{}):            "[[gpu_quota]]",
	reflect.TypeOf(PlayerRegion{}):        "[[player_region]]",
	reflect.TypeOf(LatencyRow{}):          "[[player_region.latency]]",
	reflect.TypeOf(Fleet{}):               "[[fleet]]",
	reflect.TypeOf(InstanceDefinition{}):  "fleet.instance_definitions",
	reflect.TypeOf(FleetSpot{}):           "[fleet.spot]",
	reflect.TypeOf(FleetScaling{}):        "[fleet.scaling]",
	reflect.TypeOf(Queue{}):               "[[queue]]",
	reflect.TypeOf(QueueDestination{}):    "queue.destinations",
	reflect.TypeOf(LatencyPolicy{}):       "queue.player_latency_policy",
	reflect.TypeOf(FleetDemand{}):         "[[fleet_demand]]",
	reflect.TypeOf(FleetTimelineAction{}): "[[fleet_timeline]]",
	reflect.TypeOf(Assert{}):              "[[assert]]",
}

//go:embed reference_sections.md
var sectionsText string

// sectionIntros are reference_sections.md's paragraphs by their "## title".
var sectionIntros = func() map[string]string {
	m := map[string]string{}
	for _, part := range strings.Split(sectionsText, "## ")[1:] {
		title, text, _ := strings.Cut(part, "\n")
		m[title] = strings.Join(strings.Fields(text), " ")
	}
	return m
}()

// typeCell is a key's type with its unit: "number (requests per hour)".
func (k KeyDoc) typeCell() string {
	if k.Unit == "" {
		return k.Type
	}
	return k.Type + " (" + k.Unit + ")"
}

// meaningCell is the key's meaning with its sources and, for an
// assumption, its plausible range and what the sources say.
func (k KeyDoc) meaningCell(sep string) string {
	var parts []string
	if k.Meaning != "" {
		parts = append(parts, k.Meaning)
	}
	if len(k.Keys) > 0 {
		parts = append(parts, "Keys: "+strings.Join(k.Keys, ", ")+".")
	}
	if k.Plausible != "" {
		parts = append(parts, "Plausible range (assumption table): "+k.Plausible+".")
	}
	switch {
	case k.Note != "" && len(k.Sources) == 0:
		parts = append(parts, "Note: "+k.Note+".")
	case k.Note != "":
		parts = append(parts, "Sources "+strings.Join(k.Sources, ", ")+": "+k.Note+".")
	case len(k.Sources) > 0:
		parts = append(parts, "Sources: "+strings.Join(k.Sources, ", ")+".")
	}
	return strings.Join(parts, sep)
}

// mdCell escapes a table cell's pipes.
func mdCell(s string) string { return strings.ReplaceAll(s, "|", "\\|") }

// defaultCell is the key's default for the Markdown table: a value as
// a file writes it in code, words as they are.
func (k KeyDoc) defaultCell() string {
	switch {
	case k.Default == "":
		return "—"
	case k.literal:
		return "`" + k.Default + "`"
	}
	return k.Default
}

// ReferenceMarkdown returns docs/scenario-reference.md: the reference of
// every key, table by table, and the annotated example.
func ReferenceMarkdown() string {
	var b strings.Builder
	b.WriteString(referenceHead)
	secs := Reference()
	b.WriteString("\n## Contents\n\n")
	for _, s := range secs {
		fmt.Fprintf(&b, "- [`%s`](#%s)\n", s.Title, s.Anchor)
	}
	b.WriteString("- [An annotated example](#an-annotated-example)\n")
	for _, s := range secs {
		fmt.Fprintf(&b, "\n## `%s`\n\n%s\n", s.Title, s.Intro)
		if len(s.Paths) > 1 || s.Paths[0] != "" {
			var at []string
			for _, p := range s.Paths {
				at = append(at, "`"+p+"`")
			}
			fmt.Fprintf(&b, "\nAt: %s.\n", strings.Join(at, ", "))
		}
		b.WriteString("\n| key | type | default | allowed | meaning |\n| --- | --- | --- | --- | --- |\n")
		for _, k := range s.Keys {
			fmt.Fprintf(&b, "| `%s` | %s | %s | %s | %s |\n", lastKey(k.Path), mdCell(k.typeCell()), mdCell(k.defaultCell()),
				mdCell(orDefault(k.Allowed, "—")), mdCell(k.meaningCell(" ")))
		}
	}
	b.WriteString("\n## An annotated example\n\nEvery table of the format in one scenario (`scenarios/reference.toml`, " +
		"checked by `go test ./scenarios`: it validates and runs). Copy what you need.\n\n```toml\n")
	b.WriteString(referenceTOML)
	b.WriteString("```\n")
	return b.String()
}

const referenceHead = `# Scenario reference

<!-- generated from the code by: go test ./scenarios -run TestScenarioReference -update (do not edit) -->

Every key of a capsim scenario file, table by table: its type and unit, its default, the values
` + "`capsim validate`" + ` accepts, and what it means. It is generated from the scenario types
(` + "`scenarios/types.go`, `scenarios/fleets.go`" + `), their defaults and the one assumption table
(` + "`scenarios/assumption_table.go`" + `), so it names every key the code reads; a test fails when a key
is missing here. ` + "`capsim validate --explain KEY`" + ` prints one entry (` + "`--explain peak_per_hour`" + `,
` + "`--explain demand.client`" + `). Source keys (S004, A5, q6, ...) resolve in [sources.md](sources.md).

**Units.** A *duration* is a string with its unit: ` + "`\"90s\"`, `\"5m\"`, `\"1h30m\"`" + ` (units ns, us, ms, s,
m, h); a bare number is refused, never read as nanoseconds. Rates are per hour. Stream-group capacities are
in streams (slots); fleet capacities in instances (capacity units) or game-server processes. Probabilities
and shares are fractions in [0, 1]. Prices are USD per hour: a ` + "`[[price]]`" + ` is per hour of one
` + "`service.billing_unit`" + ` (an instance, which hosts ` + "`tenancy`" + ` streams, by default), a fleet's
prices per instance-hour. A file a scenario names is a path relative to the scenario's directory.

**Paths.** A key's path is how an error message and ` + "`--set`" + ` name it, with indices for arrays of
tables: ` + "`stream_group[0].location[1].always_on`" + `, ` + "`demand[0].arrivals.spikes[0].peak_per_hour`" + `.
"Default" is what applies when the key is left out; "required" keys have none.
`

// explainText is the entry of key k, asked for as path, as capsim
// validate --explain prints it: a line per field, the meaning wrapped.
func explainText(k KeyDoc, path string) string {
	var b strings.Builder
	b.WriteString(path + "\n")
	row := func(name, v string) {
		if v != "" {
			b.WriteString(wrap(fmt.Sprintf("  %-10s ", name+":"), v, 78))
		}
	}
	var also []string
	for _, p := range append([]string{k.Path}, k.Also...) {
		if p != path {
			also = append(also, p)
		}
	}
	row("also at", strings.Join(also, ", "))
	row("table", k.Section+" (docs/scenario-reference.md#"+anchor(k.Section)+")")
	row("type", k.typeCell())
	row("default", orDefault(k.Default, "—"))
	row("allowed", orDefault(k.Allowed, "—"))
	row("meaning", k.meaningCell(" "))
	row("the table", k.Table)
	return strings.ReplaceAll(b.String(), "**", "")
}

// wrap writes head then text, wrapped at width columns with the
// continuation lines indented as far as head.
func wrap(head, text string, width int) string {
	var b strings.Builder
	indent := strings.Repeat(" ", len(head))
	line := head
	for _, w := range strings.Fields(text) {
		if len(line) > len(indent) && len(line)+1+len(w) > width {
			b.WriteString(strings.TrimRight(line, " ") + "\n")
			line = indent
		}
		if len(line) > len(indent) && !strings.HasSuffix(line, " ") {
			line += " "
		}
		line += w
	}
	b.WriteString(strings.TrimRight(line, " ") + "\n")
	return b.String()
}
