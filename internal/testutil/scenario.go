package testutil

import _ "embed"

// MinimalTOML is the smallest valid scenario (minimal.toml beside this
// file, embedded; treat it as a constant), shared by the tests of
// scenarios, cmd/capsim and bench: one stream group "g" of class
// gen4n_high with one location (eu-central-1, always_on 2) and one Poisson
// demand "d". A test breaks or extends it by replacing one line that occurs
// once (strings.Replace) or by appending text, and states the line an
// error names from this map (1-based):
//
//	1 name          8 [[stream_group]]            16 [[demand]]
//	3 [simulation]  9   name                      17   name
//	4   horizon    10   class                     18   stream_group
//	5   warmup     12 [[stream_group.location]]   19   arrivals
//	6   replicat.  13   name  14 always_on        20   session_length
//
// Text appended to it starts on line 21. TestMinimalTOMLLineMap holds the
// map to the text.
//
//go:embed minimal.toml
var MinimalTOML string
