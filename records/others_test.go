package records

import (
	"errors"
	"fmt"
	"strings"
	"testing"
)

func pollLine(at, group string, alloc, idle int) string {
	return fmt.Sprintf(`{"PolledAt":%q,"StreamGroup":{"Arn":"arn:aws:gameliftstreams:us-west-2:1:streamgroup/%s","Id":%q,"StreamClass":"gen4n_high","Status":"ACTIVE",`+
		`"LocationStates":[{"LocationName":"us-east-1","Status":"ACTIVE","AlwaysOnCapacity":2,"TargetIdleCapacity":2,"MaximumCapacity":20,"RequestedCapacity":2,"AllocatedCapacity":%d,"IdleCapacity":%d},`+
		`{"LocationName":"eu-central-1","Status":"ACTIVATING","AlwaysOnCapacity":0}]}}`, at, group, group, alloc, idle)
}

func TestReadPolls(t *testing.T) {
	in := pollLine("2025-12-17T10:01:00Z", "sg-1", 6, 2) + "\n" +
		pollLine("2025-12-17T10:00:00Z", "sg-1", 4, 2) + "\n" +
		pollLine("2025-12-17T11:00:00+01:00", "sg-1", 5, 1) + "\n" + // the same time again: later read wins
		pollLine("2025-12-17T10:02:00Z", "sg-2", 9, 9) + "\n" +
		// the merged form
		`{"PolledAt": 1765965780, "Id": "sg-1", "LocationStates": [{"LocationName": "us-east-1", "Status": "SLEEPING", "AllocatedCapacity": 7, "IdleCapacity": 3}]}`
	set, err := ReadPolls("polls.jsonl", strings.NewReader(in), "sg-1", Limits{})
	if err != nil {
		t.Fatal(err)
	}
	tl := set.Tally
	if tl.Records != 5 || tl.OtherStreamGroup != 1 || tl.Duplicates != 2 || tl.UnknownStatus.Count("SLEEPING") != 1 || tl.MissingCounters != 3 {
		t.Errorf("tally %+v", tl)
	}
	var got []string
	for _, p := range set.Polls {
		got = append(got, fmt.Sprintf("%d %s %v %d/%d", (p.At/1e9)%3600, set.Locations[p.Location], p.Status, p.Allocated, p.Idle))
	}
	want := "0 eu-central-1 ACTIVATING -1/-1,0 us-east-1 ACTIVE 5/1,60 eu-central-1 ACTIVATING -1/-1,60 us-east-1 ACTIVE 6/2,180 us-east-1 SLEEPING 7/3"
	if strings.Join(got, ",") != want {
		t.Errorf("polls\n%s\nwant\n%s", strings.Join(got, ","), want)
	}
	if set.StreamClass != "gen4n_high" || set.StreamGroup != "sg-1" {
		t.Errorf("class %q group %q", set.StreamClass, set.StreamGroup)
	}
	_, err = ReadPolls("polls.jsonl", strings.NewReader(in), "", Limits{})
	if !errors.Is(err, ErrInvalid) || !strings.Contains(err.Error(), "record 4 (line 4") || !strings.Contains(err.Error(), "choose one") {
		t.Errorf("two groups without a filter: %v", err)
	}
	_, err = ReadPolls("p", strings.NewReader(`{"PolledAt":"2025-12-17T10:00:00Z","Id":"sg","LocationStates":[{"LocationName":"x","AllocatedCapacity":-4}]}`), "", Limits{})
	if !errors.Is(err, ErrInvalid) || !strings.Contains(err.Error(), "LocationStates[0].AllocatedCapacity") {
		t.Errorf("negative capacity: %v", err)
	}
}

