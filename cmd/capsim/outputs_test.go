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
	plain, profiled := filepath.Join(dir, "plain"), filepath.Join(dir, "profiled")
	cpu, mem := filepath.Join(dir, "cpu-xyzzy.prof"), filepath.Join(dir, "mem-xyzzy.prof")
	if code, _, stderr := capsim(t, append(append([]string{}, fastRun...), "--quiet", "--out", plain)...); code != 0 {
		t.Fatalf("plain run: exit %d: %s", code, stderr)
	}
	if code, _, stderr := capsim(t, append(append([]string{}, fastRun...), "--quiet", "--cpuprofile", cpu,
		"--out", profiled, "--memprofile="+mem)...); code != 0 {
		t.Fatalf("profiled run: exit %d: %s", code, stderr)
	}
	sameTrees(t, plain, profiled, "with --cpuprofile and --memprofile")
	for name, data := range readTree(t, profiled) {
		for _, s := range []string{"xyzzy", "cpuprofile", "memprofile"} {
			if bytes.Contains(data, []byte(s)) {
				t.Errorf("%s mentions %s", name, s)
			}
		}
	}
}
