package reports

import (
	"bytes"
	"fmt"
	"io"
	"math"
	"slices"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/capsim/capsim/models/streams"
	"github.com/capsim/capsim/sim"
	"github.com/capsim/capsim/sim/metric"
)

// unit selects how a table cell is formatted.
type unit int

const (
	unitCount   unit = iota // no decimals: "1234 ± 56"
	unitPercent             // a fraction shown as percent, 2 decimals: "1.23% ± 0.10"
	unitSig3                // 3 significant digits: "0.123 ± 0.00456"
	unitUSD                 // 2 decimals: "$12.34 ± 0.56"
)

// formatEstimate formats e as "value ± ci" in unit u, "n/a" if the mean is
// NaN, or the value alone if the CI is NaN.
func formatEstimate(e sim.Estimate, u unit) string {
	if math.IsNaN(e.Mean) {
		return "n/a"
	}
	v := formatValue(e.Mean, u)
	if math.IsNaN(e.CI95) {
		return v
	}
	h := e.CI95
	if h < 1e-9*math.Abs(e.Mean) {
		h = 0 // rounding noise of identical replications, not spread
	}
	return v + " ± " + formatCI(h, u)
}

func formatValue(x float64, u unit) string {
	switch u {
	case unitPercent:
		return strconv.FormatFloat(100*x, 'f', 2, 64) + "%"
	case unitSig3:
		return sig3(x)
	case unitUSD:
		if x < 0 {
			return "-$" + strconv.FormatFloat(-x, 'f', 2, 64)
		}
		return "$" + strconv.FormatFloat(x, 'f', 2, 64)
	default:
		return strconv.FormatFloat(x, 'f', 0, 64)
	}
}

func formatCI(h float64, u unit) string {
	switch u {
	case unitPercent:
		return strconv.FormatFloat(100*h, 'f', 2, 64)
	case unitSig3:
		return sig3(h)
	case unitUSD:
		return strconv.FormatFloat(h, 'f', 2, 64)
	default:
		return strconv.FormatFloat(h, 'f', 0, 64)
	}
}

// sig3 formats x with 3 significant digits in positional notation (whole
// numbers of 4 digits or more keep all their integer digits).
func sig3(x float64) string {
	if x == 0 {
		return "0"
	}
	if math.IsInf(x, 0) {
		return strconv.FormatFloat(x, 'f', -1, 64)
	}
	e := strconv.FormatFloat(x, 'e', 2, 64) // d.dde±XX, rounded
	exp, err := strconv.Atoi(e[strings.IndexByte(e, 'e')+1:])
	if err != nil { // unreachable: FormatFloat always writes an exponent
		return e
	}
	r, _ := strconv.ParseFloat(e, 64)
	return strconv.FormatFloat(r, 'f', max(0, 2-exp), 64)
}

// formatDuration formats seconds as a Go duration without trailing zero
// units: "24h", "1h30m", "90s" is "1m30s".
func formatDuration(seconds float64) string {
	if math.IsNaN(seconds) || math.IsInf(seconds, 0) {
		return strconv.FormatFloat(seconds, 'g', -1, 64)
	}
	s := time.Duration(math.Round(seconds * 1e9)).String()
	if strings.HasSuffix(s, "m0s") {
		s = strings.TrimSuffix(s, "0s")
	}
	if strings.HasSuffix(s, "h0m") {
		s = strings.TrimSuffix(s, "0m")
	}
	return s
}

// cellUnit returns how a metric's cells are formatted: its row's Format,
// or by default from its unit.
func cellUnit(in *metric.Info) unit {
	f := metric.Auto
	if in.Row != nil {
		f = in.Row.Format
	}
	switch f {
	case metric.Integer:
		return unitCount
	case metric.Percent:
		return unitPercent
	case metric.Sig3:
		return unitSig3
	case metric.Dollars:
		return unitUSD
	}
	switch in.Unit {
	case metric.Count:
		return unitCount
	case metric.Fraction:
		return unitPercent
	case metric.USD:
		return unitUSD
	}
	return unitSig3
}

// Table is a grid of formatted cells: a header row and body rows of the
// same width.
type Table struct {
	Header []string
	Rows   [][]string
}

