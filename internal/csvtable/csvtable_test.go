package csvtable

import (
	"strconv"
	"strings"
	"testing"
)

func TestMustParse(t *testing.T) {
	got := MustParse("x", "t.csv", "# comment\nname,n\na,1\nb,2\n", 2, func(r []string) (int, error) { return strconv.Atoi(r[1]) })
	if len(got) != 2 || got[0] != 1 || got[1] != 2 {
		t.Errorf("got %v", got)
	}
	for _, c := range []struct{ text, want string }{
		{"name,n\na,1,3\n", "x: embedded t.csv: record on line 2"},
		{"name,n\n", "x: embedded t.csv: no rows"},
		{"name,n\na,z\n", "x: embedded t.csv row 2 (a): "},
	} {
		func() {
			defer func() {
				if r := recover(); r == nil || !strings.Contains(r.(string), c.want) {
					t.Errorf("%q: panic %v, want %q", c.text, r, c.want)
				}
			}()
			MustParse("x", "t.csv", c.text, 2, func(r []string) (int, error) { return strconv.Atoi(r[1]) })
		}()
	}
}
