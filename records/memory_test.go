package records

import (
	"io"
	"runtime"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/capsim/capsim/internal/recordgen"
)

// counting counts the bytes read through it.
type counting struct {
	r    io.Reader
	size int64
}

func (c *counting) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.size += int64(n)
	return n, err
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
	in := &counting{r: recordgen.Synthetic(n)}
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
