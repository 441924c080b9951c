package capsim_test

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// The bench block of README.md: capsim bench on the default scenario as
// given and with no target-idle or always-on capacity at its primary
// location, compared by go tool benchstat (built from the module's tool
// dependency). The machine's configuration lines (goos, goarch, cpu) are
// left out so that the block is the same on every machine; no timing is
// shown.
func init() {
	readmeBlocks["bench-benchstat"] = benchBlock
}

const benchSet = "--set stream_group[0].location[0].target_idle=0 --set stream_group[0].location[0].always_on=0"

func benchBlock(t *testing.T) string {
	capsim(t, "run", "--replications", "1", "--horizon", "2h") // builds capsimBin
	dir := t.TempDir()
	bench := func(name string, extra ...string) {
		args := append([]string{"bench", "--replications", "10"}, extra...)
		out, err := exec.Command(capsimBin, append(args, "scenarios/default.toml")...).Output()
		if err != nil {
			t.Fatalf("capsim bench: %v", err)
		}
		if err := os.WriteFile(filepath.Join(dir, name), out, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	bench("old.txt")
	bench("new.txt", strings.Fields(benchSet)...)
	benchstat := filepath.Join(dir, "benchstat")
	if out, err := exec.Command("go", "build", "-o", benchstat, "golang.org/x/perf/cmd/benchstat").CombinedOutput(); err != nil {
		t.Fatalf("go build benchstat: %v\n%s", err, out)
	}
	const filter = "/location:total .unit:(placement_latency_seconds.mean OR placement_failure_ratio OR idle_cost_usd)"
	cmd := exec.Command(benchstat, "-filter", filter, "old.txt", "new.txt")
	cmd.Dir = dir
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("benchstat: %v", err)
	}
	var lines []string
	for _, l := range strings.Split(strings.TrimRight(string(out), "\n"), "\n") {
		if !strings.HasPrefix(l, "goos:") && !strings.HasPrefix(l, "goarch:") && !strings.HasPrefix(l, "cpu:") {
			lines = append(lines, l)
		}
	}
	return "```\n$ capsim bench --replications 10 scenarios/default.toml > old.txt\n" +
		"$ capsim bench --replications 10 " + benchSet + " scenarios/default.toml > new.txt\n" +
		"$ go tool benchstat -filter '" + filter + "' old.txt new.txt\n" + strings.Join(lines, "\n") + "\n```\n"
}
