// Package manifesttest checks capsim's deployment examples: the Kubernetes
// manifests in deploy/kubernetes decode strictly (unknown or misspelled
// fields rejected) into the k8s.io/api batch/v1 and core/v1 types and fit
// together (the shared claim, the shard count), and the capsim command lines
// in them and in deploy/aws-batch/job-definition.json run: each shard with
// the environment its engine sets, then the merge, whose outputs must be
// byte-identical to the same sweep unsharded.
//
// It is a module of its own so that the Kubernetes API packages stay out of
// capsim's module; `go test ./...` at the repository root does not enter it,
// .ci/run runs it: cd deploy/kubernetes/manifesttest && go test -count=1 ./...
// (-count=1: go test's cache does not see the parent module it builds).
package manifesttest
