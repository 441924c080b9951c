package main

import (
	"bytes"
	"compress/gzip"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/capsim/capsim/internal/recordgen"
	"github.com/capsim/capsim/internal/testutil"
)

// recordsDir holds the records capsim fit and backtest read in the CLI's
// tests: made by internal/recordgen from known parameters, gzipped, and
// checked here against what the generator writes now (-update rewrites
// them, and fitted.toml, the scenario capsim fit writes from them).
const recordsDir = "testdata/records"

// recordParams are the records' parameters: two locations, eu-central-1
// with 60 slots short at its evening peak, us-east-1 unlimited; days long
// from 2025-12-01; lognormal lengths; no-shows, crashes, walk-aways and
// drops.
func recordParams(seed uint64, days int) recordgen.Params {
	p := recordgen.Defaults()
	p.Start = time.Date(2025, 12, 1, 0, 0, 0, 0, time.UTC)
	p.Hours = 24 * days
	eu := [24]float64{12, 8, 5, 3, 3, 3, 6, 9, 12, 15, 18, 20, 22, 24, 26, 30, 40, 55, 70, 80, 75, 60, 40, 22}
	var us [24]float64
	for h := range us {
		us[h] = eu[(h+18)%24] / 2
	}
	p.Locations = []recordgen.Location{{Name: "eu-central-1", Hourly: eu, Slots: 60}, {Name: "us-east-1", Hourly: us}}
	p.Median, p.Sigma = 35*time.Minute, 0.8
	p.NoShow, p.CrashPerHour, p.AFKPerHour, p.DropPerHour = 0.03, 0.02, 0.06, 0.03
	p.Seed, p.PageSize = seed, 100
	return p
}

// recordFiles are the files of recordsDir and what writes each.
func recordFiles(t *testing.T) map[string][]byte {
	t.Helper()
	out := map[string][]byte{}
	for name, p := range map[string]recordgen.Params{"sessions": recordParams(1, 2), "day": recordParams(2, 1)} {
		p.Untidy = name == "sessions"
		var s, ps bytes.Buffer
		tr, err := recordgen.Generate(&s, p)
		testutil.NoErr(t, err)
		testutil.NoErr(t, recordgen.WritePolls(&ps, p, tr))
		out[name+".json"], out[name+"-polls.jsonl"] = s.Bytes(), ps.Bytes()
	}
	games, metrics, _ := recordgen.Games(3, 1)
	out["games.json"], out["metrics.json"] = games, metrics
	return out
}

// TestRecordsTestdata: the records under testdata/records are the
// generator's (gunzipped, byte for byte).
func TestRecordsTestdata(t *testing.T) {
	for name, want := range recordFiles(t) {
		path := filepath.Join(recordsDir, name+".gz")
		if *update {
			var b bytes.Buffer
			zw := gzip.NewWriter(&b)
			_, err := zw.Write(want)
			testutil.NoErr(t, err)
			testutil.NoErr(t, zw.Close())
			testutil.NoErr(t, os.MkdirAll(recordsDir, 0o755))
			testutil.NoErr(t, os.WriteFile(path, b.Bytes(), 0o644))
			continue
		}
		f, err := os.Open(path)
		testutil.NoErr(t, err)
		zr, err := gzip.NewReader(f)
		testutil.NoErr(t, err)
		got, err := io.ReadAll(zr)
		f.Close()
		testutil.NoErr(t, err)
		if !bytes.Equal(got, want) {
			t.Errorf("%s is not what internal/recordgen writes now (go test ./cmd/capsim -run TestRecordsTestdata -update)", path)
		}
	}
}

