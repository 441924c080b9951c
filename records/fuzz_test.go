package records

import (
	"bytes"
	"errors"
	"testing"
)

// fuzzLimits keep one execution small.
var fuzzLimits = Limits{MaxInputBytes: 1 << 20, MaxRecordBytes: 16 << 10, MaxRecords: 1000}

// checkFuzz: any input reads or fails with ErrInvalid, never panics.
func checkFuzz(t *testing.T, err error) {
	if err != nil && !errors.Is(err, ErrInvalid) {
		t.Fatalf("error not matching ErrInvalid: %v", err)
	}
}

func FuzzReadSessions(f *testing.F) {
	f.Add([]byte(`{"Items": [` + item("sg-1", "A", "TERMINATED", "apiTerminated", `"2025-12-17T10:00:00Z"`, `1765965600.5`, "us-east-1") + `], "NextToken": "x"}`))
	f.Add([]byte(item("sg-1", "A", "CONNECTED", "", `"2025-12-17 10:00:00+0900"`, `"2025-12-17T10:00:00.123456789-05:00"`, "") + "\n[]"))
	f.Add([]byte("\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\x03"))
	f.Fuzz(func(t *testing.T, data []byte) {
		set, err := ReadSessions("fuzz", bytes.NewReader(data), SessionOptions{Limits: fuzzLimits})
		checkFuzz(t, err)
		if err == nil && (set.Tally.Kept != len(set.Sessions) || set.Tally.Kept > set.Tally.Records) {
			t.Fatalf("kept %d of %d records (%d sessions)", set.Tally.Kept, set.Tally.Records, len(set.Sessions))
		}
		if err == nil {
			for _, s := range set.Sessions {
				if s.UpdatedAt < s.CreatedAt || int(s.Location) >= len(set.Locations) {
					t.Fatalf("session %+v", s)
				}
			}
		}
	})
}

func FuzzReadPolls(f *testing.F) {
	f.Add([]byte(pollLine("2025-12-17T10:00:00Z", "sg-1", 4, 2) + "\n" + pollLine("2025-12-17T10:01:00Z", "sg-1", 4, 2)))
	f.Fuzz(func(t *testing.T, data []byte) {
		_, err := ReadPolls("fuzz", bytes.NewReader(data), "", fuzzLimits)
		checkFuzz(t, err)
	})
}

func FuzzReadMetrics(f *testing.F) {
	f.Add([]byte(`{"MetricDataResults": [{"Id": "ai", "Label": "ActiveInstances us-east-1", "Timestamps": ["2025-12-17T10:05:00+00:00", 1765965600], "Values": [4.0, 3], "StatusCode": "Complete"}], "Messages": []}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		_, err := ReadMetrics("fuzz", bytes.NewReader(data), fuzzLimits)
		checkFuzz(t, err)
	})
}

func FuzzReadGameSessions(f *testing.F) {
	f.Add([]byte(`{"GameSessions": [{"GameSessionId": "g", "FleetId": "fleet-1", "CreationTime": 1765965600, "TerminationTime": "2025-12-17T12:00:00+02:00", "Status": "TERMINATED", "StatusReason": "INTERRUPTED", "Location": "us-west-2"}]}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		_, err := ReadGameSessions("fuzz", bytes.NewReader(data), "", fuzzLimits)
		checkFuzz(t, err)
	})
}
