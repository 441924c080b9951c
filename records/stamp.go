package records

import (
	"encoding/json"
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"
)

// EpochZone is the zone name Zones counts for a timestamp written as epoch
// seconds (a JSON number, or a string of digits).
const EpochZone = "epoch seconds"

// The years a timestamp of these services can fall in: outside, the value
// is taken for a mistake (epoch milliseconds read as seconds, a zero time).
var (
	earliest = time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC)
	latest   = time.Date(2100, 1, 1, 0, 0, 0, 0, time.UTC)
)

// parseStamp reads a timestamp as the AWS CLI prints one: ISO 8601 with a
// zone (the CLI's default prints the zone of the machine that ran it, so
// one export can mix zones) or epoch seconds (cli_timestamp_format = wire
// for these services; a JSON number). It returns Unix nanoseconds and the
// zone, for counting: "+00:00" for Z, the offset as written otherwise, or
// EpochZone. A missing or null value is an error naming field.
func parseStamp(field string, raw json.RawMessage) (int64, string, error) {
	s := strings.TrimSpace(string(raw))
	if s == "" || s == "null" {
		return 0, "", fieldErr(field, "missing: every record of this API has it")
	}
	if s[0] != '"' {
		ns, err := epoch(s)
		if err != nil {
			return 0, "", fieldErr(field, "%v", err)
		}
		return ns, EpochZone, nil
	}
	var str string
	if err := json.Unmarshal(raw, &str); err != nil {
		return 0, "", fieldErr(field, "not a JSON string: %v", err)
	}
	if str != "" && strings.Trim(str, "0123456789.") == "" {
		ns, err := epoch(str)
		if err != nil {
			return 0, "", fieldErr(field, "%v", err)
		}
		return ns, EpochZone, nil
	}
	t, zone, err := iso8601(str)
	if err != nil {
		return 0, "", fieldErr(field, "%v", err)
	}
	if t.Before(earliest) || !t.Before(latest) {
		return 0, "", fieldErr(field, "%s is not between 2000 and 2100: is it the right field?", strconv.Quote(clip(str)))
	}
	return t.UnixNano(), zone, nil
}

// iso8601 parses an ISO 8601 date and time with a zone: a 'T' or a space
// between date and time, an optional fraction, and Z, ±hh:mm or ±hhmm.
func iso8601(s string) (time.Time, string, error) {
	q := strconv.Quote(clip(s))
	if len(s) < 19 {
		return time.Time{}, "", fmt.Errorf("%s is not an ISO 8601 time such as 2025-12-17T22:29:40+00:00, nor epoch seconds", q)
	}
	b := []byte(s)
	if b[10] == ' ' || b[10] == 't' {
		b[10] = 'T'
	}
	if b[len(b)-1] == 'z' {
		b[len(b)-1] = 'Z'
	}
	norm := string(b)
	rest := norm[19:]
	if i := strings.IndexFunc(rest, func(r rune) bool { return r != '.' && (r < '0' || r > '9') }); i >= 0 {
		rest = rest[i:]
	} else {
		rest = ""
	}
	layout := time.RFC3339
	switch {
	case rest == "":
		return time.Time{}, "", fmt.Errorf("%s has no time zone: add Z or an offset such as +00:00 (capsim does not guess the zone)", q)
	case rest == "Z":
	case len(rest) == 5 && (rest[0] == '+' || rest[0] == '-'):
		layout = "2006-01-02T15:04:05Z0700"
	}
	t, err := time.Parse(layout, norm)
	if err != nil {
		return time.Time{}, "", fmt.Errorf("%s is not an ISO 8601 time such as 2025-12-17T22:29:40+00:00, nor epoch seconds", q)
	}
	zone := rest
	if rest == "Z" {
		zone = "+00:00"
	} else if len(rest) == 5 {
		zone = rest[:3] + ":" + rest[3:]
	}
	return t, zone, nil
}

// epoch reads epoch seconds, exactly to the nanosecond when written
// without an exponent.
func epoch(s string) (int64, error) {
	q := strconv.Quote(clip(s))
	outside := fmt.Errorf("epoch %s is not a time between 2000 and 2100 (epoch milliseconds? the CLI prints seconds)", q)
	const maxSeconds = 9e9 // nanoseconds stay within int64
	var ns int64
	if strings.ContainsAny(s, "eE") {
		f, err := strconv.ParseFloat(s, 64)
		if err != nil || math.IsNaN(f) || math.IsInf(f, 0) {
			return 0, fmt.Errorf("%s is not epoch seconds", q)
		}
		if math.Abs(f) > maxSeconds {
			return 0, outside
		}
		ns = int64(math.Round(f * 1e9))
	} else {
		whole, frac, _ := strings.Cut(s, ".")
		sec, err := strconv.ParseInt(whole, 10, 64)
		if err != nil || strings.Trim(frac, "0123456789") != "" {
			if ne, ok := err.(*strconv.NumError); ok && ne.Err == strconv.ErrRange {
				return 0, outside
			}
			return 0, fmt.Errorf("%s is not epoch seconds", q)
		}
		if sec > maxSeconds || sec < -maxSeconds {
			return 0, outside
		}
		frac = (frac + "000000000")[:9]
		f, _ := strconv.ParseInt(frac, 10, 64)
		ns = sec*1e9 + f
		if whole != "" && whole[0] == '-' {
			ns = sec*1e9 - f
		}
	}
	t := time.Unix(0, ns)
	if t.Before(earliest) || !t.Before(latest) {
		return 0, outside
	}
	return ns, nil
}

// clip shortens a value quoted in a message.
func clip(s string) string {
	if len(s) > 40 {
		return strings.ToValidUTF8(s[:40], "") + "…"
	}
	return s
}
