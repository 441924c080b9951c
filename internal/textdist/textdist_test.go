package textdist

import "testing"

// TestLevenshtein checks known distances, both ways round.
func TestLevenshtein(t *testing.T) {
	distances := map[[2]string]int{
		{"", ""}: 0, {"", "abc"}: 3, {"seed", "seed"}: 0, {"sead", "seed"}: 1,
		{"kitten", "sitting"}: 3, {"always_on", "alwayson"}: 1, {"flaw", "lawn"}: 2,
	}
	for ab, want := range distances {
		for _, p := range [][2]string{ab, {ab[1], ab[0]}} {
			if got := Levenshtein(p[0], p[1]); got != want {
				t.Errorf("Levenshtein(%q, %q) = %d, want %d", p[0], p[1], got, want)
			}
		}
	}
}
