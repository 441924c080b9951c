package main

import "flag"

// recordFilters are the flags fit and backtest share to choose the
// records they read: the stream group, application or fleet kept, the
// fleet's CloudWatch exports and when the records were exported.
type recordFilters struct {
	group, app, fleet, metrics, exported string
}

// register defines the flags on fs.
func (r *recordFilters) register(fs *flag.FlagSet) {
	fs.StringVar(&r.group, "stream-group", "", "keep only the sessions of this stream group (`ID` or ARN)")
	fs.StringVar(&r.app, "application", "", "keep only the sessions of this application (`ID` or ARN)")
	fs.StringVar(&r.fleet, "fleet", "", "keep only the game sessions of this fleet (`ID` or ARN)")
	fs.StringVar(&r.metrics, "metrics", "", "the fleet's CloudWatch get-metric-data exports (`FILE`)")
	fs.StringVar(&r.exported, "exported-at", "", "when the records were exported (ISO 8601 `TIME`; default: the latest time they carry)")
}
