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

// MaxPaths bounds the fields a design varies: its --vary axes, or a
// points file's columns.
const MaxPaths = 1000

// checkPaths refuses paths that name one field twice, or a field inside
// another one varied (demand[0].arrivals and demand[0].arrivals.rate:
// the later would override part of the earlier, and the design would
// credit results to values never simulated), and more than MaxPaths. The
// paths are canonical. It takes time linear in the paths' length.
func checkPaths(paths []string) error {
	if len(paths) > MaxPaths {
		return fmt.Errorf("experiment: %w: %d paths; at most %d", ErrDesign, len(paths), MaxPaths)
	}
	seen := map[string]bool{}
	inside := map[string]string{} // each proper prefix of a path seen, to that path
	for _, p := range paths {
		if seen[p] {
			return fmt.Errorf("experiment: %w: path %s varied twice (under two spellings?)", ErrDesign, p)
		}
		if q, ok := inside[p]; ok {
			return fmt.Errorf("experiment: %w: path %s is inside %s, varied too: vary one of them", ErrDesign, q, p)
		}
		for i := range len(p) {
			if p[i] != '.' && p[i] != '[' {
				continue
			}
			if seen[p[:i]] {
				return fmt.Errorf("experiment: %w: path %s is inside %s, varied too: vary one of them", ErrDesign, p, p[:i])
			}
			if _, ok := inside[p[:i]]; !ok {
				inside[p[:i]] = p
			}
		}
		seen[p] = true
	}
	return nil
}
