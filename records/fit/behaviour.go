package fit

import (
	"math"
	"slices"
	"time"

	"github.com/capsim/capsim/models/streams"
	"github.com/capsim/capsim/records"
	"github.com/capsim/capsim/scenarios"
)

// Rate is one client-behaviour or service rate fitted from the records:
// Count events over Of trials (a share) or Of connected hours (a rate per
// hour), with its exact interval.
type Rate struct {
	Name  string   `json:"name"`
	Key   string   `json:"key"`  // the scenario key it sets ("" if none)
	Kind  string   `json:"kind"` // "share" or "per connected hour"
	Count int64    `json:"count"`
	Of    float64  `json:"of"`
	Est   Interval `json:"estimate"`
	Data  string   `json:"data"` // what was counted, for the scenario's comment
}

// Overheads are the parts of a record's duration that are not play, as
// the scenario's defaults have them (the records cannot tell them):
// the start delay after placement, the client's connect delay, and
// TERMINATING. Subtracted as their means.
type Overheads struct {
	Start, Connect, Terminating time.Duration
	IdleTimeout                 time.Duration // no input, then idleTimeout
	ConnectionTimeout           time.Duration // also the reconnect window
}

// DefaultOverheads are the scenario defaults' values.
func DefaultOverheads() Overheads {
	sv, cl := scenarios.DefaultService(), scenarios.DefaultClient()
	return Overheads{Start: distMean(sv.SessionStartDelay), Connect: distMean(cl.ConnectDelay),
		Terminating: sv.TerminatingDuration, IdleTimeout: sv.IdleTimeout, ConnectionTimeout: cl.ConnectionTimeout}
}

// classified is what the sessions say about lengths and behaviour.
type classified struct {
	lengths                        Lengths
	connected, noShow, limitEnds   int64
	crashes, idles, reconnectFails int64
	placed, internalErrors         int64
	// exposures, in connected hours, of the three hazards: a crash ends a
	// session at once, so it is seen whenever it comes first; a walk-away
	// and a drop end it idle timeout and connection timeout later, so
	// they are seen only if they come that long before any other end.
	crashHours, afkHours, dropHours float64
	unknownEnds, noReasonEnds       int64
	otherErrors                     map[records.Reason]int64
	limitDurations                  []float64 // seconds, of maxSessionLengthTimeout ends
	normal                          records.Reason
}

// normalEnd is the reason a player's own end carries: given, or the more
// frequent of apiTerminated and applicationExit.
func normalEnd(ss []records.Session, given string) records.Reason {
	switch given {
	case "apiTerminated":
		return records.ReasonAPITerminated
	case "applicationExit":
		return records.ReasonApplicationExit
	}
	var api, exit int
	for i := range ss {
		switch ss[i].Reason {
		case records.ReasonAPITerminated:
			api++
		case records.ReasonApplicationExit:
			exit++
		}
	}
	if exit > api {
		return records.ReasonApplicationExit
	}
	return records.ReasonAPITerminated
}

