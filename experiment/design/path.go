package design

import (
	"fmt"
	"strconv"
	"strings"
)

// CanonicalPath is path written the one way a design keys it: white space
// around it trimmed, each index as a plain decimal (stream_group[0] for
// stream_group[00], [+0] or [-0]), so that two spellings of one field are
// one path. A path scenarios.Scenario.Set could not read (an empty
// segment, an index that is not a whole number, two indices on one
// segment) is an error wrapping [ErrDesign].
func CanonicalPath(path string) (string, error) {
	p := strings.TrimSpace(path)
	segs := strings.Split(p, ".")
	for i, seg := range segs {
		name, index, hasIndex := strings.Cut(seg, "[")
		bad := name == "" || strings.ContainsAny(name, "] \t")
		if hasIndex && !bad {
			var n int
			var err error
			digits, ok := strings.CutSuffix(index, "]")
			if n, err = strconv.Atoi(digits); !ok || err != nil || n < 0 || strings.ContainsAny(digits, "[]") {
				bad = true
			}
			seg = name + "[" + strconv.Itoa(n) + "]"
		}
		if bad {
			return "", fmt.Errorf("experiment: %w: path %q: segment %d (%q) is not NAME or NAME[INDEX]", ErrDesign, path, i+1, seg)
		}
		segs[i] = seg
	}
	return strings.Join(segs, "."), nil
}

// Detail is the text of err, an error of this package, without its
// "experiment: bad design: " prefix: for a message that says where.
func Detail(err error) string {
	return strings.TrimPrefix(err.Error(), "experiment: "+ErrDesign.Error()+": ")
}

// checkPaths refuses paths that name one field twice, or a field inside
// another one varied (demand[0].arrivals and demand[0].arrivals.rate:
// the later would override part of the earlier, and the design would
// credit results to values never simulated). The paths are canonical.
func checkPaths(paths []string) error {
	for i, p := range paths {
		for _, q := range paths[:i] {
			switch {
			case p == q:
				return fmt.Errorf("experiment: %w: path %s varied twice (under two spellings?)", ErrDesign, p)
			case strings.HasPrefix(p, q+".") || strings.HasPrefix(p, q+"["):
				return fmt.Errorf("experiment: %w: path %s is inside %s, varied too: vary one of them", ErrDesign, p, q)
			case strings.HasPrefix(q, p+".") || strings.HasPrefix(q, p+"["):
				return fmt.Errorf("experiment: %w: path %s is inside %s, varied too: vary one of them", ErrDesign, q, p)
			}
		}
	}
	return nil
}
