package shard

import (
	"errors"
	"strings"
	"testing"
)

// The shard comes from --shard, or from one engine's environment (with
// --shards for the count where the engine gives none); anything partial,
// conflicting or out of range is a usage error naming the variable or flag.
func TestResolve(t *testing.T) {
	for _, tc := range []struct {
		name   string
		shard  string
		shards int
		env    map[string]string
		want   string // "I/N from SOURCE", "" unsharded, or "error: TEXT"
	}{
		{None, "", 0, nil, ""},
		{"flag", "2/7", 0, nil, "2/7 from --shard"},
		{"flag beats env", "0/2", 0, map[string]string{envSlurmID: "5"}, "0/2 from --shard"},
		{"flag out of range", "7/7", 0, nil, "error: --shard: shard \"7/7\": want I/N"},
		{"flag and shards", "1/2", 2, nil, "error: --shard I/N and --shards N"},
		{"k8s", "", 4, map[string]string{envK8sIndex: "3"}, "3/4 from JOB_COMPLETION_INDEX"},
		{"k8s without count", "", 0, map[string]string{envK8sIndex: "3"}, "error: JOB_COMPLETION_INDEX is set (a Kubernetes Indexed Job) but Kubernetes exports no count: give --shards N"},
		{"k8s out of range", "", 3, map[string]string{envK8sIndex: "3"}, "error: JOB_COMPLETION_INDEX gives shard 3, not one of 0 to 2"},
		{"aws", "", 0, map[string]string{envAWSIndex: "0", envAWSSize: "5"}, "0/5 from AWS_BATCH_JOB_ARRAY_INDEX"},
		{"aws without size", "", 0, map[string]string{envAWSIndex: "1"}, "error: AWS_BATCH_JOB_ARRAY_SIZE is not set"},
		{"aws with shards", "", 9, map[string]string{envAWSIndex: "8", envAWSSize: "2"}, "8/9 from AWS_BATCH_JOB_ARRAY_INDEX"},
		{"aws bad index", "", 0, map[string]string{envAWSIndex: "x", envAWSSize: "2"}, "error: AWS_BATCH_JOB_ARRAY_INDEX=\"x\": want a whole number"},
		{"slurm", "", 0, map[string]string{envSlurmID: "3", envSlurmMin: "1", envSlurmMax: "4", envSlurmCount: "4"}, "2/4 from SLURM_ARRAY_TASK_ID"},
		{"slurm no min", "", 0, map[string]string{envSlurmID: "3", envSlurmCount: "4"}, "error: SLURM_ARRAY_TASK_MIN is not set"},
		{"slurm no count", "", 0, map[string]string{envSlurmID: "3", envSlurmMin: "0"}, "error: SLURM_ARRAY_TASK_COUNT is not set"},
		{"slurm sparse", "", 0, map[string]string{envSlurmID: "5", envSlurmMin: "2", envSlurmMax: "5", envSlurmCount: "2"}, "error: SLURM_ARRAY_TASK_MIN=2, SLURM_ARRAY_TASK_MAX=5 and SLURM_ARRAY_TASK_COUNT=2: not a contiguous --array"},
		{"slurm stepped", "", 0, map[string]string{envSlurmID: "2", envSlurmMin: "0", envSlurmCount: "3", envSlurmStep: "2"}, "error: SLURM_ARRAY_TASK_STEP=2"},
		{"slurm rerun", "", 7, map[string]string{envSlurmID: "5", envSlurmMin: "2", envSlurmMax: "5", envSlurmCount: "2"}, "5/7 from SLURM_ARRAY_TASK_ID"},
		{"two engines", "", 0, map[string]string{envSlurmID: "1", envAWSIndex: "1"}, "error: AWS_BATCH_JOB_ARRAY_INDEX and SLURM_ARRAY_TASK_ID are both set"},
		{"shards alone", "", 3, nil, "error: --shards 3: none of JOB_COMPLETION_INDEX"},
		{"shards negative", "", -1, nil, "error: --shards -1"},
		{"empty k8s is unset", "", 0, map[string]string{envK8sIndex: ""}, ""},
		{"empty index is unset", "", 0, map[string]string{envK8sIndex: " ", envAWSIndex: "", envSlurmID: ""}, ""},
		{"empty beside one engine", "", 0, map[string]string{envK8sIndex: "", envAWSIndex: "1", envAWSSize: "2"}, "1/2 from AWS_BATCH_JOB_ARRAY_INDEX"},
		{"empty size is unset", "", 0, map[string]string{envAWSIndex: "1", envAWSSize: ""}, "error: AWS_BATCH_JOB_ARRAY_SIZE is not set"},
		{"empty slurm max and step", "", 0, map[string]string{envSlurmID: "3", envSlurmMin: "1", envSlurmCount: "4", envSlurmMax: "", envSlurmStep: ""}, "2/4 from SLURM_ARRAY_TASK_ID"},
		{"empty with shards", "", 3, map[string]string{envK8sIndex: ""}, "error: --shards 3: none of JOB_COMPLETION_INDEX"},
		{None, None, 0, map[string]string{envSlurmID: "1", envSlurmMin: "0", envSlurmCount: "3"}, ""},
		{"none beside a bad engine", None, 0, map[string]string{envK8sIndex: "x", envAWSIndex: "1"}, ""},
		{"none and shards", None, 3, map[string]string{envK8sIndex: "1"}, "error: --shard none and --shards N: give one of them"},
		{"flag bad names none", "x", 0, nil, "error: --shard: shard \"x\": want I/N, N from 1 to 100000 and I from 0 to N-1, or none (unsharded)"},
	} {
		s, err := Resolve(tc.shard, tc.shards, func(k string) (string, bool) { v, ok := tc.env[k]; return v, ok })
		got := ""
		switch {
		case err != nil:
			got = "error: " + err.Error()
			if !errors.Is(err, ErrShard) {
				t.Errorf("%s: %v is not an ErrShard", tc.name, err)
			}
		case s != nil:
			got = s.Shard.String() + " from " + s.From
		}
		if got != tc.want && !(strings.HasPrefix(tc.want, "error: ") && strings.HasPrefix(got, tc.want)) &&
			!(strings.HasPrefix(tc.want, "error: ") && strings.Contains(got, strings.TrimPrefix(tc.want, "error: "))) {
			t.Errorf("%s: got %q, want %q", tc.name, got, tc.want)
		}
	}
}