// TestFitWritesTheTestdataScenario: capsim fit of the test records writes
// testdata/records/fitted.toml, the scenario the backtest cases compare,
// and the files around it; the scenario validates.
func TestFitWritesTheTestdataScenario(t *testing.T) {
	out := filepath.Join(t.TempDir(), "fit")
	code, stdout, stderr := capsim(t, "fit", recordsDir+"/sessions.json.gz", "--polls", recordsDir+"/sessions-polls.jsonl.gz",
		"--stream-group", "sg-1AB2C3De4", "--exported-at", "2025-12-03T00:00:00Z", "--out", out)
	if code != 0 {
		t.Fatalf("exit %d\n%s%s", code, stdout, stderr)
	}
	for _, f := range []string{"fitted.toml", "fit.json", "fit.html", "plots/arrivals.png", "plots/length-qq-all-locations.svg", "capsim-output.json"} {
		if _, err := os.Stat(filepath.Join(out, f)); err != nil {
			t.Errorf("%s not written: %v", f, err)
		}
	}
	got, err := os.ReadFile(filepath.Join(out, "fitted.toml"))
	testutil.NoErr(t, err)
	golden := filepath.Join(recordsDir, "fitted.toml")
	if *update {
		testutil.NoErr(t, os.WriteFile(golden, got, 0o644))
	} else if want, err := os.ReadFile(golden); err != nil || !bytes.Equal(got, want) {
		t.Errorf("fitted.toml differs from %s (go test ./cmd/capsim -run TestFitWritesTheTestdataScenario -update):\n%s", golden, diff(t, want, got))
	}
	if code, o, e := capsim(t, "validate", filepath.Join(out, "fitted.toml")); code != 0 || !strings.Contains(o, ": ok") {
		t.Errorf("validate the fitted scenario: exit %d\n%s%s", code, o, e)
	}
}

// TestRecordsFailureWritesNothing: fit and backtest read every record
// before they write, into a staged --out: bad records leave no DIR, and an
// existing DIR written by capsim stays as it was.
func TestRecordsFailureWritesNothing(t *testing.T) {
	dir := t.TempDir()
	fresh := filepath.Join(dir, "fresh")
	for _, args := range [][]string{
		{"fit", "testdata/records-bad/truncated.json", "--out", fresh},
		{"fit", "testdata/records-bad/no-zone.json", "--out", fresh},
		{"backtest", recordsDir + "/fitted.toml", "--observed", "testdata/records-bad/truncated.json", "--quiet", "--out", fresh},
	} {
		if code, _, _ := capsim(t, args...); code != 2 {
			t.Errorf("%v: exit %d, want 2", args, code)
		}
		if _, err := os.Stat(fresh); !os.IsNotExist(err) {
			t.Errorf("%v left %s behind: %v", args, fresh, err)
		}
	}
	old := filepath.Join(dir, "old")
	mustCapsim(t, "fit", "--game-sessions", recordsDir+"/games.json.gz", "--price", "0.1", "--out", old)
	before, err := os.ReadFile(filepath.Join(old, "fitted.toml"))
	testutil.NoErr(t, err)
	if code, _, _ := capsim(t, "fit", "testdata/records-bad/truncated.json", "--out", old); code != 2 {
		t.Errorf("exit %d, want 2", code)
	}
	after, err := os.ReadFile(filepath.Join(old, "fitted.toml"))
	testutil.NoErr(t, err)
	if !bytes.Equal(before, after) {
		t.Error("a failed fit changed the directory of an earlier one")
	}
	entries, err := os.ReadDir(dir)
	testutil.NoErr(t, err)
	if len(entries) != 1 {
		t.Errorf("staging left behind: %v", entries)
	}
}

// TestRecordsDeterministic: fit writes the same bytes twice, and backtest
// the same backtest.json with one worker or two.
func TestRecordsDeterministic(t *testing.T) {
	dir := t.TempDir()
	var fits, bts [2][]byte
	for i, workers := range []string{"1", "2"} {
		fit := filepath.Join(dir, "fit"+workers)
		mustCapsim(t, "fit", recordsDir+"/sessions.json.gz", "--stream-group", "sg-1AB2C3De4", "--out", fit)
		bt := filepath.Join(dir, "bt"+workers)
		mustCapsim(t, "backtest", recordsDir+"/fitted.toml", "--observed", recordsDir+"/day.json.gz", "--workers", workers, "--quiet", "--out", bt)
		var err error
		fits[i], err = os.ReadFile(filepath.Join(fit, "fit.json"))
		testutil.NoErr(t, err)
		bts[i], err = os.ReadFile(filepath.Join(bt, "backtest.json"))
		testutil.NoErr(t, err)
	}
	if !bytes.Equal(fits[0], fits[1]) {
		t.Error("two fits of the same records wrote different fit.json")
	}
	if !bytes.Equal(bts[0], bts[1]) {
		t.Error("backtest.json differs with one worker or two")
	}
}
