package design

import (
	"errors"
	"slices"
	"strings"
	"testing"
)

func TestReadPoints(t *testing.T) {
	paths, points, err := ReadPoints(strings.NewReader("a.b , c[0].d\n1, 10m\n\n2,\"20m\"\n"))
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(paths, []string{"a.b", "c[0].d"}) || len(points) != 2 {
		t.Fatalf("paths %q, %d points", paths, len(points))
	}
	if got := points[1].String(); got != "a.b=2, c[0].d=20m" {
		t.Errorf("point 2: %q", got)
	}
}

// Every malformed file is a *LineError at the line to look at.
func TestReadPointsErrors(t *testing.T) {
	for _, c := range []struct{ name, csv, msg string }{
		{"empty", "", "line 1: empty"},
		{"header only", "a,b\n", "line 1: a header and no points"},
		{"repeated path", "a,a\n1,2\n", "line 1: path a varied twice"},
		{"empty path", "a,\n1,2\n", "line 1: column 2: an empty path"},
		{"short row", "a,b\n1,2\n3\n", "line 3: 1 values for 2 paths"},
		{"long row", "a,b\n1,2\n\n3,4,5\n", "line 4: 3 values for 2 paths"},
		{"empty value", "a,b\n1, \n", "line 2: column 2 (b): an empty value"},
		{"bad quote", "a,b\n1,2\n3,\"4\n", "line 3: "},
	} {
		_, _, err := ReadPoints(strings.NewReader(c.csv))
		var le *LineError
		if !errors.As(err, &le) || !errors.Is(err, ErrDesign) || !strings.HasPrefix(err.Error(), c.msg) {
			t.Errorf("%s: got %v, want a LineError %q…", c.name, err, c.msg)
		}
	}
}
