package scenarios

import (
	"io/fs"
	"math/rand/v2"
	"strings"
	"testing"
	"testing/fstest"
	"time"
	"unicode"

	"github.com/capsim/capsim/models/streams"
	"github.com/capsim/capsim/sim"
)

// checkReadError asserts that a reader's error is short, non-empty and
// printable once it is shown as a FieldError.
func checkReadError(t *testing.T, err error) {
	t.Helper()
	if err == nil {
		return
	}
	msg := (&FieldError{File: "f.toml", Line: 1, Path: "demand[0].arrivals.file", Msg: err.Error()}).Error()
	if err.Error() == "" || len(msg) > 1200 {
		t.Fatalf("error of %d bytes: %.300q", len(msg), msg)
	}
	for _, r := range msg {
		if !unicode.IsPrint(r) {
			t.Fatalf("unprintable %U in %.300q", r, msg)
		}
	}
	if raw := err.Error(); len(raw) > 4*MaxQuoteBytes+200 {
		t.Fatalf("reader error of %d bytes quotes too much: %.300q", len(raw), raw)
	}
}

func csvSeeds(f *testing.F) {
	trace, err := fs.ReadFile(examplesFS, "examples/trace.csv")
	if err != nil {
		f.Fatal(err)
	}
	for _, s := range []string{
		string(trace), "at\n10\n60\n30\n", "time,session_length\n10,60\n", "at,session_length\n1,0\n",
		"at\n1e400\n", "at\n-1\n", "at\nNaN\n", "at\n\"unterminated\n", "at,session_length\n5,\n",
		"length\n90s\n20m\n1h\n", "0\n0\n", "1h\nfoo\n", "# comment\n\n5\n", "at\n" + strings.Repeat("9", 200) + "\n",
		"at\n2562047h47m16.854775807s\n", "at\n1e11\n",
	} {
		f.Add([]byte(s))
	}
}

// fuzzCSV seeds f with csvSeeds and runs read on every CSV it tries, as
// the file name beside a scenario: no CSV makes it panic, every error is
// short, and check judges what it returns without an error.
func fuzzCSV[T any](f *testing.F, name string, read func(fs.FS, string) (T, error), check func(*testing.T, T)) {
	csvSeeds(f)
	f.Fuzz(func(t *testing.T, data []byte) {
		v, err := read(fstest.MapFS{name: {Data: data}}, name)
		checkReadError(t, err)
		if err == nil {
			check(t, v)
		}
	})
}

// FuzzReadTrace: no trace CSV makes the reader panic; every error is short;
// what it returns is sorted, non-negative, and lengths are positive.
func FuzzReadTrace(f *testing.F) {
	fuzzCSV(f, "t.csv", readTrace, func(t *testing.T, tr *streams.Trace) {
		for i, at := range tr.At {
			if at < 0 || i > 0 && at < tr.At[i-1] {
				t.Fatalf("arrival %d at %v", i, at)
			}
		}
		if tr.Lengths != nil && len(tr.Lengths) != len(tr.At) {
			t.Fatalf("%d lengths for %d arrivals", len(tr.Lengths), len(tr.At))
		}
		for i, l := range tr.Lengths {
			if l <= 0 {
				t.Fatalf("length %d is %v", i, l)
			}
		}
	})
}

// FuzzReadEmpirical: no empirical CSV makes the reader or the distribution
// panic; draws stay within the observed values.
func FuzzReadEmpirical(f *testing.F) {
	fuzzCSV(f, "l.csv", readDurations, func(t *testing.T, vals []time.Duration) {
		e, err := sim.NewEmpirical(vals)
		if err != nil {
			checkReadError(t, err)
			return
		}
		lo, hi := vals[0], vals[0]
		for _, v := range vals {
			lo, hi = min(lo, v), max(hi, v)
		}
		r := rand.New(rand.NewPCG(1, 2))
		for range 20 {
			if d := e.Sample(r); d < lo || d > hi {
				t.Fatalf("draw %v outside [%v, %v]", d, lo, hi)
			}
		}
		if m := e.Mean(); m < lo || m > hi {
			t.Fatalf("mean %v outside [%v, %v]", m, lo, hi)
		}
	})
}
