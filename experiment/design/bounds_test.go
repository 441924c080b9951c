package design

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/capsim/capsim/internal/testutil"
)

// A range whose count or values overflow is a design error naming the
// range, never a panic: the count is computed before anything is
// allocated, and neither a float nor a duration difference wraps.
func TestParseVaryOverflow(t *testing.T) {
	for _, bad := range []string{
		"a.b=0..1e28:1",            // 1e28 values: used to panic in makeslice
		"a.b=0..1e28",              // the same with STEP left out
		"a.b=-1e308..1e308:1e-300", // HI-LO is +Inf
		"a.b=0..1:5e-324",          // the smallest step: (HI-LO)/STEP is +Inf
		"a.b=0..9223372036854775807:1",
		"a.b=-2540400h..2540400h:1h",  // HI-LO overflows a time.Duration
		"a.b=-2562047h..2562047h:1ns", // the widest durations
		"a.b=1s..2540400h:1ns",        // 9e18 values
		"a.b=-9223372036854775807ns..9223372036854775807ns:1ns",
		"a.b=0..10:nan", "a.b=nan..1:1", "a.b=0..inf:1", "a.b=0..1:inf",
	} {
		ax, err := ParseVary(bad)
		if !errors.Is(err, ErrDesign) || !strings.Contains(err.Error(), bad) {
			t.Errorf("ParseVary(%q) = %d values, %v; want ErrDesign naming the spec", bad, len(ax.Values), err)
		}
	}
	// The widest duration range that fits: its values are exact.
	ax, err := ParseVary("a.b=-2562047h..2562047h:2562047h")
	if err != nil || !slices.Equal(ax.Values, []string{"-2562047h0m0s", "0s", "2562047h0m0s"}) {
		t.Errorf("widest duration range: %v, %v", ax.Values, err)
	}
}

// A list is bounded like a range.
func TestParseVaryListBounded(t *testing.T) {
	long := "a.b=" + strings.Repeat("1,", MaxValues) + "1"
	if _, err := ParseVary(long); !errors.Is(err, ErrDesign) || !strings.Contains(err.Error(), "at most") {
		t.Errorf("a list of %d values: %v", MaxValues+1, err)
	}
}

// One field has one name: a path is canonical before the design is built,
// so that two spellings of one field are the same path, refused if varied
// twice, and a path inside another varied one is refused too.
func TestCanonicalPaths(t *testing.T) {
	cases := []struct{ in, want string }{ // want "": refused
		{"stream_group[0].location[00].target_idle", "stream_group[0].location[0].target_idle"},
		{" stream_group[+1].location[0].always_on ", "stream_group[1].location[0].always_on"},
		{"stream_group[0].location[-0].always_on", "stream_group[0].location[0].always_on"},
		{"service.idle_release_delay", "service.idle_release_delay"},
		{"demand[007].arrivals", "demand[7].arrivals"},
		{"stream_group[ 2 ].location[0x1].always_on", ""},
		{"stream_group[0]..always_on", ""},
		{"stream_group[1e1].location[0].always_on", ""},
		{"stream_group[99999999999999999999].name", ""},
		{"stream_group[0].location[0].always_on[0][1]", ""},
	}
	for _, c := range cases {
		got, err := CanonicalPath(c.in)
		if refused := errors.Is(err, ErrDesign); got != c.want || refused != (c.want == "") {
			t.Errorf("CanonicalPath(%q) = %q, %v; want %q", c.in, got, err, c.want)
		}
	}
	a, _ := ParseVary("stream_group[0].location[0].target_idle=0,2")
	b, _ := ParseVary("stream_group[0].location[00].target_idle=4,6")
	if _, err := Grid([]Axis{a, b}); !errors.Is(err, ErrDesign) || !strings.Contains(err.Error(), "stream_group[0].location[0].target_idle") {
		t.Errorf("two spellings of one field: %v", err)
	}
	c, _ := ParseVary("demand[0].arrivals={process=\"poisson\",rate=2}")
	d, _ := ParseVary("demand[0].arrivals.rate=1,2")
	if _, err := Grid([]Axis{c, d}); !errors.Is(err, ErrDesign) || !strings.Contains(err.Error(), "inside") {
		t.Errorf("a field inside a varied table: %v", err)
	}
	for _, csv := range []string{
		"stream_group[0].location[0].target_idle,stream_group[0].location[00].target_idle\n2,4\n",
		"demand[0].arrivals,demand[0].arrivals.rate\n1,2\n",
	} {
		_, _, err := ReadPoints(strings.NewReader(csv))
		var le *LineError
		if !errors.As(err, &le) || le.Line != 1 {
			t.Errorf("header %q: %v, want a LineError at line 1", strings.SplitN(csv, "\n", 2)[0], err)
		}
	}
	paths, _, err := ReadPoints(strings.NewReader("stream_group[0].location[01].target_idle\n2\n"))
	if err != nil || paths[0] != "stream_group[0].location[1].target_idle" {
		t.Errorf("points header not canonical: %q, %v", paths, err)
	}
}

