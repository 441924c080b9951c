package manifesttest

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"testing"

	batchv1 "k8s.io/api/batch/v1"
)

// TestKubernetesJobsRun runs the sweep Job's command line once per index
// with JOB_COMPLETION_INDEX set, as the Indexed Job does, then the merge
// Job's, and compares the merged outputs with the same sweep unsharded.
func TestKubernetesJobsRun(t *testing.T) {
	sweep := decodeFile[*batchv1.Job](t, sweepFile)
	merge := decodeFile[*batchv1.Job](t, mergeFile)
	sc, mc := capsimContainer(t, sweep), capsimContainer(t, merge)
	dir := t.TempDir()
	box := sandbox{}
	for _, m := range sc.VolumeMounts {
		box[m.MountPath] = filepath.Join(dir, m.Name)
		if err := os.MkdirAll(box[m.MountPath], 0o755); err != nil {
			t.Fatal(err)
		}
	}
	copyScenario(t, filepath.Join(dir, "scenario", "scenario.toml"))

	args := append(box.local(append(sc.Command, sc.Args...)), fast...)
	var envs [][]string
	for i := range int(*sweep.Spec.Completions) {
		envs = append(envs, engineEnv(fmt.Sprintf("JOB_COMPLETION_INDEX=%d", i)))
	}
	runShards(t, args, envs, int(*sweep.Spec.Parallelism))
	capsim(t, box.local(append(mc.Command, mc.Args...)), engineEnv())

	unsharded := filepath.Join(dir, "unsharded")
	plain := withoutFlag(args, shardsFlag)
	capsim(t, append(withoutFlag(plain, "--out"), "--out", unsharded), engineEnv())
	sameOutputs(t, unsharded, box.local([]string{flagValue(sc.Args, "--out")})[0])
}

// batchJobDefinition is the part of an AWS Batch job definition the test
// reads (the file is decoded leniently: no AWS types here).
type batchJobDefinition struct {
	ContainerProperties struct {
		Command     []string
		MountPoints []struct{ SourceVolume, ContainerPath string }
	}
}

// shardingPage is the page that shows the engines' commands.
const shardingPage = "docs/ci-and-sharding.md"

// readmeMergeOverride is the command of the merge job the sharding page
// (docs/ci-and-sharding.md, linked from README.md) submits to AWS Batch
// (--container-overrides '{"command": [...]}').
func readmeMergeOverride(t *testing.T) []string {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(repoRoot, shardingPage))
	if err != nil {
		t.Fatal(err)
	}
	m := regexp.MustCompile(`--container-overrides '(\{.*\})'`).FindSubmatch(data)
	if m == nil {
		t.Fatal(shardingPage + ": no AWS Batch merge submitted with --container-overrides '{...}'")
	}
	var o struct{ Command []string }
	if err := json.Unmarshal(m[1], &o); err != nil {
		t.Fatalf("%s: --container-overrides: %v", shardingPage, err)
	}
	return o.Command
}

// TestAWSBatchJobDefinitionRuns runs the job definition's command as the
// children of an array job of size 3 do (AWS_BATCH_JOB_ARRAY_INDEX and
// AWS_BATCH_JOB_ARRAY_SIZE), then the merge the sharding page submits with a
// command override, and compares with the sweep unsharded.
func TestAWSBatchJobDefinitionRuns(t *testing.T) {
	data, err := os.ReadFile("../../aws-batch/job-definition.json")
	if err != nil {
		t.Fatal(err)
	}
	var def batchJobDefinition
	if err := json.Unmarshal(data, &def); err != nil {
		t.Fatalf("job-definition.json: %v", err)
	}
	cp := def.ContainerProperties
	dir := t.TempDir()
	box := sandbox{}
	for _, m := range cp.MountPoints {
		box[m.ContainerPath] = filepath.Join(dir, m.SourceVolume)
	}
	copyScenario(t, box.local([]string{"/results/scenario.toml"})[0])

	const size = 3 // does not divide the sweep's 16 points
	args := append(box.local(cp.Command), fast...)
	var envs [][]string
	for i := range size {
		envs = append(envs, engineEnv("AWS_BATCH_JOB_ARRAY_INDEX="+strconv.Itoa(i), "AWS_BATCH_JOB_ARRAY_SIZE="+strconv.Itoa(size)))
	}
	runShards(t, args, envs, size)
	out := flagValue(args, "--out")
	capsim(t, box.local(readmeMergeOverride(t)), engineEnv())

	unsharded := filepath.Join(dir, "unsharded")
	capsim(t, append(withoutFlag(args, "--out"), "--out", unsharded), engineEnv())
	sameOutputs(t, unsharded, out)
}