// classify reads every session for the length sample and the behaviour
// counts. A connected session's play X is its duration less the
// overheads; its end gives the length sample (Lengths) one of:
//
//	the normal end          an own end at X
//	idleTimeout             a walk-away at X - idle timeout
//	reconnectionTimeout     a drop at X - connection timeout
//	applicationExit (crash), maxSessionLengthTimeout, another or unknown end:
//	                        a cut at X
//	still connected         a cut at export - CreatedAt - overheads
func classify(ss []records.Session, exportedAt int64, o Overheads, normal records.Reason) *classified {
	c := &classified{normal: normal, otherErrors: map[records.Reason]int64{}}
	secs := func(d time.Duration) float64 { return d.Seconds() }
	c.lengths.IdleTimeout, c.lengths.DropLag = secs(o.IdleTimeout), secs(o.ConnectionTimeout)
	for i := range ss {
		s := &ss[i]
		dur := float64(s.UpdatedAt-s.CreatedAt) / 1e9
		switch s.Status {
		case streams.StatusError:
			if s.Reason == records.ReasonInternalError {
				c.internalErrors++
				c.placed++
			} else if s.Reason != records.ReasonPlacementTimeout {
				c.otherErrors[s.Reason]++
			}
			continue
		case streams.StatusActivating:
			continue // waiting at the export: neither placed nor failed yet
		case streams.StatusActive:
			c.placed++ // placed, not connected yet
			continue
		case streams.StatusConnected, streams.StatusPendingClientReconnection, streams.StatusReconnecting:
			c.placed++
			c.connected++
			x := float64(exportedAt-s.CreatedAt)/1e9 - secs(o.Start) - secs(o.Connect)
			c.lengths.AddCut(x)
			c.expose(x, x-secs(o.IdleTimeout), x-secs(o.ConnectionTimeout))
			continue
		}
		// TERMINATING or TERMINATED
		c.placed++
		if s.Reason == records.ReasonConnectionTimeout {
			c.noShow++
			continue
		}
		c.connected++
		x := dur - secs(o.Start) - secs(o.Connect) - secs(o.Terminating)
		// no walk-away or drop was seen: none came early enough to show
		afk, drop := x-secs(o.IdleTimeout), x-secs(o.ConnectionTimeout)
		switch s.Reason {
		case normal:
			c.lengths.AddEnd(x)
			afk = x // the player was there to the end
		case records.ReasonNone:
			if s.Status == streams.StatusTerminating {
				c.lengths.AddCut(x) // ending at the export, why not yet said
				break
			}
			c.lengths.AddEnd(x) // before 2025-10-24 ends carried no reason (A15): taken as the player's
			afk = x
			c.noReasonEnds++
		case records.ReasonIdleTimeout:
			c.idles++
			c.lengths.AddWalkAway(afk)
		case records.ReasonReconnectionTimeout:
			c.reconnectFails++
			c.lengths.AddDrop(drop)
		case records.ReasonApplicationExit:
			c.crashes++
			c.lengths.AddCut(x)
		case records.ReasonMaxSessionLengthTimeout:
			c.limitEnds++
			c.limitDurations = append(c.limitDurations, dur-secs(o.Terminating))
			c.lengths.AddCut(x)
		default:
			c.unknownEnds++
			c.lengths.AddCut(x)
		}
		c.expose(x, afk, drop)
	}
	return c
}

// expose adds one connected session's exposures (seconds; negative ones
// count as none).
func (c *classified) expose(crash, afk, drop float64) {
	c.crashHours += max(crash, 0) / 3600
	c.afkHours += max(afk, 0) / 3600
	c.dropHours += max(drop, 0) / 3600
}

// rates returns the behaviour rates with their intervals.
func (c *classified) rates(level float64, period string) []Rate {
	share := func(name, key string, k, n int64, data string) Rate {
		return Rate{Name: name, Key: key, Kind: "share", Count: k, Of: float64(n), Est: Proportion(k, n, level), Data: data}
	}
	hourly := func(name, key string, k int64, h float64, data string) Rate {
		return Rate{Name: name, Key: key, Kind: "per connected hour", Count: k, Of: h, Est: PoissonRate(k, h, level), Data: data}
	}
	out := []Rate{
		share("no-show (connectionTimeout)", "no_show_probability", c.noShow, c.noShow+c.connected,
			"connectionTimeout ends among placed sessions past ACTIVE, "+period),
		hourly("reconnect failures (reconnectionTimeout)", "", c.reconnectFails, c.dropHours,
			"drops never followed by a reconnect (reconnectionTimeout ends) per connected hour at risk, "+period),
		hourly("walk-aways (idleTimeout)", "afk_rate_per_hour", c.idles, c.afkHours,
			"walk-aways (idleTimeout ends) per connected hour at risk, "+period),
		share("length-limit ends (maxSessionLengthTimeout)", "", c.limitEnds, c.connected,
			"maxSessionLengthTimeout ends among connected sessions, "+period),
		share("internal errors (internalError)", "internal_error_probability", c.internalErrors, c.placed,
			"ERROR internalError among placed sessions, "+period),
	}
	if c.normal == records.ReasonAPITerminated {
		out = append(out, hourly("crashes (applicationExit)", "crash_rate_per_hour", c.crashes, c.crashHours,
			"applicationExit ends per connected hour, "+period))
	}
	return out
}

// lengthLimit is the median duration of the length-limit ends: the
// SessionLengthSeconds the sessions were started with (whole seconds).
func (c *classified) lengthLimit() (time.Duration, bool) {
	if len(c.limitDurations) == 0 {
		return 0, false
	}
	d := slices.Clone(c.limitDurations)
	slices.Sort(d)
	s := d[len(d)/2]
	return min(max(time.Duration(s+0.5)*time.Second, time.Second), 24*time.Hour), true
}

// distMean is the mean of a scenario distribution (0 for an empirical one,
// which needs its file).
func distMean(d scenarios.DistSpec) time.Duration {
	switch d.Dist {
	case "fixed":
		return d.Value
	case "exponential", "gamma":
		return d.Mean
	case "lognormal":
		return time.Duration(float64(d.Median) * math.Exp(d.Sigma*d.Sigma/2))
	}
	return 0
}
