package main

import (
	"bytes"
	"errors"
	"flag"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"testing"

	"github.com/capsim/capsim/internal/outdir"
	"github.com/capsim/capsim/simrun"
)

// TestPanicIsInternalError: a panic on a replication goroutine becomes an
// internal error with exit status 70 and a one-line message, never a crash
// or exit status 2.
func TestPanicIsInternalError(t *testing.T) {
	_, err := simrun.Replicate(4, simrun.Options{Workers: 2}, func(rep int) (int, error) {
		if rep == 2 {
			var m map[string]int
			m["x"] = 1 // a runtime error, not only an explicit panic
		}
		return rep, nil
	})
	var ie *simrun.InternalError
	if !errors.As(err, &ie) {
		t.Fatalf("err = %v, want an internalError", err)
	}
	if exitCode(err) != exitInternal || exitInternal == exitInvalid {
		t.Errorf("exit code %d, want %d", exitCode(err), exitInternal)
	}
	msg := err.Error()
	if strings.Contains(msg, "\n") || strings.Contains(msg, "goroutine") || !strings.Contains(msg, "nil map") ||
		!strings.Contains(msg, "robust_test.go:") || !strings.Contains(msg, "bug in capsim") {
		t.Errorf("message %q: want one line naming the panic, its site and that it is a bug", msg)
	}
	// Wrapped by context, it is still internal; bad input stays 2.
	if exitCode(errors.Join(errors.New("class x"), err)) != exitInternal {
		t.Error("a wrapped internal error lost its exit code")
	}
	if exitCode(&usageError{"bad"}) != exitInvalid || exitCode(flag.ErrHelp) == exitInternal {
		t.Error("usage errors changed exit code")
	}
}

func TestPanicInRunPathRecovered(t *testing.T) {
	var stderr bytes.Buffer
	defer func() {
		if v := recover(); v != nil {
			t.Fatalf("panic escaped Main: %v", v)
		}
	}()
	// A nil writer where run writes panics: recovered into exit 70.
	if code := Main([]string{"classes"}, nil, &stderr); code != exitInternal {
		t.Errorf("panic in the run path: exit %d, want %d", code, exitInternal)
	}
	if !strings.Contains(stderr.String(), "internal error") || strings.Contains(stderr.String(), "goroutine ") {
		t.Errorf("stderr %q", stderr.String())
	}
}

func TestEventBudgetNamesTheSetting(t *testing.T) {
	code, _, errOut := capsim(t, "run", "--replications", "2", "--horizon", "3h", "--set", "simulation.max_events=200")
	if code != 2 {
		t.Errorf("exit %d, want 2", code)
	}
	for _, want := range []string{"simulation.max_events = 200", "raise it", "--set simulation.max_events="} {
		if !strings.Contains(errOut, want) {
			t.Errorf("stderr lacks %q:\n%s", want, errOut)
		}
	}
	if code, _, errOut := capsim(t, "compare", classCompare, "--replications", "2", "--horizon", "2h",
		"--classes", "gen4n_high", "--set", "simulation.max_events=50"); code != 2 || !strings.Contains(errOut, "simulation.max_events = 50") {
		t.Errorf("compare: exit %d, stderr %q", code, errOut)
	}
	if !strings.Contains(topUsage(), "simulation.max_events") || !strings.Contains(topUsage(), "70") {
		t.Error("capsim -h does not document the event budget's and internal errors' exit status")
	}
}

// listDir returns the names in dir.
func listDir(t *testing.T, dir string) []string {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	return names
}

// TestOutReusedByAnotherRun: a stream run, then a fleet run into the same
// --out directory, leave only the fleet run's files.
func TestOutReusedByAnotherRun(t *testing.T) {
	parent := t.TempDir()
	dir := filepath.Join(parent, "out")
	if code, _, errOut := capsim(t, append(slices.Clone(fastRun), "--out", dir)...); code != 0 {
		t.Fatalf("stream run: exit %d, stderr %q", code, errOut)
	}
	if _, ok := readTree(t, dir)["timeseries.csv"]; !ok {
		t.Fatal("the stream run wrote no timeseries.csv")
	}
	if code, _, errOut := capsim(t, "run", "../../scenarios/examples/fleet-buffer.toml", "--replications", "2",
		"--horizon", "3h", "--out", dir); code != 0 {
		t.Fatalf("fleet run: exit %d, stderr %q", code, errOut)
	}
	files := readTree(t, dir)
	if _, ok := files["fleet_timeseries.csv"]; !ok {
		t.Errorf("the fleet run's files are missing")
	}
	for n := range files {
		if n == "timeseries.csv" || strings.HasPrefix(n, "plots/capacity-starlight") || strings.HasPrefix(n, "plots/latency-cdf") {
			t.Errorf("%s of the stream run stayed beside the fleet run's outputs", n)
		}
	}
	if got := listDir(t, parent); !slices.Equal(got, []string{"out"}) {
		t.Errorf("beside the output: %q, want only out (no staging or old directory)", got)
	}
}