// metricsTable returns the transposed table of one model's metrics: one row
// per declared table row, in table order, one column per cols entry.
// Sparse rows are kept only if non-zero (and defined) in some column,
// optional metrics only where present; a heading row (empty cells)
// introduces each run of rows under a heading.
func metricsTable(sp *spec, heads []string, cols []*Metrics) Table {
	t := Table{Header: heads}
	heading := ""
	for _, i := range sp.rows {
		in := &sp.infos[i]
		if !shown(sp, i, cols) {
			continue
		}
		if in.Row.Heading != heading && in.Row.Heading != "" {
			t.Rows = append(t.Rows, append([]string{in.Row.Heading}, make([]string, len(cols))...))
		}
		heading = in.Row.Heading
		cells := []string{in.Row.Label}
		for _, m := range cols {
			cells = append(cells, formatEstimate(m.get(sp, i), cellUnit(in)))
		}
		t.Rows = append(t.Rows, cells)
	}
	return t
}

// shown reports whether metric i has a row: not sparse or non-zero
// somewhere, not optional or present somewhere.
func shown(sp *spec, i int, cols []*Metrics) bool {
	in := &sp.infos[i]
	if in.Optional && !slices.ContainsFunc(cols, func(m *Metrics) bool { return m.spec == sp && !m.omit[i] }) {
		return false
	}
	if !in.Row.Sparse {
		return true
	}
	return slices.ContainsFunc(cols, func(m *Metrics) bool {
		e := m.get(sp, i)
		return e.Mean != 0 && !math.IsNaN(e.Mean)
	})
}

// SummaryTable returns the transposed summary table: one row per metric
// (label first) and one column per location ("group/location (class)") plus
// a "total" column. Cells read "mean ± 95% CI half-width" in the unit the
// label names; "n/a" marks an undefined metric. Failure and termination
// reasons appear only if non-zero in some column; a heading row (empty
// cells) introduces the terminations. Rows are those declared by
// streams.Metrics.
func SummaryTable(s *Summary) Table {
	cols := make([]*Metrics, 0, len(s.Locations)+1)
	heads := []string{"metric"}
	for i := range s.Locations {
		l := &s.Locations[i]
		cols = append(cols, &l.Metrics)
		heads = append(heads, fmt.Sprintf("%s/%s (%s)", l.StreamGroup, l.Location, l.Class))
	}
	return metricsTable(streamSpec, append(heads, "total"), append(cols, &s.Total))
}

// FleetTable returns the transposed fleet table: one row per metric (label
// first, unit in the label) and one column per fleet location
// ("fleet/location (kind)"), plus a "total" column if total is not nil.
// Cells read "mean ± 95% CI half-width"; "n/a" marks an undefined metric.
// Rows of incidents that only some fleets can have (pending, out of
// capacity, errors, stuck and expired games, Spot, FleetIQ claims, the API,
// signals, buffer clamps) and termination reasons appear only if non-zero in
// some column; a heading row (empty cells) introduces the terminations.
// Rows are those declared by fleets.Metrics.
func FleetTable(fs []FleetSummary, total *FleetMetrics) Table {
	cols := make([]*Metrics, 0, len(fs)+1)
	heads := []string{"metric"}
	for i := range fs {
		cols = append(cols, &fs[i].FleetMetrics)
		heads = append(heads, fmt.Sprintf("%s/%s (%s)", fs[i].Fleet, fs[i].Location, fs[i].Kind))
	}
	if total != nil {
		cols = append(cols, total)
		heads = append(heads, "total")
	}
	return metricsTable(fleetSpec, heads, cols)
}

// WriteFleetTable writes [FleetTable] for the terminal: a heading line
// ("fleet locations"), then the table aligned in columns. It writes nothing
// if fs is empty.
func WriteFleetTable(w io.Writer, fs []FleetSummary, total *FleetMetrics) error {
	if len(fs) == 0 {
		return nil
	}
	t := FleetTable(fs, total)
	var buf bytes.Buffer
	buf.WriteString("fleet locations\n\n")
	if err := t.writeAligned(&buf); err != nil {
		return fmt.Errorf("reports: fleet table: %w", err)
	}
	_, err := w.Write(buf.Bytes())
	return err
}

