package scenarios_test

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/capsim/capsim/scenarios"
)

// loadErr loads file and returns its error, which must be an ErrInvalid
// that stays short. (Fast: a file read to the end would be 7 GB or endless.)
func loadErr(t *testing.T, file string) string {
	t.Helper()
	sc, err := scenarios.Load(file)
	if err == nil {
		_, err = sc.Build()
	}
	if err == nil {
		t.Fatalf("%s: no error", file)
	}
	if !errors.Is(err, scenarios.ErrInvalid) {
		t.Errorf("error does not match ErrInvalid: %v", err)
	}
	if msg := err.Error(); len(msg) > 2000 {
		t.Errorf("error of %d bytes: %.200s…", len(msg), msg)
	}
	return err.Error()
}

func TestScenarioSizeLimit(t *testing.T) {
	dir := t.TempDir()
	zero := filepath.Join(dir, "zero.toml")
	if err := os.Symlink("/dev/zero", zero); err != nil {
		t.Fatal(err)
	}
	huge := filepath.Join(dir, "huge.toml")
	if err := os.WriteFile(huge, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Truncate(huge, 7<<30); err != nil { // sparse: no disk used
		t.Fatal(err)
	}
	for _, f := range []string{zero, huge} {
		if msg := loadErr(t, f); !strings.Contains(msg, f) || !strings.Contains(msg, "larger than the limit of 4 MiB") {
			t.Errorf("%s: %s", f, msg)
		}
	}
}

// checkTraceErr writes traceTOML as s.toml into a new directory after
// makeTrace has put its t.csv there, and checks that loading it fails with
// the arrivals file's field, its line 19 and frag.
func checkTraceErr(t *testing.T, makeTrace func(path string) error, frag string) {
	t.Helper()
	dir := t.TempDir()
	if err := makeTrace(filepath.Join(dir, "t.csv")); err != nil {
		t.Fatal(err)
	}
	file := filepath.Join(dir, "s.toml")
	if err := os.WriteFile(file, []byte(traceTOML), 0o644); err != nil {
		t.Fatal(err)
	}
	msg := loadErr(t, file)
	if !strings.Contains(msg, "s.toml:19: demand[0].arrivals.file: ") || !strings.Contains(msg, frag) {
		t.Errorf("got %q, want the field, its line and %q", msg, frag)
	}
}

// A trace that is /dev/zero, a sparse 7 GB file, or one endless line fails
// fast with the field, its line and the limit (or the rule it breaks).
func TestDataFileSizeLimits(t *testing.T) {
	for _, tc := range []struct {
		name string
		make func(path string) error
		frag string
	}{
		// An endless file can only be reached by a link out of the directory,
		// which is refused before anything is read.
		{"dev-zero", func(p string) error { return os.Symlink("/dev/zero", p) }, "leads outside the scenario's directory"},
		{"sparse-7GB", func(p string) error {
			if err := os.WriteFile(p, nil, 0o644); err != nil {
				return err
			}
			return os.Truncate(p, 7<<30)
		}, `"t.csv" is larger than the limit of 256 MiB`},
		{"long-line", func(p string) error {
			return os.WriteFile(p, []byte("at\n1\n"+strings.Repeat("9", 1<<20)+"\n"), 0o644)
		}, "t.csv:3: line longer than the limit of 65536 bytes"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			checkTraceErr(t, tc.make, tc.frag)
		})
	}
}

// An error quotes a short excerpt of the input, never a whole long line.
func TestErrorsQuoteShortExcerpts(t *testing.T) {
	long := strings.Repeat("x", 3<<20)
	for _, text := range []string{
		minimalTOML + long + " = 1\n", // unknown key
		strings.Replace(minimalTOML, `class = "gen4n_high"`, `class = "`+long+`"`, 1), // unknown class
		strings.Replace(minimalTOML, `horizon = "2h"`, `horizon = "`+long+`"`, 1),     // bad duration
		minimalTOML + "\x00\x1b[31m" + long,                                           // syntax error with control bytes
	} {
		err := buildTOML("bad.toml", text, nil)
		if err == nil {
			t.Fatal("no error")
		}
		msg := err.Error()
		if len(msg) > 1200 || strings.Contains(msg, strings.Repeat("x", 200)) {
			t.Errorf("error of %d bytes: %.300s", len(msg), msg)
		}
		if strings.ContainsAny(msg, "\x00\x1b") {
			t.Errorf("error writes control bytes: %q", msg)
		}
	}
}
