package backtest

import (
	"bytes"
	"fmt"
	"math"
	"testing"
	"time"

	"github.com/capsim/capsim/models/streams"
	"github.com/capsim/capsim/scenarios"
)

// day0 is virtual time 0 of the model-made records.
var day0 = time.Date(2025, 12, 1, 0, 0, 0, 0, time.UTC)

// modelRecords runs replication rep of sc's stream groups and writes what
// ListStreamSessions, and a GetStreamGroup poll a minute, would have shown
// at virtual time export: the sessions created from cut on, the polls
// from cut to export. Virtual time 0 is day0. The run goes on 13 hours
// past the export, so that a session running at the export shows as
// running (its end unknown to the records) whatever its length.
//
// This is the second generator of issue 23: capsim's own model makes the
// "observed" period, so a backtest of a scenario fitted to it measures
// the fit and the backtest where the model is right by construction; the
// independent generator (internal/recordgen) checks the fit against data
// capsim did not make.
func modelRecords(t testing.TB, sc *scenarios.Scenario, rep int, cut, export time.Duration) (sessions, polls []byte) {
	t.Helper()
	cfg, err := sc.Build()
	if err != nil {
		t.Fatal(err)
	}
	cfg.Horizon, cfg.Warmup, cfg.TimeseriesStep, cfg.MaxEvents = export+13*time.Hour, 0, time.Minute, 0
	first := make([]string, len(cfg.Demands))
	for i, d := range cfg.Demands {
		first[i] = cfg.Groups[d.Group].Locations[0].Name
		if len(d.Locations) > 0 {
			first[i] = d.Locations[0]
		}
	}
	demandIdx := map[string]int{}
	for i, d := range cfg.Demands {
		demandIdx[d.Name] = i
	}
	var items bytes.Buffer
	n := 0
	at := func(s float64) string {
		return fmt.Sprintf("%q", day0.Add(time.Duration(math.Round(s*1e9))).Format("2006-01-02T15:04:05.000000-07:00"))
	}
	res, err := streams.Run(cfg, rep, streams.Options{OnSessionEnd: func(r streams.SessionRecord) {
		if r.ArrivalSeconds < cut.Seconds() || r.ArrivalSeconds >= export.Seconds() {
			return
		}
		status, reason, updated := r.Status.String(), r.Reason.String(), r.EndSeconds
		loc := r.Location
		if loc == "" {
			loc = first[demandIdx[r.Demand]]
		}
		if r.EndSeconds > export.Seconds() { // running at the export
			reason = ""
			switch {
			case r.PlacedSeconds >= 0 && r.PlacedSeconds <= export.Seconds():
				status, updated = "CONNECTED", r.PlacedSeconds
			default:
				status, updated = "ACTIVATING", r.ArrivalSeconds
			}
		}
		if n > 0 {
			items.WriteString(",\n")
		}
		n++
		fmt.Fprintf(&items, `{"Arn": "arn:aws:gameliftstreams:us-west-2:111122223333:streamsession/sg-model/s%08d", "Status": %q, "StatusReason": %q, "CreatedAt": %s, "LastUpdatedAt": %s, "Location": %q, "ApplicationArn": "arn:aws:gameliftstreams:us-west-2:111122223333:application/a-model"}`,
			n, status, reason, at(r.ArrivalSeconds), at(updated), loc)
	}})
	if err != nil {
		t.Fatal(err)
	}
	sessions = fmt.Appendf(nil, "{\"Items\": [\n%s\n], \"NextToken\": null}\n", items.String())
	var pb bytes.Buffer
	for k := int(cut / time.Minute); k < int(export/time.Minute); k++ {
		fmt.Fprintf(&pb, `{"PolledAt": %s, "StreamGroup": {"Id": "sg-model", "StreamClass": %q, "LocationStates": [`, at(float64(k*60+60)), cfg.Groups[0].Class.Name)
		for i, lr := range res.Locations {
			row, err := lr.Timeseries.NewReader().Row(k)
			if err != nil {
				t.Fatal(err)
			}
			l := cfg.Groups[0].Locations[i]
			if i > 0 {
				pb.WriteString(",")
			}
			fmt.Fprintf(&pb, `{"LocationName": %q, "Status": "ACTIVE", "AlwaysOnCapacity": %d, "TargetIdleCapacity": %d, "MaximumCapacity": %d, "AllocatedCapacity": %d, "IdleCapacity": %d}`,
				l.Name, l.AlwaysOn, l.TargetIdle, l.Maximum, int(math.Round(row[streams.ColAllocated])), int(math.Round(row[streams.ColIdle])))
		}
		pb.WriteString("]}}\n")
	}
	return sessions, pb.Bytes()
}
