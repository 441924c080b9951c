package records

import (
	"fmt"
	"io"
	"runtime"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// exportReader generates a ListStreamSessions page of n items on the fly,
// as the CLI prints it (indented), without holding it.
type exportReader struct {
	n, i int
	buf  []byte
	done bool
	size int64
}

func (e *exportReader) Read(p []byte) (int, error) {
	for len(e.buf) == 0 {
		switch {
		case e.done:
			return 0, io.EOF
		case e.i == 0:
			e.buf = append(e.buf, "{\n    \"Items\": [\n"...)
		case e.i > e.n:
			e.buf = append(e.buf, "\n    ],\n    \"NextToken\": null\n}\n"...)
			e.done = true
		}
		if e.i >= 1 && e.i <= e.n {
			if e.i > 1 {
				e.buf = append(e.buf, ",\n"...)
			}
			c := time.Date(2025, 12, 1, 0, 0, 0, 0, time.UTC).Add(time.Duration(e.i) * 3 * time.Second)
			e.buf = fmt.Appendf(e.buf, `        {
            "Arn": "arn:aws:gameliftstreams:us-west-2:111122223333:streamsession/sg-1AB2C3De4/s%012d",
            "UserId": "player-%d",
            "Status": "TERMINATED",
            "StatusReason": "apiTerminated",
            "Protocol": "WebRTC",
            "LastUpdatedAt": "%s",
            "CreatedAt": "%s",
            "ApplicationArn": "arn:aws:gameliftstreams:us-west-2:111122223333:application/a-9ZY8X7Wv6",
            "ExportFilesMetadata": {"Status": "SUCCEEDED", "OutputUri": "s3://amzn-s3-demo-destination-bucket/MyGameSessions_ExportedFiles/"},
            "Location": "us-east-1"
        }`, e.i, e.i%50000, c.Add(40*time.Minute).Format("2006-01-02T15:04:05.000000-07:00"), c.Format("2006-01-02T15:04:05.000000-07:00"))
		}
		e.i++
	}
	n := copy(p, e.buf)
	e.buf = e.buf[n:]
	e.size += int64(n)
	return n, nil
}

// peakHeap samples the heap in use while fn runs and returns the largest
// sample.
func peakHeap(fn func()) uint64 {
	var peak atomic.Uint64
	stop := make(chan struct{})
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		var ms runtime.MemStats
		for {
			runtime.ReadMemStats(&ms)
			if ms.HeapInuse > peak.Load() {
				peak.Store(ms.HeapInuse)
			}
			select {
			case <-stop:
				return
			case <-time.After(20 * time.Millisecond):
			}
		}
	}()
	fn()
	close(stop)
	wg.Wait()
	return peak.Load()
}

// A 200 MB export streams: the heap never holds the file, only the kept
// sessions (under 200 bytes each at the peak, slice growth and sorting
// included) and the decoder's read-ahead.
func TestReadSessionsBoundedMemory(t *testing.T) {
	const n = 320_000
	in := &exportReader{n: n}
	runtime.GC()
	var set *SessionSet
	var err error
	peak := peakHeap(func() { set, err = ReadSessions("big.json", in, SessionOptions{}) })
	if err != nil {
		t.Fatal(err)
	}
	if len(set.Sessions) != n {
		t.Fatalf("kept %d sessions, want %d", len(set.Sessions), n)
	}
	bound := uint64(32<<20 + 200*n)
	t.Logf("read %d MB, %d sessions; peak heap in use %d MB (bound %d MB)", in.size>>20, n, peak>>20, bound>>20)
	if in.size < 200<<20 {
		t.Fatalf("generated only %d MB", in.size>>20)
	}
	if peak > bound {
		t.Errorf("peak heap %d MB beyond %d MB: the reader holds more than the sessions", peak>>20, bound>>20)
	}
}
