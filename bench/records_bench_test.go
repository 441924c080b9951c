package bench

import (
	"fmt"
	"io"
	"testing"

	"github.com/capsim/capsim/internal/recordgen"
	"github.com/capsim/capsim/records"
)

// exportBytes is the size of recordgen.Synthetic(n), measured once.
func exportBytes(n int) int64 {
	m, _ := io.Copy(io.Discard, recordgen.Synthetic(n))
	return m
}

// BenchmarkReadSessions reads a ListStreamSessions export as the CLI prints
// it (recordgen.Synthetic: one page, about 660 bytes a session), streamed:
// MB/s from SetBytes, ns/session and the bytes allocated per session
// (B/op over sessions). The bounded memory of a large export is checked by
// records' TestReadSessionsBoundedMemory.
func BenchmarkReadSessions(b *testing.B) {
	for _, n := range []int{10_000, 100_000} {
		b.Run(fmt.Sprintf("sessions=%d", n), func(b *testing.B) {
			b.SetBytes(exportBytes(n))
			b.ReportAllocs()
			for b.Loop() {
				set, err := records.ReadSessions("bench", recordgen.Synthetic(n), records.SessionOptions{})
				if err != nil || len(set.Sessions) != n {
					b.Fatalf("read %v sessions: %v", len(set.Sessions), err)
				}
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(n), "ns/session")
		})
	}
}

// TestReadSessionsBenchInput: the benchmark's export reads whole, each
// session with its 40 minutes, nothing untidy counted.
func TestReadSessionsBenchInput(t *testing.T) {
	set, err := records.ReadSessions("bench", recordgen.Synthetic(1000), records.SessionOptions{})
	if err != nil {
		t.Fatal(err)
	}
	tl := set.Tally
	if len(set.Sessions) != 1000 || tl.Duplicates != 0 || tl.Running != 0 || tl.Zones.Count("+00:00") != 2000 {
		t.Fatalf("read %d sessions, tally %+v", len(set.Sessions), tl)
	}
	for _, s := range set.Sessions {
		if s.UpdatedAt-s.CreatedAt != 40*60e9 {
			t.Fatalf("session of %d ns", s.UpdatedAt-s.CreatedAt)
		}
	}
}
