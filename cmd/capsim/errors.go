package main

import "github.com/capsim/capsim/simrun"

// internalError is a recovered panic: a bug in capsim, never bad input
// (exit status 70). The run layer recovers the replications' panics.
type internalError = simrun.InternalError

// infeasibleError is a run whose requirements are not met (exit status 3):
// an assertion that failed, or no plan that meets them.
type infeasibleError = simrun.UnmetError
