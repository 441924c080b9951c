package sim

import (
	"math"
	"time"
)

// Time is a point in virtual time: integer nanoseconds since the scenario
// starts. Durations between Times are time.Duration.
type Time int64

// Never is a Time later than any event: the value of "not scheduled".
const Never Time = math.MaxInt64

// At converts a duration since the start into a Time.
func At(d time.Duration) Time { return Time(d) }

// Add returns t+d, saturating at Never instead of overflowing.
func (t Time) Add(d time.Duration) Time {
	if d > 0 && t > Never-Time(d) {
		return Never
	}
	return t + Time(d)
}

// Sub returns the duration t-u.
func (t Time) Sub(u Time) time.Duration { return time.Duration(t - u) }

// Seconds returns t in seconds since the start.
func (t Time) Seconds() float64 { return float64(t) / 1e9 }

// Duration returns t as a duration since the start.
func (t Time) Duration() time.Duration { return time.Duration(t) }

// String formats t as a duration since the start, e.g. "1h30m0s".
func (t Time) String() string {
	if t == Never {
		return "never"
	}
	return time.Duration(t).String()
}

// MinTime returns the earlier of a and b.
func MinTime(a, b Time) Time {
	if a < b {
		return a
	}
	return b
}
