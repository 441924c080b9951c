package reports

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math"
	"sort"
	"testing"
)

// jsonNear reports the first difference between two JSON documents, with
// numbers equal within a relative 1e-9 (absolute near 0), or "" if none.
func jsonNear(path string, got, want any) string {
	switch w := want.(type) {
	case float64:
		g, ok := got.(float64)
		if !ok || math.Abs(g-w) > 1e-9*math.Max(1, math.Abs(w)) {
			return fmt.Sprintf("%s: got %v, want %v", path, got, want)
		}
	case map[string]any:
		g, ok := got.(map[string]any)
		if !ok || len(g) != len(w) {
			return fmt.Sprintf("%s: got %v, want an object of %d keys", path, got, len(w))
		}
		keys := make([]string, 0, len(w))
		for k := range w {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			if d := jsonNear(path+"."+k, g[k], w[k]); d != "" {
				return d
			}
		}
	case []any:
		g, ok := got.([]any)
		if !ok || len(g) != len(w) {
			return fmt.Sprintf("%s: got %v, want an array of %d", path, got, len(w))
		}
		for i := range w {
			if d := jsonNear(fmt.Sprintf("%s[%d]", path, i), g[i], w[i]); d != "" {
				return d
			}
		}
	default:
		if got != want {
			return fmt.Sprintf("%s: got %v, want %v", path, got, want)
		}
	}
	return ""
}

func checkJSONGolden(t *testing.T, name string, got []byte) {
	t.Helper()
	want := golden(t, name, got)
	var g, w any
	if err := json.Unmarshal(got, &g); err != nil {
		t.Fatalf("output is not JSON: %v", err)
	}
	if err := json.Unmarshal(want, &w); err != nil {
		t.Fatalf("golden %s is not JSON: %v", name, err)
	}
	if d := jsonNear("$", g, w); d != "" {
		t.Errorf("%s: %s", name, d)
	}
}

func TestSummaryJSONGolden(t *testing.T) {
	var buf bytes.Buffer
	if err := summarize(t, synthetic()).WriteJSON(&buf); err != nil {
		t.Fatal(err)
	}
	checkJSONGolden(t, "summary.golden.json", buf.Bytes())
}

func TestCompareGolden(t *testing.T) {
	c := testComparison()
	c.Judge()
	var js, cs bytes.Buffer
	if err := c.WriteJSON(&js); err != nil {
		t.Fatal(err)
	}
	checkJSONGolden(t, "compare.golden.json", js.Bytes())
	if err := WriteCompareCSV(&cs, c); err != nil {
		t.Fatal(err)
	}
	got, want := readCSV(t, cs.Bytes()), readCSV(t, golden(t, "compare.golden.csv", cs.Bytes()))
	if len(got) != len(want) {
		t.Fatalf("%d records, golden %d", len(got), len(want))
	}
	for i := range got {
		if len(got[i]) != len(want[i]) {
			t.Fatalf("record %d: %d fields, golden %d", i, len(got[i]), len(want[i]))
		}
		for j := range got[i] {
			var g, w float64
			_, e1 := fmt.Sscan(got[i][j], &g)
			_, e2 := fmt.Sscan(want[i][j], &w)
			if e1 == nil && e2 == nil {
				if math.Abs(g-w) > 1e-9*math.Max(1, math.Abs(w)) {
					t.Errorf("record %d field %s = %s, golden %s", i, CompareCSVHeader[j], got[i][j], want[i][j])
				}
			} else if got[i][j] != want[i][j] {
				t.Errorf("record %d field %s = %q, golden %q", i, CompareCSVHeader[j], got[i][j], want[i][j])
			}
		}
	}
}

// TestJSONNear makes sure the tolerant comparison can fail.
func TestJSONNear(t *testing.T) {
	var a, b any
	_ = json.Unmarshal([]byte(`{"x":[1,2,{"y":null}],"z":"s"}`), &a)
	for _, other := range []string{`{"x":[1,2.1,{"y":null}],"z":"s"}`, `{"x":[1,2,{"y":0}],"z":"s"}`,
		`{"x":[1,2],"z":"s"}`, `{"x":[1,2,{"y":null}],"z":"t"}`, `{"x":[1,2,{"y":null}]}`} {
		_ = json.Unmarshal([]byte(other), &b)
		if jsonNear("$", b, a) == "" {
			t.Errorf("%s passes as equal to the reference", other)
		}
	}
	_ = json.Unmarshal([]byte(`{"z":"s","x":[1,2.0000000000001,{"y":null}]}`), &b)
	if d := jsonNear("$", b, a); d != "" {
		t.Errorf("within tolerance but: %s", d)
	}
}
