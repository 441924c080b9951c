package manifesttest

import (
	"slices"
	"strconv"
	"strings"
	"testing"

	batchv1 "k8s.io/api/batch/v1"
	corev1 "k8s.io/api/core/v1"
)

// shardsFlag is capsim's flag for the shard count of a Kubernetes Indexed
// Job, whose pods are given only their index (JOB_COMPLETION_INDEX).
const shardsFlag = "--shards"

// capsimContainer is the Job's one container, named capsim.
func capsimContainer(t *testing.T, job *batchv1.Job) corev1.Container {
	t.Helper()
	cs := job.Spec.Template.Spec.Containers
	if len(cs) != 1 || cs[0].Name != "capsim" {
		t.Fatalf("job %s: want one container named capsim, have %d", job.Name, len(cs))
	}
	return cs[0]
}

// flagValue is the value following flag in args ("" if absent).
func flagValue(args []string, flag string) string {
	i := slices.Index(args, flag)
	if i < 0 || i+1 >= len(args) {
		return ""
	}
	return args[i+1]
}

// claimMount is the path where the container mounts the claim.
func claimMount(job *batchv1.Job, c corev1.Container, claim string) string {
	for _, v := range job.Spec.Template.Spec.Volumes {
		if v.PersistentVolumeClaim == nil || v.PersistentVolumeClaim.ClaimName != claim {
			continue
		}
		for _, m := range c.VolumeMounts {
			if m.Name == v.Name {
				return m.MountPath
			}
		}
	}
	return ""
}

// TestManifestsFitTogether checks what kubectl would accept but the run
// would not survive: the sweep Job is Indexed with per-index retries, its
// shard count is its completions, every shard and the merge mount the one
// shared claim, and the merge reads the directory the shards write.
func TestManifestsFitTogether(t *testing.T) {
	pvc := decodeFile[*corev1.PersistentVolumeClaim](t, pvcFile)
	sweep := decodeFile[*batchv1.Job](t, sweepFile)
	merge := decodeFile[*batchv1.Job](t, mergeFile)
	s := sweep.Spec
	if s.CompletionMode == nil || *s.CompletionMode != batchv1.IndexedCompletion {
		t.Error("sweep job: completionMode is not Indexed")
	}
	if s.Completions == nil || s.Parallelism == nil || *s.Parallelism > *s.Completions {
		t.Error("sweep job: completions and parallelism ≤ completions are required")
	}
	if s.BackoffLimitPerIndex == nil || s.Template.Spec.RestartPolicy != corev1.RestartPolicyNever {
		t.Error("sweep job: backoffLimitPerIndex with restartPolicy Never is required")
	}
	if !slices.Contains(pvc.Spec.AccessModes, corev1.ReadWriteMany) {
		t.Error("pvc: pods on several nodes write at once: ReadWriteMany is required")
	}
	sc, mc := capsimContainer(t, sweep), capsimContainer(t, merge)
	if sc.Image != mc.Image || !slices.Equal(sc.Command, []string{"capsim"}) || !slices.Equal(mc.Command, sc.Command) {
		t.Errorf("sweep and merge must run the same image's capsim: %s %v, %s %v", sc.Image, sc.Command, mc.Image, mc.Command)
	}
	if n := flagValue(sc.Args, shardsFlag); s.Completions == nil || n != strconv.Itoa(int(*s.Completions)) {
		t.Errorf("sweep job: %s %q differs from completions", shardsFlag, n)
	}
	out := flagValue(sc.Args, "--out")
	mount := claimMount(sweep, sc, pvc.Name)
	if mount == "" || !strings.HasPrefix(out, mount+"/") {
		t.Errorf("sweep job: --out %q is not on the claim %s (mounted at %q)", out, pvc.Name, mount)
	}
	if claimMount(merge, mc, pvc.Name) != mount {
		t.Errorf("merge job: mounts the claim %s at %q, the shards at %q", pvc.Name, claimMount(merge, mc, pvc.Name), mount)
	}
	if !slices.Equal(mc.Args, []string{"merge", out}) {
		t.Errorf("merge job: args %v, want [merge %s]", mc.Args, out)
	}
}
