package scenarios

import (
	"strings"
	"testing"
)

// TestAssumptionEndsOnlyOfTheScenariosOS: a scenario whose stream groups
// all run Linux does not vary a Windows-only assumption (it would move
// nothing and read as a measured zero), and the reverse; one running both
// varies both.
func TestAssumptionEndsOnlyOfTheScenariosOS(t *testing.T) {
	keys := func(sc *Scenario) string {
		var ks []string
		for _, e := range sc.AssumptionEnds() {
			ks = append(ks, e.Spec.Key)
		}
		return strings.Join(ks, " ")
	}
	sc, err := Default()
	if err != nil {
		t.Fatal(err)
	}
	linux := keys(sc)
	if strings.Contains(linux, "_windows") || !strings.Contains(linux, "allocation_delay_linux") {
		t.Errorf("Linux-only default scenario varies %s", linux)
	}
	win := *sc
	win.StreamGroups = append([]StreamGroup(nil), sc.StreamGroups...)
	for i := range win.StreamGroups {
		win.StreamGroups[i].Class = "gen5n_win2022"
	}
	if w := keys(&win); strings.Contains(w, "_linux") || !strings.Contains(w, "allocation_delay_windows") {
		t.Errorf("Windows-only scenario varies %s", w)
	}
	both := win
	both.StreamGroups = append(append([]StreamGroup(nil), win.StreamGroups...), sc.StreamGroups...)
	if b := keys(&both); !strings.Contains(b, "allocation_delay_linux") || !strings.Contains(b, "allocation_delay_windows") {
		t.Errorf("Linux and Windows scenario varies %s", b)
	}
}
