package store

import (
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/capsim/capsim/experiment/shard"
)

// ErrMerge is wrapped by every error of [MergeShards] and [MergeReps]: shards
// that do not belong together, overlap, are damaged or are missing.
var ErrMerge = errors.New("cannot merge")

// ErrDamaged is wrapped by the error of a store holding a file whose
// bytes are not the ones capsim sealed (a flipped bit, a cut, an edit) or
// that is not what its name says: nothing is written from such a store.
var ErrDamaged = errors.New("damaged store")

// Problem is one stored file a merge or a resume refuses.
type Problem struct {
	File    string // slash path under the store
	Why     string
	Damaged bool // its bytes are not the ones sealed, or it is not what its name says
	Shard   int  // the shard whose rerun writes it again; -1 if none
}

// maxListed bounds the problems an error lists.
const maxListed = 20

// RefusedError is a store refused for the problems listed: an
// [ErrMerge] of a merge, and an [ErrDamaged] if a file is damaged.
type RefusedError struct {
	Dir      string
	Merge    bool // a merge's (else a resume's)
	Count    int  // the job's shards (0 unsharded)
	Problems []Problem
}

func (e *RefusedError) Error() string {
	var b strings.Builder
	if e.Merge {
		fmt.Fprintf(&b, "experiment: %v: ", ErrMerge)
	} else {
		fmt.Fprintf(&b, "experiment: store %s: ", e.Dir)
	}
	// Problems of one cause (every unit of another job) are listed once.
	var whys []string
	files := map[string][]string{}
	for _, p := range e.Problems {
		if _, ok := files[p.Why]; !ok {
			whys = append(whys, p.Why)
		}
		files[p.Why] = append(files[p.Why], p.File)
	}
	for i, why := range whys {
		if i == maxListed {
			fmt.Fprintf(&b, "; … and %d more causes", len(whys)-maxListed)
			break
		}
		if i > 0 {
			b.WriteString("; ")
		}
		b.WriteString(strings.Join(clip(files[why], 3), ", ") + ": " + why)
	}
	b.WriteString(e.repair())
	return b.String()
}

// repair says how to repair the store: the files to remove (damaged, or
// of no unit a rerun writes), and the run that writes them again.
func (e *RefusedError) repair() string {
	var files []string
	for _, p := range e.Problems {
		if p.Damaged || p.Shard < 0 {
			files = append(files, p.File)
		}
	}
	var rm string
	if len(files) > 0 {
		rm = "remove " + strings.Join(clip(files, maxListed), ", ") + " (in " + e.Dir + "), then "
	}
	switch shards := e.Shards(); {
	case e.Count > 0 && len(shards) > 0:
		return fmt.Sprintf(". To repair: %srerun shard%s %s of %d (--shard I/%d) and merge again", rm, plural(len(shards)), joinInts(shards), e.Count, e.Count)
	case rm != "" && e.Merge:
		return ". To repair: " + rm + "merge again"
	case rm != "":
		return ". To repair: " + rm + "run the same command again: it simulates only what is missing"
	}
	return ""
}

// Damaged are the damaged files, in order.
func (e *RefusedError) Damaged() []string {
	var out []string
	for _, p := range e.Problems {
		if p.Damaged {
			out = append(out, p.File)
		}
	}
	return out
}

// Shards are the shards whose reruns repair the store, in increasing
// order.
func (e *RefusedError) Shards() []int {
	var out []int
	for _, p := range e.Problems {
		if p.Shard >= 0 && !slices.Contains(out, p.Shard) {
			out = append(out, p.Shard)
		}
	}
	slices.Sort(out)
	return out
}

// Is makes a RefusedError an ErrMerge (a merge's) and an ErrDamaged (if
// a file is damaged).
func (e *RefusedError) Is(target error) bool {
	return target == ErrMerge && e.Merge || target == ErrDamaged && len(e.Damaged()) > 0
}

// clip is files, the first n of them and a count if there are more.
func clip(files []string, n int) []string {
	if len(files) > n {
		return append(slices.Clone(files[:n]), fmt.Sprintf("… (%d files)", len(files)))
	}
	return files
}

func plural(n int) string {
	if n == 1 {
		return ""
	}
	return "s"
}

func joinInts(xs []int) string {
	s := make([]string, len(xs))
	for i, x := range xs {
		s[i] = strconv.Itoa(x)
	}
	return strings.Join(s, ",")
}

// missing returns an error wrapping [ErrMerge] that lists the shards
// (of count) owning a unit of plan that have does not hold, or nil.
func missing(plan []shard.Unit, count int, have func(shard.Unit) bool) error {
	var idx []int
	for u, unit := range plan {
		if have(unit) {
			continue
		}
		if s := shard.Owner(u, len(plan), count); !slices.Contains(idx, s) {
			idx = append(idx, s)
		}
	}
	if len(idx) == 0 {
		return nil
	}
	return &MissingError{Shards: idx, Count: count}
}

// MissingError lists the shards whose results are not (all) there.
type MissingError struct {
	Shards []int // in increasing order
	Count  int
}

func (e *MissingError) Error() string {
	s := make([]string, len(e.Shards))
	for i, x := range e.Shards {
		s[i] = strconv.Itoa(x)
	}
	return fmt.Sprintf("experiment: %v: %d of %d shards missing or unfinished: %s (rerun each with --shard I/%d, or as array tasks %s with --shards %d)",
		ErrMerge, len(e.Shards), e.Count, strings.Join(s, ","), e.Count, strings.Join(s, ","), e.Count)
}

// Unwrap makes a MissingError an [ErrMerge].
func (e *MissingError) Unwrap() error { return ErrMerge }
