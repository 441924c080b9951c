package records

import (
	"bytes"
	"compress/gzip"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/capsim/capsim/models/streams"
)

const arnPrefix = "arn:aws:gameliftstreams:us-west-2:111122223333:streamsession/"

func item(group, id, status, reason, created, updated, loc string) string {
	return fmt.Sprintf(`{"Arn": %q, "UserId": "u-%s", "Status": %q, "StatusReason": %q, "Protocol": "WebRTC",
 "LastUpdatedAt": %s, "CreatedAt": %s, "ApplicationArn": "arn:aws:gameliftstreams:us-west-2:111122223333:application/a-9ZY8X7Wv6",
 "ExportFilesMetadata": {"Status": "PENDING"}, "Location": %q}`, arnPrefix+group+"/"+id, id, status, reason, updated, created, loc)
}

func mustRead(t *testing.T, in string, opt SessionOptions) *SessionSet {
	t.Helper()
	set, err := ReadSessions("in.json", strings.NewReader(in), opt)
	if err != nil {
		t.Fatal(err)
	}
	return set
}

// The same three sessions, in each shape the CLI and its users produce,
// read the same.
func TestReadSessionsShapes(t *testing.T) {
	a := item("sg-1", "A", "TERMINATED", "apiTerminated", `"2025-12-17T10:00:00+00:00"`, `"2025-12-17T10:40:00+00:00"`, "us-east-1")
	b := item("sg-1", "B", "CONNECTED", "", `"2025-12-17T11:00:00.5+00:00"`, `"2025-12-17T11:01:00+00:00"`, "us-east-1")
	c := item("sg-1", "C", "ERROR", "placementTimeout", `"2025-12-17T12:00:00Z"`, `"2025-12-17T12:01:15Z"`, "eu-central-1")
	shapes := map[string]string{
		"one page":        `{"Items": [` + a + `,` + b + `,` + c + `], "NextToken": null}`,
		"pages":           `{"Items": [` + a + `], "NextToken": "t1"}` + "\n" + `{"NextToken": "t2", "Items": [` + b + `]}{"Items":[` + c + `]}`,
		"json lines":      strings.ReplaceAll(a, "\n", "") + "\n" + strings.ReplaceAll(b, "\n", "") + "\n" + strings.ReplaceAll(c, "\n", "") + "\n",
		"array of items":  `[` + a + `,` + b + `,` + c + `]`,
		"mixed":           `[` + a + `]` + b + `{"Items":[` + c + `]}`,
		"page then empty": `{"Items": [` + a + `,` + b + `,` + c + `], "NextToken": "x"}{"Items": []}`,
	}
	for name, in := range shapes {
		t.Run(name, func(t *testing.T) {
			set := mustRead(t, in, SessionOptions{})
			if len(set.Sessions) != 3 || set.Tally.Records != 3 {
				t.Fatalf("kept %d of %d records, want 3", len(set.Sessions), set.Tally.Records)
			}
			got := []string{}
			for _, s := range set.Sessions {
				got = append(got, fmt.Sprintf("%s %v %v %s", s.Created().Format(time.RFC3339Nano), s.Status, s.Reason, set.Locations[s.Location]))
			}
			want := []string{"2025-12-17T10:00:00Z TERMINATED apiTerminated us-east-1",
				"2025-12-17T11:00:00.5Z CONNECTED  us-east-1", "2025-12-17T12:00:00Z ERROR placementTimeout eu-central-1"}
			if strings.Join(got, "\n") != strings.Join(want, "\n") {
				t.Errorf("got\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
			}
			if set.Tally.Running != 1 {
				t.Errorf("running %d, want 1 (the CONNECTED one)", set.Tally.Running)
			}
			if want := time.Date(2025, 12, 17, 12, 1, 15, 0, time.UTC).UnixNano(); set.ExportedAt != want {
				t.Errorf("exported at %v, want the latest timestamp", time.Unix(0, set.ExportedAt).UTC())
			}
		})
	}
}

// Gzip (one member or several) reads as the plain text.
func TestReadSessionsGzip(t *testing.T) {
	a := item("sg-1", "A", "TERMINATED", "apiTerminated", `"2025-12-17T10:00:00Z"`, `"2025-12-17T10:40:00Z"`, "us-east-1")
	var buf bytes.Buffer
	for range 2 {
		zw := gzip.NewWriter(&buf)
		fmt.Fprintf(zw, `{"Items":[%s]}`, a)
		zw.Close()
	}
	set, err := ReadSessions("in.json.gz", &buf, SessionOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if set.Tally.Records != 2 || len(set.Sessions) != 1 || set.Tally.Duplicates != 1 {
		t.Errorf("records %d, kept %d, duplicates %d; want 2, 1, 1", set.Tally.Records, len(set.Sessions), set.Tally.Duplicates)
	}
}

// Untidy input: every case handled and counted.
func TestReadSessionsUntidy(t *testing.T) {
	in := `{"Items": [` + strings.Join([]string{
		// one instant in three zones and as epoch seconds: the same time
		item("sg-1", "Z", "TERMINATED", "apiTerminated", `"2025-12-17T10:00:00Z"`, `"2025-12-17T11:00:00Z"`, "us-east-1"),
		item("sg-1", "T", "TERMINATED", "apiTerminated", `"2025-12-17T19:00:00+09:00"`, `"2025-12-17 13:00:00+0200"`, "us-east-1"),
		item("sg-1", "E", "TERMINATED", "apiTerminated", `1765965600`, `"1765969200.000"`, "us-east-1"),
		// the same Arn on two pages: the later LastUpdatedAt wins
		item("sg-1", "D", "CONNECTED", "", `"2025-12-17T10:00:00Z"`, `"2025-12-17T10:05:00Z"`, "us-east-1"),
		item("sg-1", "D", "TERMINATED", "idleTimeout", `"2025-12-17T10:00:00Z"`, `"2025-12-17T12:05:00Z"`, "us-east-1"),
		item("sg-1", "D", "PENDING_CLIENT_RECONNECTION", "", `"2025-12-17T10:00:00Z"`, `"2025-12-17T10:30:00Z"`, "us-east-1"),
		// a reason from a newer API, a status from a newer API
		item("sg-1", "N", "TERMINATED", "quotaExceeded", `"2025-12-17T10:00:00Z"`, `"2025-12-17T10:10:00Z"`, "us-east-1"),
		item("sg-1", "S", "HIBERNATING", "", `"2025-12-17T10:00:00Z"`, `"2025-12-17T10:10:00Z"`, "us-east-1"),
		// another stream group, a clock skew, no location
		item("sg-2", "O", "TERMINATED", "apiTerminated", `"2025-12-17T10:00:00Z"`, `"2025-12-17T10:10:00Z"`, "us-east-1"),
		item("sg-1", "K", "TERMINATED", "apiTerminated", `"2025-12-17T10:00:00Z"`, `"2025-12-17T09:59:59Z"`, "us-east-1"),
		item("sg-1", "L", "ERROR", "placementTimeout", `"2025-12-17T10:00:00Z"`, `"2025-12-17T10:01:15Z"`, ""),
		item("sg-1", "R", "TERMINATED", "", `"2025-12-17T10:00:00Z"`, `"2025-12-17T10:01:15Z"`, "us-east-1"),
	}, ",") + `], "NextToken": "more", "ResponseMetadata": {}}`
	set := mustRead(t, in, SessionOptions{StreamGroup: "arn:aws:gameliftstreams:us-west-2:111122223333:streamgroup/sg-1"})
	tl := set.Tally
	checks := []struct {
		name      string
		got, want int
	}{
		{"records", tl.Records, 12},
		{"kept", tl.Kept, 8},
		{"duplicates", tl.Duplicates, 2},
		{"other stream group", tl.OtherStreamGroup, 1},
		{"unknown status", tl.UnknownStatus.Count("HIBERNATING"), 1},
		{"unknown reason", tl.UnknownReason.Count("quotaExceeded"), 1},
		{"updated before created", tl.UpdatedBeforeCreated, 1},
		{"no location", tl.NoLocation, 1},
		{"no reason", tl.NoReason, 1},
		{"running", tl.Running, 0},
		{"zone +00:00", tl.Zones.Count("+00:00"), 20},
		{"zone +09:00", tl.Zones.Count("+09:00"), 1},
		{"zone +02:00", tl.Zones.Count("+02:00"), 1},
		{"epoch", tl.Zones.Count(EpochZone), 2},
		{"unknown page key", tl.UnknownPageKeys.Count("ResponseMetadata"), 1},
	}
	for _, c := range checks {
		if c.got != c.want {
			t.Errorf("%s: %d, want %d", c.name, c.got, c.want)
		}
	}
	if !tl.LastPageHasNextToken {
		t.Error("the last page's NextToken not noticed")
	}
	same := map[int64]int{}
	for _, s := range set.Sessions {
		if s.Reason == ReasonAPITerminated && s.UpdatedAt-s.CreatedAt == int64(time.Hour) {
			same[s.CreatedAt]++
		}
	}
	if len(same) != 1 || same[time.Date(2025, 12, 17, 10, 0, 0, 0, time.UTC).UnixNano()] != 3 {
		t.Errorf("the three zones did not read as one instant: %v", same)
	}
	for _, s := range set.Sessions {
		if s.Reason == ReasonIdleTimeout && s.Status != streams.StatusTerminated {
			t.Errorf("duplicate kept the wrong version: %v", s.Status)
		}
	}
	if len(set.StreamGroups) != 2 || set.StreamGroups[0].Name != "sg-1" {
		t.Errorf("stream groups %v", set.StreamGroups)
	}
}

// Bad input: an error matching ErrInvalid that names the record, line and
// field, and says what to do.
func TestReadSessionsErrors(t *testing.T) {
	ok := item("sg-1", "A", "TERMINATED", "apiTerminated", `"2025-12-17T10:00:00Z"`, `"2025-12-17T10:40:00Z"`, "us-east-1")
	cases := []struct {
		name, in string
		lim      Limits
		want     []string
	}{
		{"truncated", `{"Items": [` + ok + `,` + ok[:60], Limits{}, []string{"record 2 (line 3, byte 429)", "truncated"}},
		{"syntax", `{"Items": [` + ok + `, {"Arn": "x",, }]}`, Limits{}, []string{"record 2 (line 3", "JSON syntax error"}},
		{"no zone", `{"Items": [` + item("sg", "A", "ACTIVE", "", `"2025-12-17T10:00:00"`, `"2025-12-17T10:00:00Z"`, "x") + `]}`, Limits{},
			[]string{"record 1 (line 1, byte 11)", "CreatedAt", "no time zone"}},
		{"milliseconds", `[` + item("sg", "A", "ACTIVE", "", `1765965600000`, `"2025-12-17T10:00:00Z"`, "x") + `]`, Limits{},
			[]string{"CreatedAt", "milliseconds"}},
		{"missing arn", `{"Items": [{"Status": "ACTIVE", "CreatedAt": 1765965600, "LastUpdatedAt": 1765965600}]}`, Limits{}, []string{"Arn: missing"}},
		{"missing time", `{"Items": [{"Arn": "a", "Status": "ACTIVE", "CreatedAt": 1765965600}]}`, Limits{}, []string{"LastUpdatedAt: missing"}},
		{"wrong type", `{"Items": [{"Arn": 7}]}`, Limits{}, []string{"Arn", "want a string"}},
		{"hostile location", `[` + item("sg", "A", "ACTIVE", "", `1765965600`, `1765965600`, "us-east-1\u202e<script>") + `]`, Limits{}, []string{"Location", "not a location name"}},
		{"not json", "Items,\n", Limits{}, []string{"line 1", "JSON syntax error"}},
		{"scalar", `42`, Limits{}, []string{"want a JSON object"}},
		{"empty object", `{}`, Limits{}, []string{"empty object"}},
		{"items not array", `{"Items": 5}`, Limits{}, []string{"Items: want an array"}},
		{"record too large", `{"Items": [{"Arn": "` + strings.Repeat("x", 5000) + `"}]}`, Limits{MaxRecordBytes: 1000}, []string{"record 1", "larger than 1000 bytes"}},
		{"too many records", `[` + ok + `,` + ok + `,` + ok + `]`, Limits{MaxRecords: 2}, []string{"record 3", "more than 2 records"}},
		{"input too large", `[` + ok + `,` + ok + `]`, Limits{MaxInputBytes: 300}, []string{"input larger than 300 bytes"}},
		{"deep", strings.Repeat("[", 20000), Limits{}, []string{"exceeded max depth"}},
		{"gzip truncated", "\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\x03\xab\x56", Limits{}, []string{"in.json"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := ReadSessions("in.json", strings.NewReader(c.in), SessionOptions{Limits: c.lim})
			if err == nil {
				t.Fatal("no error")
			}
			if !errors.Is(err, ErrInvalid) {
				t.Errorf("%v does not match ErrInvalid", err)
			}
			for _, w := range c.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q lacks %q", err, w)
				}
			}
		})
	}
}