func TestOutRefusesForeignDirectory(t *testing.T) {
	dir := t.TempDir()
	mine := filepath.Join(dir, "notes.txt")
	if err := os.WriteFile(mine, []byte("keep me"), 0o644); err != nil {
		t.Fatal(err)
	}
	code, out, errOut := capsim(t, append(slices.Clone(fastRun), "--out", dir)...)
	if code != 2 || out != "" || !strings.Contains(errOut, "capsim did not write it") {
		t.Errorf("exit %d, stdout %q, stderr %q", code, out, errOut)
	}
	if got := listDir(t, dir); !slices.Equal(got, []string{"notes.txt"}) {
		t.Errorf("directory now holds %q", got)
	}
	if code, _, errOut := capsim(t, append(slices.Clone(fastRun), "--out", mine)...); code != 2 || !strings.Contains(errOut, "not a directory") {
		t.Errorf("--out a file: exit %d, stderr %q", code, errOut)
	}
}

// TestOutUnwritableFailsBeforeSimulating: the scenario's event budget
// would stop the simulation; the output error must come first.
func TestOutUnwritableFailsBeforeSimulating(t *testing.T) {
	file := writeFile(t, "plain", "x")
	code, _, errOut := capsim(t, append(slices.Clone(fastRun), "--set", "simulation.max_events=10",
		"--out", filepath.Join(file, "results"))...)
	if code != exitFailure || !strings.Contains(errOut, "--out") || strings.Contains(errOut, "event budget") {
		t.Errorf("exit %d, stderr %q: want the output error, before any simulation", code, errOut)
	}
}

// resetStaged restores the signal state after a test interrupted it.
func resetStaged(t *testing.T) {
	t.Cleanup(func() { staged = outdir.NewSet() })
}

// TestInterruptRemovesStaging: a signal during the writes removes the
// staging files and exits 130 (SIGINT) or 143 (SIGTERM); nothing is left.
func TestInterruptRemovesStaging(t *testing.T) {
	for _, sig := range []syscall.Signal{syscall.SIGINT, syscall.SIGTERM} {
		resetStaged(t)
		staged = outdir.NewSet()
		parent := t.TempDir()
		o, err := outdir.Prepare(staged, filepath.Join(parent, "out"))
		if err != nil {
			t.Fatal(err)
		}
		if err := o.Create("plots/a.svg", func(w io.Writer) error { _, err := w.Write([]byte("<svg/>")); return err }); err != nil {
			t.Fatal(err)
		}
		sigs := make(chan os.Signal, 1)
		sigs <- sig
		var stderr bytes.Buffer
		code := -1
		watchSignals(sigs, &stderr, func(c int) { code = c })
		if want := 128 + int(sig); code != want {
			t.Errorf("%v: exit %d, want %d", sig, code, want)
		}
		if got := listDir(t, parent); len(got) != 0 {
			t.Errorf("%v: left %q behind", sig, got)
		}
		// The interrupted run's remaining writes fail without recreating anything.
		if err := o.Create("plots/b.svg", func(w io.Writer) error { return nil }); err == nil {
			t.Errorf("%v: a write after the signal succeeded", sig)
		}
		if err := commit(o, "run"); err == nil {
			t.Errorf("%v: commit after the signal succeeded", sig)
		}
		if got := listDir(t, parent); len(got) != 0 {
			t.Errorf("%v: after the signal, %q appeared", sig, got)
		}
	}
}

func TestReproduceLine(t *testing.T) {
	fs := flag.NewFlagSet("run", flag.ContinueOnError)
	var f runFlags
	fs.StringVar(&f.out, "out", "", "")
	fs.BoolVar(&f.json, "json", false, "")
	f.addCommon(fs)
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"--out", "/tmp/x", "--workers", "2", "--quiet", "--seed", "7", "my file.toml"}, "capsim run --seed 7 'my file.toml'"},
		{[]string{"-out=/tmp/x", "--workers=1", "--quiet=true", "--json", "--set", "a.b=1", "f.toml"}, "capsim run --set a.b=1 f.toml"},
		{[]string{"f.toml", "--replications", "3"}, "capsim run f.toml --replications 3"},
	} {
		if got := reproduceLine("run", tc.args, fs); got != tc.want {
			t.Errorf("reproduceLine(%q) = %q, want %q", tc.args, got, tc.want)
		}
	}
}

// An empty --out is a usage error, not "no outputs" (review finding).
func TestEmptyOutIsUsageError(t *testing.T) {
	for _, cmd := range []string{"run", "compare"} {
		code, _, errOut := capsim(t, cmd, "--out", "", "--replications", "2", "--horizon", "2h")
		if code != exitInvalid || !strings.Contains(errOut, "--out needs a directory name") {
			t.Errorf("%s --out '': exit %d, stderr %q", cmd, code, errOut)
		}
	}
}

// The line-clearing escape is for a terminal only (review finding).
func TestSignalMessagePlainOffTerminal(t *testing.T) {
	resetStaged(t)
	sigs := make(chan os.Signal, 1)
	sigs <- os.Interrupt
	var buf bytes.Buffer
	code := -1
	watchSignals(sigs, &buf, func(c int) { code = c })
	if code != 130 || strings.Contains(buf.String(), "\x1b") || !strings.HasPrefix(buf.String(), "capsim: interrupt: stopped") {
		t.Errorf("exit %d, message %q", code, buf.String())
	}
}
