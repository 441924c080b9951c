package capsim_test

import (
	"os"
	"regexp"
	"sort"
	"strings"
	"testing"

	"github.com/capsim/capsim/scenarios"
)

// sourceKeyRE matches the source keys the documents cite: S000–S004, A1…,
// G1…, G8b, F2…, K1…, L1–L3 (not L4: the NVIDIA GPU), q1….
var sourceKeyRE = regexp.MustCompile(`\b(S00[0-9]|A[0-9]{1,2}|G[0-9]{1,2}b?|F[0-9]{1,2}|K[0-9]|L[1-3]|q[0-9]{1,2})\b`)

// TestSourceKeysResolve checks that every source key cited in README.md,
// the docs/ pages (docs/scenario-reference.md among them),
// scenarios/FLEETS.md and the assumption table
// has a row in docs/sources.md,
// so a clone of the repository resolves them without the project's shared
// folder.
func TestSourceKeysResolve(t *testing.T) {
	data, err := os.ReadFile("docs/sources.md")
	if err != nil {
		t.Fatal(err)
	}
	defined := map[string]bool{}
	for _, m := range regexp.MustCompile(`(?m)^\| (\S+) \|`).FindAllStringSubmatch(string(data), -1) {
		defined[m[1]] = true
	}
	cited := map[string][]string{} // key -> where
	for _, file := range append(docFiles(t), "scenarios/FLEETS.md") {
		text, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		if strings.Contains(string(text), "../shared") {
			t.Errorf("%s points at ../shared; cite docs/sources.md", file)
		}
		for _, k := range citedKeys(string(text)) {
			cited[k] = append(cited[k], file)
		}
	}
	for _, a := range scenarios.Assumptions() {
		where := "assumption " + a.Section + "." + a.Key
		for _, k := range a.Sources {
			cited[k] = append(cited[k], where)
		}
		for _, k := range citedKeys(a.Note) {
			cited[k] = append(cited[k], where)
		}
	}
	if len(cited) < 20 {
		t.Fatalf("found only %d cited keys: the pattern is broken", len(cited))
	}
	var missing []string
	for k, where := range cited {
		if !defined[k] {
			missing = append(missing, k+" (cited in "+strings.Join(where, ", ")+")")
		}
	}
	sort.Strings(missing)
	for _, m := range missing {
		t.Errorf("docs/sources.md does not define %s", m)
	}
}

// citedKeys returns the source keys in text, skipping code spans and
// fenced blocks, where names such as stream classes' parts are not keys.
func citedKeys(text string) []string {
	text = regexp.MustCompile("(?s)```.*?```").ReplaceAllString(text, "")
	text = regexp.MustCompile("`[^`\n]*`").ReplaceAllString(text, "")
	return sourceKeyRE.FindAllString(text, -1)
}

func TestCitedKeysSkipsCode(t *testing.T) {
	got := citedKeys("see S004 and q6; `gen6n_pro` `A99`\n```\nK9\n```\nG8b")
	if strings.Join(got, ",") != "S004,q6,G8b" {
		t.Errorf("citedKeys = %v", got)
	}
}
