package progress

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"github.com/capsim/capsim/sim"
)

func fakeProgress(buf *bytes.Buffer, clock *time.Time, total int, horizon time.Duration) *Bar {
	p := &Bar{w: buf, now: func() time.Time { return *clock }, start: *clock, delay: time.Second,
		every: 100 * time.Millisecond, enabled: true, running: map[int]sim.Time{}}
	p.Plan(total, horizon)
	return p
}

// lastLine is what a terminal shows after buf: the text after the last \r.
func lastLine(buf *bytes.Buffer) string {
	s := buf.String()
	return s[strings.LastIndex(s, "\r")+1:]
}

func TestProgressDrawsAfterDelayWithETA(t *testing.T) {
	var buf bytes.Buffer
	clock := time.Unix(0, 0)
	p := fakeProgress(&buf, &clock, 4, time.Hour)
	clock = clock.Add(500 * time.Millisecond)
	p.Finished(0)
	if buf.Len() != 0 {
		t.Fatalf("drew before the 1 s delay: %q", buf.String())
	}
	clock = clock.Add(1500 * time.Millisecond) // 2 s elapsed, 2 of 4 done
	p.Finished(1)
	got := lastLine(&buf)
	for _, want := range []string{"2/4 replications", "50% of virtual time", "2s elapsed", "ETA 2s", "[###############...............]"} {
		if !strings.Contains(got, want) {
			t.Fatalf("bar %q lacks %q", got, want)
		}
	}
	p.Finish()
	if !strings.HasSuffix(buf.String(), "\r\x1b[K") {
		t.Fatalf("finish did not clear the line: %q", buf.String())
	}
}

// TestProgressWithinOneReplication: a single long replication reports the
// virtual time it has reached through the models' progress hook.
func TestProgressWithinOneReplication(t *testing.T) {
	var buf bytes.Buffer
	clock := time.Unix(0, 0)
	p := fakeProgress(&buf, &clock, 1, 100*time.Hour)
	hook := p.Tick(0)
	clock = clock.Add(2 * time.Second)
	hook(sim.At(37 * time.Hour))
	got := lastLine(&buf)
	for _, want := range []string{"rep 1/1", "37% of virtual time", "[###########..."} {
		if !strings.Contains(got, want) {
			t.Fatalf("bar %q lacks %q", got, want)
		}
	}
	// Redraws are throttled to one per 100 ms of wall time.
	n := buf.Len()
	hook(sim.At(38 * time.Hour))
	if buf.Len() != n {
		t.Errorf("redrew within 100 ms: %q", buf.String()[n:])
	}
	clock = clock.Add(time.Second)
	hook(sim.At(75 * time.Hour))
	if got := lastLine(&buf); !strings.Contains(got, "75% of virtual time") || !strings.Contains(got, "ETA 1s") {
		t.Errorf("bar %q: want 75%% and ETA 1s", got)
	}
}

// TestProgressClearsStaleCharacters: every redraw erases to the end of the
// line, so a shorter line leaves nothing of a longer one ("ETA 25.6s s").
func TestProgressClearsStaleCharacters(t *testing.T) {
	var buf bytes.Buffer
	clock := time.Unix(0, 0)
	p := fakeProgress(&buf, &clock, 2, time.Hour)
	clock = clock.Add(25600 * time.Millisecond)
	p.Tick(0)(sim.At(30 * time.Minute))
	clock = clock.Add(time.Second)
	p.Finished(0)
	draws := strings.Split(buf.String(), "\r")[1:]
	if len(draws) != 2 {
		t.Fatalf("want 2 draws, got %q", draws)
	}
	for _, d := range draws {
		if !strings.HasSuffix(d, "\x1b[K") {
			t.Errorf("draw %q does not erase to the end of the line", d)
		}
	}
}

func TestProgressSilentForShortRunsAndNonTerminals(t *testing.T) {
	var buf bytes.Buffer
	clock := time.Unix(0, 0)
	p := fakeProgress(&buf, &clock, 2, time.Hour)
	p.Finished(0)
	p.Finished(1) // done within the delay: nothing at all
	p.Finish()
	if buf.Len() != 0 {
		t.Fatalf("short run drew %q", buf.String())
	}
	if New(&buf, false).enabled {
		t.Fatal("a bytes.Buffer was taken for a terminal")
	}
	q := New(&buf, true)
	if q.enabled {
		t.Fatal("--quiet did not disable the bar")
	}
	if q.Tick(0) != nil {
		t.Fatal("a disabled bar hands the models a progress hook")
	}
}
