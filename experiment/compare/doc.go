// Package compare is capsim compare's experiment: one scenario run once
// per stream class, every stream group on that class, under the same seed
// (common random numbers: demand is identical across classes), each class
// judged against a p95 placement latency and a failure ratio target, the
// cheapest acceptable one named ([Run], on [Variants]). Capacity settings
// are rounded up to whole instances of each class (scenarios'
// WithClass).
//
// Units are the reports' (seconds, fractions, US dollars). Errors: a
// variant that does not validate (wrapping scenarios.ErrInvalid), a run's
// error prefixed with its class.
package compare
