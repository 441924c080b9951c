package main

import (
	"bytes"
	"strings"
	"testing"
	"time"
)

func fakeProgress(buf *bytes.Buffer, clock *time.Time) *progress {
	return &progress{w: buf, now: func() time.Time { return *clock }, start: *clock, delay: time.Second, enabled: true}
}

func TestProgressDrawsAfterDelayWithETA(t *testing.T) {
	var buf bytes.Buffer
	clock := time.Unix(0, 0)
	p := fakeProgress(&buf, &clock)
	clock = clock.Add(500 * time.Millisecond)
	p.update(1, 4)
	if buf.Len() != 0 {
		t.Fatalf("drew before the 1 s delay: %q", buf.String())
	}
	clock = clock.Add(1500 * time.Millisecond) // 2 s elapsed, 2 of 4 done
	p.update(2, 4)
	got := buf.String()
	for _, want := range []string{"2/4 replications", "2s elapsed", "ETA 2s", "[###############...............]"} {
		if !strings.Contains(got, want) {
			t.Fatalf("bar %q lacks %q", got, want)
		}
	}
	p.finish()
	if !strings.HasSuffix(buf.String(), "\r") {
		t.Fatal("finish did not clear the line")
	}
}

func TestProgressSilentForShortRunsAndNonTerminals(t *testing.T) {
	var buf bytes.Buffer
	clock := time.Unix(0, 0)
	p := fakeProgress(&buf, &clock)
	p.update(1, 2)
	p.update(2, 2) // done within the delay: nothing at all
	p.finish()
	if buf.Len() != 0 {
		t.Fatalf("short run drew %q", buf.String())
	}
	if newProgress(&buf, false).enabled {
		t.Fatal("a bytes.Buffer was taken for a terminal")
	}
	if newProgress(&buf, true).enabled {
		t.Fatal("--quiet did not disable the bar")
	}
}
