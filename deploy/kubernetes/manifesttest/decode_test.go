package manifesttest

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	batchv1 "k8s.io/api/batch/v1"
	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/runtime/serializer/json"
)

// The manifests, relative to this directory.
const (
	pvcFile   = "../pvc.yaml"
	sweepFile = "../sweep-job.yaml"
	mergeFile = "../merge-job.yaml"
)

// codec decodes YAML the way the API server does with strict field
// validation: apiVersion and kind must name a registered type, and an
// unknown field, a field in the wrong case, a duplicated field or a value of
// the wrong type is an error.
func codec(t *testing.T) runtime.Decoder {
	t.Helper()
	scheme := runtime.NewScheme()
	for _, add := range []func(*runtime.Scheme) error{batchv1.AddToScheme, corev1.AddToScheme} {
		if err := add(scheme); err != nil {
			t.Fatal(err)
		}
	}
	return json.NewSerializerWithOptions(json.DefaultMetaFactory, scheme, scheme,
		json.SerializerOptions{Yaml: true, Strict: true})
}

// decode decodes one manifest strictly; the error names what is wrong.
func decode(t *testing.T, data []byte) (runtime.Object, error) {
	t.Helper()
	obj, _, err := codec(t).Decode(data, nil, nil)
	return obj, err
}

func decodeFile[T runtime.Object](t *testing.T, name string) T {
	t.Helper()
	data, err := os.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	obj, err := decode(t, data)
	if err != nil {
		t.Fatalf("%s: %v", filepath.Base(name), err)
	}
	typed, ok := obj.(T)
	if !ok {
		t.Fatalf("%s: decoded a %T, want a %T", filepath.Base(name), obj, *new(T))
	}
	return typed
}

func TestManifestsDecodeStrictly(t *testing.T) {
	decodeFile[*corev1.PersistentVolumeClaim](t, pvcFile)
	decodeFile[*batchv1.Job](t, sweepFile)
	decodeFile[*batchv1.Job](t, mergeFile)
}

// TestStrictDecodingRejects shows the decoder used above fails on the
// mistakes a hand-written manifest makes: each edit of the sweep Job must be
// refused, with the offending field or value in the message.
func TestStrictDecodingRejects(t *testing.T) {
	data, err := os.ReadFile(sweepFile)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct{ from, to, want string }{
		{"completionMode: Indexed", "completionMod: Indexed", "completionMod"},
		{"completionMode: Indexed", "CompletionMode: Indexed", "CompletionMode"},
		{"backoffLimitPerIndex: 2", "backoffLimitPerIndex: two", "backoffLimitPerIndex"},
		{"parallelism: 4", "parallelism: 4\n  parallelism: 5", "parallelism"},
		{"          volumeMounts:", "          volumeMount:", "volumeMount"},
		{"apiVersion: batch/v1", "apiVersion: batch/v2", "batch/v2"},
	} {
		edited := strings.Replace(string(data), c.from, c.to, 1)
		if edited == string(data) {
			t.Fatalf("%s lacks %q: update this test with the manifest", sweepFile, c.from)
		}
		_, err := decode(t, []byte(edited))
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%q → %q: error %v, want one naming %q", c.from, c.to, err, c.want)
		}
	}
}