// WriteTable writes s as a human-readable table: a header giving the
// scenario, seed, replications, horizon and warm-up, then [SummaryTable]
// aligned in columns, then [RegionTable] when demands come from player
// regions, then [QuotaTable], then the [Findings].
func WriteTable(w io.Writer, s *Summary) error {
	t := SummaryTable(s)
	var buf bytes.Buffer
	fmt.Fprintf(&buf, "scenario %s, seed %d, %d replications, horizon %s, warm-up %s\n",
		TerminalSafe(s.Scenario), s.Seed, s.Replications, formatDuration(s.HorizonSeconds), formatDuration(s.WarmupSeconds))
	fmt.Fprintf(&buf, "± is the 95%% CI half-width over %d replications\n\n", s.Replications)

	if err := t.writeAligned(&buf); err != nil {
		return fmt.Errorf("reports: table: %w", err)
	}
	if len(s.PlayerRegions) > 0 {
		buf.WriteString("\n")
		if err := RegionTable(s).writeAligned(&buf); err != nil {
			return fmt.Errorf("reports: region table: %w", err)
		}
	}
	if len(s.GPUQuotas) > 0 {
		buf.WriteString("\nGPU quota (AWS grants 0 until raised, A11)\n")
		if err := QuotaTable(s).writeAligned(&buf); err != nil {
			return fmt.Errorf("reports: quota table: %w", err)
		}
	}
	for _, line := range Findings(s) {
		fmt.Fprintf(&buf, "\n%s\n", TerminalSafe(line))
	}
	_, err := w.Write(buf.Bytes())
	return err
}

