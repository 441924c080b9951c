package recordgen

import (
	"bytes"
	"fmt"
	"math/rand/v2"
	"strings"
	"time"

	"gonum.org/v1/gonum/stat/distuv"
)

// Games writes describe-game-sessions pages and a get-metric-data
// export for a fleet in one location: game sessions per hour from curve,
// gamma lengths (mean 25m, shape 3) after 17 s of activation,
// interruptions at 1 in 20 game hours (censoring the game), 1% ERROR,
// games still ACTIVE at the export, and 20 instances with 4 interruptions.
func Games(seed uint64, days int) (games, metrics []byte, curve [24]float64) {
	r := rand.New(rand.NewPCG(seed, 77))
	curve = [24]float64{40, 30, 20, 12, 10, 12, 20, 30, 45, 55, 60, 65, 70, 70, 75, 80, 90, 110, 130, 140, 130, 110, 80, 60}
	start := time.Date(2025, 12, 1, 0, 0, 0, 0, time.UTC)
	export := start.Add(time.Duration(days) * 24 * time.Hour)
	gl := distuv.Gamma{Alpha: 3, Beta: 3 / (25 * 60.0), Src: r}
	var items []string
	id := 0
	for k := range days * 24 {
		h := start.Add(time.Duration(k) * time.Hour)
		n := distuv.Poisson{Lambda: curve[h.Hour()], Src: r}.Rand()
		for range int(n) {
			id++
			c := h.Add(time.Duration(r.Float64() * float64(time.Hour)))
			l := time.Duration((17 + gl.Rand()) * float64(time.Second))
			status, reason, end := "TERMINATED", "", c.Add(l)
			// an interruption comes at a time of its own (Spot reclaims an
			// instance whatever the game), 1 in 20 game hours
			intr := time.Duration(r.ExpFloat64() * 20 * float64(time.Hour))
			switch {
			case r.Float64() < 0.01:
				status, end = "ERROR", c.Add(time.Minute)
			case intr < l:
				reason, end = "INTERRUPTED", c.Add(intr)
			}
			te := fmt.Sprintf(`, "TerminationTime": %d.%03d`, end.Unix(), end.Nanosecond()/1e6)
			if end.After(export) {
				status, te = "ACTIVE", ""
			}
			items = append(items, fmt.Sprintf(`{"GameSessionId": "arn:aws:gamelift:us-west-2::gamesession/fleet-1/g%d", "FleetId": "fleet-1", "CreationTime": %q%s, "Status": %q, "StatusReason": %q, "Location": "us-west-2", "MaximumPlayerSessionCount": 10, "CurrentPlayerSessionCount": 7}`,
				id, c.Format("2006-01-02T15:04:05.000000-07:00"), te, status, reason))
		}
	}
	var b bytes.Buffer
	for i := 0; i < len(items); i += 500 {
		fmt.Fprintf(&b, "{\"GameSessions\": [%s], \"NextToken\": \"t\"}\n", strings.Join(items[i:min(i+500, len(items))], ",\n"))
	}
	var stamps, vals, ints []string
	for k := range days * 24 * 12 {
		stamps = append(stamps, fmt.Sprintf("%q", start.Add(time.Duration(k)*5*time.Minute).Format(time.RFC3339)))
		vals = append(vals, "20")
		ints = append(ints, "0")
	}
	for _, k := range []int{100, 300, 500, 700} {
		ints[k%len(ints)] = "1"
	}
	m := fmt.Sprintf(`{"MetricDataResults": [{"Id": "ai", "Label": "ActiveInstances us-west-2", "Timestamps": [%s], "Values": [%s], "StatusCode": "Complete"},
 {"Id": "ii", "Label": "InstanceInterruptions us-west-2", "Timestamps": [%s], "Values": [%s], "StatusCode": "Complete"}], "Messages": []}`,
		strings.Join(stamps, ","), strings.Join(vals, ","), strings.Join(stamps, ","), strings.Join(ints, ","))
	return b.Bytes(), []byte(m), curve
}
