package fit

import (
	"bytes"
	"flag"
	"fmt"
	"maps"
	"math"
	"runtime"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/capsim/capsim/internal/recordgen"
	"github.com/capsim/capsim/internal/testutil"
	"github.com/capsim/capsim/records"
)

// recoveryCurve is a daily curve with a European evening peak (the default
// scenario's), in requests per hour.
var recoveryCurve = [24]float64{30, 18, 10, 6, 5, 6, 12, 20, 28, 34, 40, 46, 52, 56, 60, 70, 95, 130, 165, 185, 175, 140, 95, 55}

// recoveryParams are the known parameters: three days at one location
// whose 120 slots run short at the evening peak, lognormal lengths,
// no-shows, crashes, walk-aways and dropped clients.
func recoveryParams(seed uint64) recordgen.Params {
	p := recordgen.Defaults()
	p.Start = time.Date(2025, 12, 1, 0, 0, 0, 0, time.UTC)
	p.Hours = 3 * 24
	p.Locations = []recordgen.Location{{Name: "eu-central-1", Hourly: recoveryCurve, Slots: 120}}
	p.Median, p.Sigma = 35*time.Minute, 0.8
	p.NoShow, p.CrashPerHour, p.AFKPerHour, p.DropPerHour = 0.03, 0.02, 0.06, 0.03
	p.Seed = seed
	p.PageSize = 100
	p.Untidy = seed%2 == 0
	return p
}

// generateAndFit writes an export from p and fits it.
func generateAndFit(p recordgen.Params) (*Streams, *recordgen.Truth, error) {
	var buf bytes.Buffer
	tr, err := recordgen.Generate(&buf, p)
	if err != nil {
		return nil, nil, err
	}
	set, err := records.ReadSessions("generated.json", &buf, records.SessionOptions{StreamGroup: p.Group})
	if err != nil {
		return nil, nil, err
	}
	f, err := FitStreams(set, Options{ExportedAt: p.ExportAt()})
	return f, tr, err
}

// recoverySeeds is the number of independent exports the recovery is
// measured on.
const recoverySeeds = 50

// TestRecovery fits exports written by the independent generator from
// known parameters, over recoverySeeds seeds, and reports how often each
// 95% interval covers the truth: every hourly rate, the length's median
// and sigma, the behaviour rates. Garwood's and Clopper–Pearson's
// intervals are exact (coverage at least 95%); the Wald intervals of the
// length parameters are asymptotic. The bounds below leave three binomial
// standard deviations under 95%; the family must be chosen in all but a
// few seeds (the goodness-of-fit test refuses 1% of true fits by design).
func TestRecovery(t *testing.T) {
	fits, truths := fitSeeds(t)
	cover := map[string]*tally{}
	count := func(name string, ok bool) {
		c := cover[name]
		if c == nil {
			c = &tally{}
			cover[name] = c
		}
		c.n++
		if ok {
			c.in++
		}
	}
	lognormalChosen := 0
	for seed := range uint64(recoverySeeds) {
		p := recoveryParams(seed + 1)
		f, tr := fits[seed], truths[seed]
		if _, err := f.Check(); err != nil {
			t.Fatal(err)
		}
		if f.Tally.Kept != len(tr.Sessions) {
			t.Fatalf("seed %d: kept %d of %d sessions generated (%+v)", seed, f.Tally.Kept, len(tr.Sessions), f.Tally)
		}
		for h, r := range f.Curves[0].Hours {
			count("hourly rate (24 a fit)", r.Rate.Contains(recoveryCurve[h]))
		}
		if f.Lengths.Best().Family == "lognormal" && f.Lengths.Chosen == "lognormal" {
			lognormalChosen++
		}
		lf := f.Lengths.Families[0] // lognormal, fitted in every seed
		count("length median (lognormal)", lf.Param("median").Contains(p.Median.Seconds()))
		count("length sigma (lognormal)", lf.Param("sigma").Contains(p.Sigma))
		for _, c := range []struct {
			key, name string
			want      float64
		}{{"no_show_probability", "no-show probability", p.NoShow}, {"afk_rate_per_hour", "walk-aways per hour", p.AFKPerHour},
			{"crash_rate_per_hour", "crashes per hour", p.CrashPerHour}, {"reconnect failures (reconnectionTimeout)", "reconnect failures per hour", p.DropPerHour}} {
			count(c.name, f.rate(c.key).Est.Contains(c.want))
		}
	}
	for name, c := range cover {
		if min := 0.95 - 3*math.Sqrt(0.95*0.05/float64(c.n)); c.cov() < min {
			t.Errorf("%s: 95%% interval covers the truth in %.1f%% of %d fits (below %.1f%%)", name, 100*c.cov(), c.n, 100*min)
		}
	}
	if lognormalChosen < recoverySeeds-3 {
		t.Errorf("lognormal chosen in only %d of %d seeds", lognormalChosen, recoverySeeds)
	}
	golden(t, "testdata/recovery.md", recoveryTable(cover, lognormalChosen))
}

type tally struct{ in, n int }

func (c *tally) cov() float64 { return float64(c.in) / float64(c.n) }

// fitSeeds writes and fits the recoverySeeds exports, in parallel.
func fitSeeds(t *testing.T) ([]*Streams, []*recordgen.Truth) {
	fits := make([]*Streams, recoverySeeds)
	truths := make([]*recordgen.Truth, recoverySeeds)
	errs := make([]error, recoverySeeds)
	var wg sync.WaitGroup
	next := make(chan int)
	for range runtime.GOMAXPROCS(0) {
		wg.Go(func() {
			for i := range next {
				fits[i], truths[i], errs[i] = generateAndFit(recoveryParams(uint64(i) + 1))
			}
		})
	}
	for i := range recoverySeeds {
		next <- i
	}
	close(next)
	wg.Wait()
	for _, err := range errs {
		testutil.NoErr(t, err)
	}
	return fits, truths
}

// recoveryTable is README's table of the recovery: each quantity's
// coverage, and how often the family was chosen.
func recoveryTable(cover map[string]*tally, chosen int) string {
	var b strings.Builder
	fmt.Fprintf(&b, "| fitted over %d exports (three days each) | the 95%% interval covers the truth |\n| --- | --- |\n", recoverySeeds)
	for _, name := range slices.Sorted(maps.Keys(cover)) {
		c := cover[name]
		fmt.Fprintf(&b, "| %s | %d of %d (%.1f%%) |\n", name, c.in, c.n, 100*c.cov())
	}
	fmt.Fprintf(&b, "| the family chosen is lognormal | %d of %d |\n", chosen, recoverySeeds)
	return b.String()
}

var update = flag.Bool("update", false, "rewrite the golden files under testdata")

// golden compares got with the file (-update writes it): a figure
// README.md shows is this test's.
func golden(t *testing.T, file, got string) {
	t.Helper()
	if want := testutil.Golden(t, file, []byte(got), *update); string(want) != got {
		t.Errorf("%s is not what the test measures now (go test -run %s -update rewrites it):\n%s", file, t.Name(), got)
	}
}
