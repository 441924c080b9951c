package capsim_test

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// The sharding section of README.md: a deterministic example (a sweep as
// three shards, merged and compared with the unsharded sweep), and the
// sizing block scripts/readme-shard.sh measures on a named machine.
func init() {
	readmeBlocks["shard-example"] = shardExampleBlock
	scriptBlocks["shard-sizing"] = []string{"scripts/readme-shard.sh", "machine:", "capsim merge of 1,000 points:", "estimate: 10,000 points", "bottleneck"}
}

// shardExampleBlock runs a 3-point sweep unsharded and as 3 shards (its 5
// replications cut into blocks so that every shard has work), merges, and
// prints the session with the comparison of every output file.
func shardExampleBlock(t *testing.T) string {
	capsim(t, "run", "--replications", "1", "--horizon", "2h") // builds capsimBin
	dir := t.TempDir()
	design := []string{"sweep", "--replications", "5", "--horizon", "6h",
		"--vary", "stream_group[0].location[0].target_idle=0,2,4", "--require", "total.placement_latency_seconds.p95<=30"}
	var b strings.Builder
	run := func(show bool, args ...string) {
		cmd := exec.Command(capsimBin, args...)
		cmd.Dir = dir
		var stderr bytes.Buffer
		cmd.Stderr = &stderr
		out, err := cmd.Output()
		if err != nil {
			t.Fatalf("capsim %v: %v\n%s", args, err, stderr.String())
		}
		if show {
			fmt.Fprintf(&b, "$ capsim %s\n%s", quoteArgs(args), out)
		}
	}
	run(false, append(design, "--quiet", "--out", "whole")...)
	b.WriteString("```\n")
	for i := range 3 {
		run(true, append(design, "--out", "sw", "--shard", fmt.Sprintf("%d/3", i))...)
	}
	run(true, "merge", "sw")
	var same, differ []string
	err := filepath.WalkDir(filepath.Join(dir, "whole"), func(path string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() || strings.Contains(path, "/points/") {
			return err
		}
		rel, _ := filepath.Rel(filepath.Join(dir, "whole"), path)
		a, _ := os.ReadFile(path)
		m, err := os.ReadFile(filepath.Join(dir, "sw", rel))
		if err == nil && bytes.Equal(a, m) {
			same = append(same, rel)
		} else {
			differ = append(differ, rel)
		}
		return nil
	})
	if err != nil || len(differ) > 0 || len(same) < 5 {
		t.Fatalf("merged outputs differ from the unsharded sweep's: %v (%v)", differ, err)
	}
	slices.Sort(same)
	top := slices.DeleteFunc(slices.Clone(same), func(f string) bool { return strings.HasPrefix(f, "plots/") })
	fmt.Fprintf(&b, "$ # against: capsim %s --out whole\n%d files byte-identical: %s and %d plots; 0 differ\n```\n",
		quoteArgs(design), len(same), strings.Join(top, ", "), len(same)-len(top))
	return b.String()
}

// quoteArgs joins args, quoting those a shell would split.
func quoteArgs(args []string) string {
	q := make([]string, len(args))
	for i, a := range args {
		q[i] = a
		if strings.ContainsAny(a, "[]<>=*, ") && strings.Contains(a, "=") {
			q[i] = "'" + a + "'"
		}
	}
	return strings.Join(q, " ")
}