// writeAligned appends t to buf in columns two spaces apart, without the
// padding tabwriter leaves after empty trailing cells.
func (t Table) writeAligned(buf *bytes.Buffer) error {
	var raw bytes.Buffer
	tw := tabwriter.NewWriter(&raw, 0, 0, 2, ' ', 0)
	// Cells hold names from the scenario: escaped, they can neither reach
	// the terminal raw nor break the columns with a tab or a newline.
	row := func(cells []string) string {
		safe := make([]string, len(cells))
		for i, c := range cells {
			safe[i] = strings.ReplaceAll(TerminalSafe(c), "\n", `\n`)
		}
		return strings.Join(safe, "\t")
	}
	fmt.Fprintf(tw, "%s\n", row(t.Header))
	for _, r := range t.Rows {
		fmt.Fprintf(tw, "%s\n", row(r))
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	for _, l := range strings.SplitAfter(raw.String(), "\n") {
		nl := strings.HasSuffix(l, "\n")
		buf.WriteString(strings.TrimRight(l, " \n"))
		if nl {
			buf.WriteByte('\n')
		}
	}
	return nil
}

// FormatSeconds formats a duration estimate in seconds with 3 significant
// digits: "12.3 ± 0.456"; "n/a" if undefined.
func FormatSeconds(e sim.Estimate) string { return formatEstimate(e, unitSig3) }

// FormatPercent formats a fraction as a percentage: "1.23% ± 0.10".
func FormatPercent(e sim.Estimate) string { return formatEstimate(e, unitPercent) }

// FormatUSD formats US dollars with cents: "$12.34 ± 0.56".
func FormatUSD(e sim.Estimate) string { return formatEstimate(e, unitUSD) }

// FormatCount formats a count without decimals: "1234 ± 56".
func FormatCount(e sim.Estimate) string { return formatEstimate(e, unitCount) }

// FormatSig3 formats any value with 3 significant digits.
func FormatSig3(e sim.Estimate) string { return formatEstimate(e, unitSig3) }

// FormatDuration formats seconds as a compact Go duration: "24h", "1h30m".
func FormatDuration(seconds float64) string { return formatDuration(seconds) }

// Findings are the sentences a reader of the run must not miss, in order:
// the summary's warnings (a horizon beyond the stream-group lifetime,
// groups that expired), then AllocatingFinding's sentence if any, then the
// GPU quotas needed or binding (QuotaFindings). The
// terminal table and report.html both print them.
func Findings(s *Summary) []string {
	out := make([]string, 0, len(s.Warnings)+1)
	for _, w := range s.Warnings {
		out = append(out, "Warning: "+w+".")
	}
	if line := AllocatingFinding(s); line != "" {
		out = append(out, line)
	}
	if line := SpillFinding(s); line != "" {
		out = append(out, line)
	}
	out = append(out, QuotaFindings(s)...)
	if line := PricesFinding(&s.Meta); line != "" {
		out = append(out, line)
	}
	return out
}

// SpillFinding returns one sentence when a stream location placed more
// sessions than it was asked for (mean over replications, by more than
// 1%): a request counts at its demand's first location and is placed
// wherever the list finds capacity, so the others' spill-over lands
// there; "" otherwise.
func SpillFinding(s *Summary) string {
	var over []string
	for i := range s.Locations {
		l := &s.Locations[i]
		req, placed := meanOf(&l.Metrics, "requests"), meanOf(&l.Metrics, "placed")
		if placed >= 1 && placed > 1.01*req {
			over = append(over, fmt.Sprintf("%s placed %.0f sessions for %.0f requests", l.Location, placed, req))
		}
	}
	if len(over) == 0 {
		return ""
	}
	return strings.Join(over, ", ") + ": a request counts at its demand's first location and is placed at the first of its " +
		"locations with capacity, so requests that spilled over from elsewhere are placed here."
}

// AllocatingFinding returns one sentence when more than half of the run's
// placement failures (mean over replications, all locations) timed out while
// capacity was still allocating, naming the allocation delay setting(s) of
// the classes concerned; "" otherwise.
func AllocatingFinding(s *Summary) string {
	const allocating = "placement_timeouts_while_allocating"
	f, a := meanOf(&s.Total, "placement_failures"), meanOf(&s.Total, allocating)
	if !(f >= 1) || !(a > f/2) { // fewer than one failure a replication is no finding
		return ""
	}
	var linux, windows bool
	for i := range s.Locations {
		l := &s.Locations[i]
		if !(meanOf(&l.Metrics, allocating) > 0) {
			continue
		}
		if c, err := streams.LookupClass(l.Class); err == nil && c.OS == streams.Windows {
			windows = true
		} else {
			linux = true
		}
	}
	key := "the allocation delay (service.allocation_delay_linux) decides"
	switch {
	case linux && windows:
		key = "the allocation delays (service.allocation_delay_linux, service.allocation_delay_windows) decide"
	case windows:
		key = "the allocation delay (service.allocation_delay_windows) decides"
	}
	return fmt.Sprintf("%.0f%% of placement failures timed out while capacity was still allocating: %s this result.", 100*a/f, key)
}

// TerminalSafe returns s with every control character but newline escaped
// as in a Go string literal (ESC becomes \x1b, a tab \t), so that names
// from a scenario cannot move the cursor, recolour or retitle a terminal.
// Invalid UTF-8 bytes are escaped too. JSON and CSV outputs keep the real
// names; this is for what is printed to a terminal.
func TerminalSafe(s string) string {
	if !strings.ContainsFunc(s, needsEscape) && utf8.ValidString(s) {
		return s
	}
	var b strings.Builder
	for i, r := range s {
		switch {
		case r == utf8.RuneError && !strings.HasPrefix(s[i:], "\uFFFD"):
			fmt.Fprintf(&b, `\x%02x`, s[i])
		case needsEscape(r):
			q := strconv.QuoteRune(r) // e.g. '\x1b', '\t', '\u009b'
			b.WriteString(q[1 : len(q)-1])
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// needsEscape: control characters but newline, and the bidirectional
// formatting characters (U+202E and friends), which can make a name read
// backwards on a terminal.
func needsEscape(r rune) bool {
	return r != '\n' && (unicode.IsControl(r) || unicode.Is(unicode.Bidi_Control, r))
}

// meanOf returns the mean of metric name in m, NaN if m lacks it.
func meanOf(m *Metrics, name string) float64 {
	e, _ := m.Estimate(name)
	return e.Mean
}
