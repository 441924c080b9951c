package scenarios

import "strconv"

// Assert is one KPI gate of the scenario, an [[assert]] table: Expr is
// NAME OP NUMBER as capsim run --assert takes it,
// "total.placement_latency_seconds.p95<=30" (OP one of <=, <, >=, >; NAME a
// metric of summary.json by its dotted name). capsim run judges it after
// the run (and capsim validate checks it); it changes nothing simulated,
// and sweep, sensitivity, optimize and bench do not judge it. Expr is parsed, and its metric
// looked up, by the run layer (simrun.Namespace.Requirement), which reports
// a bad one with [Scenario.AssertError].
type Assert struct {
	Expr string `toml:"expr" json:"expr"`
}

// AssertError is the validation error (wrapping ErrInvalid) of the
// scenario's [[assert]] i: msg, naming the file, the line of its expr and
// its path.
func (sc *Scenario) AssertError(i int, msg string) error {
	path := "assert[" + strconv.Itoa(i) + "].expr"
	fe := &FieldError{File: sc.src.file, Path: path, Msg: msg}
	if sc.src.lines != nil {
		fe.Line = sc.src.lines.line(path)
	}
	return &ValidationError{Errs: []*FieldError{fe}}
}
