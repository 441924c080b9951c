package optimize

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/capsim/capsim/simrun"
)

// Guarantee is the one sentence optimize states of a verified plan: what
// is 95% sure of what, and what a re-check may expect.
func Guarantee(res *Result, reqs []simrun.Requirement, pass float64) string {
	last := res.Rounds[len(res.Rounds)-1]
	var scales []string
	for _, f := range res.Scales {
		scales = append(scales, "×"+strconv.FormatFloat(f, 'g', -1, 64))
	}
	var texts []string
	for _, r := range reqs {
		texts = append(texts, r.String())
	}
	s := fmt.Sprintf("95%% sure that the plan's long-run mean meets every requirement (%s) in every scope each names, "+
		"at demand %s: verified on %d fresh replications (from replication %d, none of them the search's) in round %d of at most %d, "+
		"each round's bounds one-sided at error %s, which add up to 0.05 over the rounds (Bonferroni)",
		strings.Join(texts, ", "), strings.Join(scales, ", "), last.Replications, last.First, last.Number, len(RoundAlpha),
		roundAlphas())
	if pass > 0 {
		s += fmt.Sprintf("; a re-check (capsim run of best.toml under another seed, %d replications, every requirement asserted "+
			"on its one-sided 95%% bound) is estimated to pass with probability %.3f (asked: at least %g)",
			last.Replications, res.Chosen.Assessment.RecheckPass, pass)
	}
	return s + "."
}

func roundAlphas() string {
	var out []string
	for _, a := range RoundAlpha {
		out = append(out, strconv.FormatFloat(a, 'g', -1, 64))
	}
	return strings.Join(out, ", ")
}

// RecheckCommand is the command that re-checks best.toml: capsim run
// under a seed N of the reader's choosing (any but the scenario's), with
// the verification's replications, every requirement asserted on its
// bound.
func RecheckCommand(res *Result, reqs []simrun.Requirement) string {
	var b strings.Builder
	fmt.Fprintf(&b, "capsim run --seed N --replications %d", res.Rounds[len(res.Rounds)-1].Replications)
	for _, r := range reqs {
		fmt.Fprintf(&b, " --assert '%s'", r.String())
	}
	b.WriteString(" --assert-on bound best.toml")
	return b.String()
}
