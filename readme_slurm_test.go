package capsim_test

import (
	"os"
	"strings"
	"testing"
)

// The slurm-speedup block of README.md (section "Sharding", "The engines: deploy/") is
// measured by scripts/slurm-speedup.sh on a one-node Slurm cluster; the
// tests only check it is there and names its source.
func init() {
	scriptBlocks = append(scriptBlocks, "slurm-speedup")
}

// readmeBlock is the body of README.md's generated block name ("" if none).
func readmeBlock(t *testing.T, name string) string {
	t.Helper()
	data, err := os.ReadFile("README.md")
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range blockRE.FindAllStringSubmatch(string(data), -1) {
		if m[1] == name {
			return m[2]
		}
	}
	return ""
}

func TestReadmeSlurmSpeedupNamesItsSource(t *testing.T) {
	block := readmeBlock(t, "slurm-speedup")
	for _, want := range []string{"scripts/slurm-speedup.sh", "machine:", "load average", "speed-up of the array"} {
		if !strings.Contains(block, want) {
			t.Errorf("slurm-speedup block lacks %q (scripts/slurm-speedup.sh writes it)", want)
		}
	}
}
