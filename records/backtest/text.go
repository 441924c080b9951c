package backtest

import (
	"encoding/json"
	"fmt"
	"io"
	"strings"
)

// WriteText writes the backtest for a terminal: the coverage overall and
// per metric, then at most ten hours outside, worst first.
func (r *Report) WriteText(w io.Writer) error {
	var b strings.Builder
	fmt.Fprintf(&b, "coverage %s of %d series-hours inside the %s bands (%d replications, %d hours from %s)\n",
		pct(r.Coverage), r.cells(), pct(r.Level), r.Replications, r.Hours, r.Start.Format("2006-01-02 15:04 UTC"))
	for m, name := range metricNames {
		if c, ok := r.ByMetric[name]; ok {
			fmt.Fprintf(&b, "  %-36s %s\n", titles[m], pct(c))
		}
	}
	if len(r.Outside) == 0 {
		b.WriteString("every hour inside its band\n")
	} else {
		fmt.Fprintf(&b, "%d hours outside; the worst:\n", len(r.Outside))
	}
	for i, o := range r.Outside[:min(10, len(r.Outside))] {
		fmt.Fprintf(&b, "  %2d  %s  %-16s %-36s observed %s, band %s–%s, score %s\n", i+1, o.Start.Format("2006-01-02 15:04"),
			o.Location, o.Metric, f3(o.Observed), f3(o.Low), f3(o.High), f3(o.Score))
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// cells is the number of series-hours compared.
func (r *Report) cells() int {
	n := 0
	for _, s := range r.Series {
		n += len(s.Hours)
	}
	return n
}

// WriteJSON writes the report as backtest.json.
func (r *Report) WriteJSON(w io.Writer) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(r)
}
