package capsim_test

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/capsim/capsim/internal/testutil"
)

// The sweep and sensitivity blocks of README.md: the commands' own tables,
// without the last line (it names the temporary output directory).
func init() {
	readmeBlocks["sweep-default"] = sweepBlock
	readmeBlocks["sensitivity-default"] = func(t *testing.T) string {
		b := experimentBlock(t, "capsim sensitivity --replications 20 --metric total.cost_usd --out sens",
			"sensitivity", "--replications", "20", "--metric", "total.cost_usd")
		return b + "The default scenario's bill depends most on " + topThree(b) + ".\n"
	}
	readmeBlocks["sensitivity-wait"] = func(t *testing.T) string {
		b := experimentBlock(t, "capsim sensitivity --metric total.time_to_first_frame_seconds.p95 --out sens",
			"sensitivity", "--metric", "total.time_to_first_frame_seconds.p95")
		return b + "The default scenario's p95 wait to first frame depends most on " + topThree(b) + ".\n"
	}
	readmeBlocks["sensitivity-cold"] = func(t *testing.T) string {
		b := experimentBlock(t, "capsim sensitivity scenarios/examples/cold-start.toml --metric total.placement_failure_ratio --out sens",
			"sensitivity", "scenarios/examples/cold-start.toml", "--metric", "total.placement_failure_ratio")
		return b + "Where every request waits for new capacity, the failure ratio depends most on " + topThree(b) + ".\n"
	}
}

const sweepArgs = `--vary 'stream_group[0].location[0].target_idle=0,2,4,8' --vary 'stream_group[0].location[0].always_on=10..40:10' --require 'total.time_to_first_frame_seconds.p95<=60'`

func sweepBlock(t *testing.T) string {
	return experimentBlock(t, "capsim sweep "+sweepArgs+" --out sweep", "sweep",
		"--vary", "stream_group[0].location[0].target_idle=0,2,4,8",
		"--vary", "stream_group[0].location[0].always_on=10..40:10",
		"--require", "total.time_to_first_frame_seconds.p95<=60")
}

// experimentBlock runs capsim with args and --out in a fresh directory and
// returns shown (the command a reader types) and its output as a code block.
func experimentBlock(t *testing.T, shown string, args ...string) string {
	out := string(capsim(t, append(args, "--out", filepath.Join(t.TempDir(), "out"))...))
	lines := strings.Split(strings.TrimRight(out, "\n"), "\n")
	if n := len(lines); n > 0 && strings.Contains(lines[n-1], "wrote ") {
		lines = lines[:n-1]
	}
	return "```\n$ " + shown + "\n" + strings.Join(lines, "\n") + "\n```\n"
}

// topThree names the first three assumptions of a sensitivity table, in
// rank order: "`a`, `b` and `c`".
func topThree(block string) string {
	var names []string
	for _, l := range strings.Split(block, "\n") {
		f := strings.Fields(l)
		if len(f) > 1 && (f[0] == "1." || f[0] == "2." || f[0] == "3.") && len(names) < 3 {
			names = append(names, "`"+f[1]+"`")
		}
	}
	if len(names) < 3 {
		return strings.Join(names, " and ")
	}
	return names[0] + ", " + names[1] + " and " + names[2]
}

// readmeImages are the figures README.md shows, each copied from the
// outputs of the command of its block: docs/img/NAME is out/plots/FILE.
var readmeImages = []struct {
	name, file string
	args       []string
}{
	{"sweep-pareto.png", "sweep-pareto.png", []string{"sweep",
		"--vary", "stream_group[0].location[0].target_idle=0,2,4,8",
		"--vary", "stream_group[0].location[0].always_on=10..40:10",
		"--require", "total.time_to_first_frame_seconds.p95<=60"}},
	{"tornado-cold-start.png", "tornado-total-placement-failure-ratio.png", []string{"sensitivity",
		"scenarios/examples/cold-start.toml", "--metric", "total.placement_failure_ratio"}},
}

// TestReadmeImages keeps docs/img in step with the commands that draw the
// figures (deterministic, byte for byte); -update rewrites them.
func TestReadmeImages(t *testing.T) {
	longUnlessUpdate(t)
	for _, im := range readmeImages {
		out := filepath.Join(t.TempDir(), "out")
		capsim(t, append(im.args, "--out", out)...)
		got, err := os.ReadFile(filepath.Join(out, "plots", im.file))
		if err != nil {
			t.Fatal(err)
		}
		path := filepath.Join("docs", "img", im.name)
		if want := testutil.Golden(t, path, got, *update); !bytes.Equal(got, want) {
			t.Errorf("%s is stale (go test ./ -run TestReadmeImages -update rewrites it)", path)
		}
	}
}