// A points file is bounded before it is read: not a regular file (a
// FIFO, which would block the open forever, or /dev/zero, endless) is
// refused by its type; a file of more rows than a design may have stops
// at the first row too many; a file too large is refused by its size.
func TestReadPointsFileBounded(t *testing.T) {
	dir := t.TempDir()
	fifo := testutil.FIFO(t, dir, "fifo.csv")
	rows := filepath.Join(dir, "rows.csv")
	var b strings.Builder
	b.WriteString("stream_group[0].location[0].target_idle\n")
	for i := range 100_000 {
		fmt.Fprintf(&b, "%d\n", 2*i)
	}
	writeFile(t, rows, b.String())
	big := filepath.Join(dir, "big.csv")
	writeFile(t, big, "a.b\n"+strings.Repeat("1"+strings.Repeat(" ", 1000)+"\n", MaxPointsBytes/1000))
	for _, c := range []struct{ path, want string }{
		{fifo, "not a regular file"},
		{"/dev/zero", "not a regular file"},
		{dir, "not a regular file"},
		{rows, fmt.Sprintf("more than %d points", MaxValues)},
		{big, "larger than"},
		{filepath.Join(dir, "absent.csv"), "no such file"},
	} {
		err := testutil.Within(t, 5*time.Second, c.path, func() error { _, _, err := ReadPointsFile(c.path); return err })
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: %v, want %q", c.path, err, c.want)
		}
	}
}

func writeFile(t *testing.T, path, text string) {
	t.Helper()
	if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
}

// A design is bounded by the work of all its points together, with the
// figures in the message, while each point alone is within the limit.
func TestCheckWork(t *testing.T) {
	prep, skipped := prepared(t, "stream_group[0].location[0].target_idle=0..18:2", "simulation.replications=4")
	if len(prep) != 10 || len(skipped) != 0 {
		t.Fatalf("prepared %d, skipped %d", len(prep), len(skipped))
	}
	perRep := prep[0].ExpectedRequests()
	reps := func(int) int { return 4 }
	whole := perRep * 40
	if err := CheckWork("sweep", prep, reps, int64(whole)+1); err != nil {
		t.Errorf("within the limit: %v", err)
	}
	err := CheckWork("sweep", prep, reps, int64(whole/2))
	if !errors.Is(err, ErrTooMuchWork) || !errors.Is(err, ErrDesign) {
		t.Fatalf("beyond the limit: %v", err)
	}
	for _, want := range []string{"sweep: about " + fmt.Sprintf("%.3g", whole) + " requests in all (10 points",
		fmt.Sprintf("%.3g at most a point", perRep*4), fmt.Sprintf("simulation.max_total_requests = %d", int64(whole/2))} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("message %q lacks %q", err, want)
		}
	}
}

// A design varies at most MaxPaths fields, checked in time linear in
// the paths (a header of many columns is not compared pair by pair).
func TestManyPaths(t *testing.T) {
	var header, row strings.Builder
	for i := range MaxPaths + 1 {
		if i > 0 {
			header.WriteByte(',')
			row.WriteByte(',')
		}
		fmt.Fprintf(&header, "demand[%d].locations", i)
		row.WriteByte('1')
	}
	_, _, err := ReadPoints(strings.NewReader(header.String() + "\n" + row.String() + "\n"))
	if !errors.Is(err, ErrDesign) || !strings.Contains(err.Error(), "1001 paths; at most 1000") {
		t.Errorf("%d paths: %v", MaxPaths+1, err)
	}
	paths := make([]string, MaxPaths)
	for i := range paths {
		paths[i] = fmt.Sprintf("stream_group[%d].location[%d].target_idle", i%7, i)
	}
	if err := checkPaths(paths); err != nil {
		t.Errorf("%d distinct paths refused: %v", MaxPaths, err)
	}
	if err := checkPaths(append(paths[1:], "stream_group[3].location")); err == nil || !strings.Contains(err.Error(), "is inside stream_group[3].location,") {
		t.Errorf("a table holding earlier paths: %v", err)
	}
}
