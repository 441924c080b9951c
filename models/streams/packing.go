package streams

import (
	"fmt"
	"sort"
	"strings"
)

// PackingPolicy picks which partly used instance takes a new stream. It is a
// pure function of the number of ready instances by used slots: counts[u] is
// how many instances have u streams (u < tenancy). It returns the u to take
// one from; counts[u] > 0 is guaranteed for some u when it is called.
type PackingPolicy func(counts []int) int

var packingPolicies = map[string]PackingPolicy{
	// fill_first keeps multi-tenant instances full so that empty ones can be
	// released: the fullest instance with a free slot.
	"fill_first": func(counts []int) int {
		for u := len(counts) - 1; u >= 0; u-- {
			if counts[u] > 0 {
				return u
			}
		}
		return -1
	},
	// spread puts each stream on the emptiest instance (less contention per GPU).
	"spread": func(counts []int) int {
		for u := range counts {
			if counts[u] > 0 {
				return u
			}
		}
		return -1
	},
}

// PackingPolicies lists the valid policy names, sorted.
func PackingPolicies() []string {
	names := make([]string, 0, len(packingPolicies))
	for n := range packingPolicies {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}

// LookupPacking returns the policy named name.
func LookupPacking(name string) (PackingPolicy, error) {
	if p, ok := packingPolicies[name]; ok {
		return p, nil
	}
	return nil, fmt.Errorf("unknown packing policy %q (valid: %s)", name, strings.Join(PackingPolicies(), ", "))
}
