package design

import (
	"bytes"
	"errors"
	"testing"
)

// FuzzParseVary: any --vary spec is an axis or an error of ErrDesign,
// never a panic or a runaway allocation; an axis has 1 to MaxValues
// values, a canonical path, and makes a grid.
func FuzzParseVary(f *testing.F) {
	for _, s := range []string{
		"stream_group[0].location[0].target_idle=0..10:2", "a.b=1,2,3", "a.b=10m..30m:10m", "a.b=0.1..0.3:0.1",
		"a.b=0..1e28:1", "a.b=-2540400h..2540400h:1h", "a.b=0..1:5e-324", "a.b=nan..1", "a[00].b=1", "a[+1].b[-0]=x",
		"=1", "a.b=", "a..b=1", "a.b=1,,2", "a.b=9223372036854775807ns..9223372036854775807ns",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		ax, err := ParseVary(s)
		if err != nil {
			if !errors.Is(err, ErrDesign) {
				t.Fatalf("ParseVary(%q): %v, not ErrDesign", s, err)
			}
			return
		}
		if n := len(ax.Values); n < 1 || n > MaxValues {
			t.Fatalf("ParseVary(%q): %d values", s, n)
		}
		if c, err := CanonicalPath(ax.Path); err != nil || c != ax.Path {
			t.Fatalf("ParseVary(%q): path %q not canonical (%q, %v)", s, ax.Path, c, err)
		}
		if points, err := Grid([]Axis{ax}); err != nil || len(points) != len(ax.Values) {
			t.Fatalf("ParseVary(%q): grid of %d points, %v", s, len(points), err)
		}
	})
}

// FuzzReadPoints: any points file is a design or a *LineError (an
// ErrDesign), never a panic; a design has 1 to MaxValues points, each a
// value per path, its paths canonical and naming distinct fields.
func FuzzReadPoints(f *testing.F) {
	for _, s := range []string{
		"a.b,c[0].d\n1,10m\n2,\"20m\"\n", "a,a\n1,2\n", "a[0],a[00]\n1,2\n", "a,a.b\n1,2\n", "a\n\"1\n", "", "a\n",
		"a,b\n1\n", "\xef\xbb\xbfa\n1\n", "a\n" + string(bytes.Repeat([]byte("1\n"), 20)),
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		paths, points, err := ReadPoints(bytes.NewReader(data))
		if err != nil {
			if !errors.Is(err, ErrDesign) {
				t.Fatalf("%v, not ErrDesign", err)
			}
			return
		}
		if len(points) < 1 || len(points) > MaxValues {
			t.Fatalf("%d points", len(points))
		}
		if err := checkPaths(paths); err != nil {
			t.Fatalf("paths %q accepted: %v", paths, err)
		}
		for _, p := range paths {
			if c, err := CanonicalPath(p); err != nil || c != p {
				t.Fatalf("path %q not canonical", p)
			}
		}
		for _, p := range points {
			if len(p) != len(paths) {
				t.Fatalf("a point of %d values for %d paths", len(p), len(paths))
			}
		}
	})
}
