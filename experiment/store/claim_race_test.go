package store

import (
	"io"
	"path"
	"path/filepath"
	"sync"
	"testing"
)

// TestOpenAtOnce: processes that open the same new store at once (an
// engine starting a shard twice, or every shard together) all get it,
// although one writes the marker and its first files while another,
// having found no marker, lists the directory.
func TestOpenAtOnce(t *testing.T) {
	for _, open := range []struct {
		name string
		fn   func(string) (*Store, error)
	}{{"sweep", OpenStore}, {"run", OpenRunStore}} {
		t.Run(open.name, func(t *testing.T) {
			for round := range 150 {
				dir := filepath.Join(t.TempDir(), "out")
				var wg sync.WaitGroup
				errs := make([]error, 4)
				for i := range errs {
					wg.Add(1)
					go func() {
						defer wg.Done()
						s, err := open.fn(dir)
						if err == nil {
							err = s.WriteFile(path.Join(shardsDir, "attempt"), func(w io.Writer) error { _, err := io.WriteString(w, "x"); return err })
							s.Close()
						}
						errs[i] = err
					}()
				}
				wg.Wait()
				for i, err := range errs {
					if err != nil {
						t.Fatalf("round %d, opener %d: %v", round, i, err)
					}
				}
			}
		})
	}
}
