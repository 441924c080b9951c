package progress

import (
	"bytes"
	"strings"
	"testing"
	"time"
)

// The sweep's bar counts points whole (those found in the store too) and
// replications done, with an ETA from the replications left to run.
func TestSweepProgress(t *testing.T) {
	var buf bytes.Buffer
	clock := time.Unix(0, 0)
	w := NewSweep(fakeProgress(&buf, &clock, 0, 0), "out")
	w.Planned(1, 3, 12) // 1 point in the store, 3 to run: 12 replications
	clock = clock.Add(500 * time.Millisecond)
	w.Progress(1, 12)
	if buf.Len() != 0 {
		t.Fatalf("drew before the 1 s delay: %q", buf.String())
	}
	clock = clock.Add(1500 * time.Millisecond) // 2 s elapsed, half done
	w.PointSaved()
	w.Progress(6, 12)
	got := lastLine(&buf)
	for _, want := range []string{"2/4 points, 6/12 replications", "50% done", "2s elapsed", "ETA 2s", "[###############..............."} {
		if !strings.Contains(got, want) {
			t.Errorf("bar %q lacks %q", got, want)
		}
	}
	if strings.Contains(got, "virtual time") {
		t.Errorf("a sweep's bar speaks of virtual time: %q", got)
	}
	w.Bar().Finish()
	if !strings.HasSuffix(buf.String(), "\r\x1b[K") {
		t.Errorf("finish did not clear the line: %q", buf.String())
	}
	quiet := NewSweep(New(&buf, true), "out")
	n := buf.Len()
	quiet.Planned(0, 2, 4)
	quiet.Progress(4, 4)
	if buf.Len() != n {
		t.Errorf("--quiet drew %q", buf.String()[n:])
	}
}
