package main

import (
	"bytes"
	"path/filepath"
	"testing"
)

// TestProfileFlagsNotReported: --cpuprofile and --memprofile say how this
// machine runs the command, not what it computes: the outputs (report.html
// and its command line included) are byte-identical with and without them
// and name neither the flags nor the profile paths.
func TestProfileFlagsNotReported(t *testing.T) {
	dir := t.TempDir()
	runs := map[string][]string{
		"plain":    nil,
		"profiled": {"--cpuprofile", filepath.Join(dir, "cpu-xyzzy.prof"), "--memprofile=" + filepath.Join(dir, "mem-xyzzy.prof")},
	}
	for name, extra := range runs {
		args := append(append(append([]string{}, fastRun...), "--quiet", "--out", filepath.Join(dir, name)), extra...)
		if code, _, stderr := capsim(t, args...); code != 0 {
			t.Fatalf("%s run: exit %d: %s", name, code, stderr)
		}
	}
	sameTrees(t, filepath.Join(dir, "plain"), filepath.Join(dir, "profiled"), "with --cpuprofile and --memprofile")
	for file, data := range readTree(t, filepath.Join(dir, "profiled")) {
		for _, s := range []string{"xyzzy", "cpuprofile", "memprofile"} {
			if bytes.Contains(data, []byte(s)) {
				t.Errorf("%s mentions %s", file, s)
			}
		}
	}
}
