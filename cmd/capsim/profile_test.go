package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestRunProfiles: --cpuprofile and --memprofile write gzipped pprof
// profiles (go tool pprof reads them) and leave the run's output as it is
// without them; a profile path that cannot be created fails with exit 1
// before anything is simulated, naming the flag.
func TestRunProfiles(t *testing.T) {
	dir := t.TempDir()
	cpu, mem := filepath.Join(dir, "cpu.prof"), filepath.Join(dir, "mem.prof")
	code, plain, errOut := capsim(t, fastRun...)
	if code != 0 {
		t.Fatalf("plain run: exit %d: %s", code, errOut)
	}
	code, out, errOut := capsim(t, append(append([]string{}, fastRun...), "--cpuprofile", cpu, "--memprofile", mem)...)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	if out != plain {
		t.Errorf("profiling changed the output:\n%s\nwant\n%s", out, plain)
	}
	for _, f := range []string{cpu, mem} {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.HasPrefix(b, []byte{0x1f, 0x8b}) {
			t.Errorf("%s: %d bytes, not a gzipped pprof profile", f, len(b))
		}
	}
	for _, flag := range []string{"--cpuprofile", "--memprofile"} {
		code, out, errOut := capsim(t, append(append([]string{}, fastRun...), flag, filepath.Join(dir, "no", "such", "dir", "x.prof"))...)
		if code != 1 || out != "" || !strings.Contains(errOut, flag) {
			t.Errorf("%s in a missing directory: exit %d (want 1), stdout %q, stderr %q (want the flag named)", flag, code, out, errOut)
		}
	}
}