func TestReadMetrics(t *testing.T) {
	page := func(stamps, values, status string) string {
		return `{"MetricDataResults": [{"Id": "ai", "Label": "ActiveInstances us-east-1", "Timestamps": [` + stamps +
			`], "Values": [` + values + `], "StatusCode": "` + status + `"}, {"Id": "qd", "Label": "QueueDepth", "Timestamps": [], "Values": [], "StatusCode": "Complete"}], "Messages": []}`
	}
	in := page(`"2025-12-17T10:05:00+00:00", "2025-12-17T10:00:00+00:00"`, `4.0, 3.0`, "PartialData") + "\n" +
		page(`1765965900, 1765966200`, `5, 6`, "Complete")
	set, err := ReadMetrics("m.json", strings.NewReader(in), Limits{})
	if err != nil {
		t.Fatal(err)
	}
	if len(set.Series) != 2 || set.Series[0].Id != "ai" || set.Series[1].Metric != "QueueDepth" {
		t.Fatalf("series %+v", set.Series)
	}
	ai := set.Series[0]
	if ai.Metric != "ActiveInstances" || ai.Location != "us-east-1" || !ai.Partial {
		t.Errorf("series %q %q partial %v", ai.Metric, ai.Location, ai.Partial)
	}
	var vals []float64
	for _, p := range ai.Points {
		vals = append(vals, p.Value)
	}
	if fmt.Sprint(vals) != "[3 5 6]" || set.Tally.Duplicates != 1 || set.Tally.Points != 4 {
		t.Errorf("values %v, duplicates %d, points %d (the 10:05 point twice: the later read, 5, wins)", vals, set.Tally.Duplicates, set.Tally.Points)
	}
	_, err = ReadMetrics("m.json", strings.NewReader(page(`1765966200`, `1, 2`, "Complete")), Limits{})
	if !errors.Is(err, ErrInvalid) || !strings.Contains(err.Error(), "2 values for 1 timestamps") {
		t.Errorf("mismatched arrays: %v", err)
	}
	_, err = ReadMetrics("m.json", strings.NewReader(in), Limits{MaxRecords: 3})
	if !errors.Is(err, ErrInvalid) || !strings.Contains(err.Error(), "more than 3 points") {
		t.Errorf("points limit: %v", err)
	}
}

func TestReadGameSessions(t *testing.T) {
	gs := func(id, fleet, status, reason, created, ended string) string {
		te := ""
		if ended != "" {
			te = `"TerminationTime": ` + ended + `,`
		}
		return fmt.Sprintf(`{"GameSessionId": "arn:aws:gamelift:us-west-2::gamesession/%s/%s", "FleetId": %q, "CreationTime": %s, %s
 "Status": %q, "StatusReason": %q, "Location": "us-west-2", "MaximumPlayerSessionCount": 8}`, fleet, id, fleet, created, te, status, reason)
	}
	in := `{"GameSessions": [` + strings.Join([]string{
		gs("a", "fleet-1", "ACTIVE", "", `"2025-12-17T10:00:00.000000+00:00"`, ""),
		gs("b", "fleet-1", "TERMINATED", "INTERRUPTED", `1765965600.5`, `1765969200`),
		gs("c", "fleet-2", "TERMINATED", "", `1765965600`, `1765969200`),
		gs("d", "fleet-1", "TERMINATED", "", `1765965600`, ""),
		gs("e", "fleet-1", "PAUSED", "", `1765965600`, ""),
		gs("f", "fleet-1", "TERMINATED", "SCALED_AWAY", `1765965600`, `1765965700`),
	}, ",") + `], "NextToken": "x"}` + "\n" + `{"GameSessions": [` +
		gs("a", "fleet-1", "TERMINATED", "FORCE_TERMINATED", `"2025-12-17T10:00:00+00:00"`, `"2025-12-17T12:00:00+02:00"`) + `]}`
	set, err := ReadGameSessions("g.json", strings.NewReader(in), "arn:aws:gamelift:us-west-2:1:fleet/fleet-1", Limits{})
	if err != nil {
		t.Fatal(err)
	}
	tl := set.Tally
	if tl.Records != 7 || tl.Kept != 4 || tl.Duplicates != 1 || tl.OtherFleet != 1 || tl.Running != 0 ||
		tl.TerminatedWithoutTime != 1 || tl.UnknownStatus.Count("PAUSED") != 1 || tl.UnknownReason.Count("SCALED_AWAY") != 1 || tl.Pages != 2 {
		t.Errorf("tally %+v", tl)
	}
	for _, g := range set.Sessions {
		if g.Reason == GameReasonForceTerminated && g.TerminatedAt-g.CreatedAt != 0 {
			t.Errorf("a: ended %d s after creation, want 0 (12:00+02:00 is 10:00Z)", (g.TerminatedAt-g.CreatedAt)/1e9)
		}
	}
	if set.Sessions[0].MaxPlayers != 8 {
		t.Errorf("max players %d", set.Sessions[0].MaxPlayers)
	}
}
