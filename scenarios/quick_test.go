package scenarios

import "testing"

func TestQuickBuildAll(t *testing.T) {
	sc, err := Default()
	if err != nil {
		t.Fatal(err)
	}
	if _, err := sc.Build(); err != nil {
		t.Fatal(err)
	}
	for _, n := range Examples() {
		sc, err := Example(n)
		if err != nil {
			t.Fatal(n, err)
		}
		if _, err := sc.Build(); err != nil {
			t.Fatal(n, err)
		}
	}
}
