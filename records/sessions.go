package records

import (
	"cmp"
	"encoding/json"
	"hash/fnv"
	"io"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/capsim/capsim/models/streams"
)

// Session is one stream session of a ListStreamSessions export, kept in 48
// bytes: times as Unix nanoseconds, names as indices into the set's tables.
type Session struct {
	// CreatedAt is when StartStreamSession created it; UpdatedAt its
	// LastUpdatedAt: when it ended, for an ended session (Ended),
	// and its last change of status for one still running at the export.
	CreatedAt, UpdatedAt int64
	key                  [2]uint64 // hash of the Arn
	Location             uint16    // index into SessionSet.Locations
	App                  uint16    // index into SessionSet.Applications
	Status               streams.Status
	Reason               Reason
}

// Ended reports whether the session had ended at the export (TERMINATING
// included: its end was under way at LastUpdatedAt).
func (s *Session) Ended() bool { return ended(s.Status) }

// Created and Updated return the times as time.Time, in UTC.
func (s *Session) Created() time.Time { return time.Unix(0, s.CreatedAt).UTC() }
func (s *Session) Updated() time.Time { return time.Unix(0, s.UpdatedAt).UTC() }

// SessionOptions choose which sessions a read keeps.
type SessionOptions struct {
	Limits
	// StreamGroup keeps only the sessions of this stream group (its id,
	// sg-..., or ARN), read from each session's Arn; "" keeps all.
	StreamGroup string
	// Application keeps only the sessions of this application (its id,
	// a-..., or ARN); "" keeps all.
	Application string
}

// SessionSet is what a ListStreamSessions export holds, deduplicated and
// sorted by CreatedAt (then Arn hash), and the tally of everything read.
type SessionSet struct {
	Source       string
	Sessions     []Session
	Locations    []string // by Session.Location; "" for a session without one
	Applications []string // by Session.App
	// StreamGroups are the stream groups the Arns name (before any filter);
	// StreamGroup is the filter's (an id), "" without one.
	StreamGroups []NameCount
	StreamGroup  string
	// ExportedAt is the latest time a kept record carries: the export
	// happened at or after it. Sessions not ended are censored there.
	ExportedAt int64
	Tally      SessionTally
}

// SessionTally counts what a read met; nothing read is dropped without
// being counted here.
type SessionTally struct {
	Records int `json:"records"` // items read
	Pages   int `json:"pages"`   // list pages read (objects with Items)
	// PagesWithNextToken counted pages that pointed to a next page;
	// LastPageHasNextToken is true when the last page read did: the export
	// may stop before its end.
	PagesWithNextToken   int   `json:"pages_with_next_token"`
	LastPageHasNextToken bool  `json:"last_page_has_next_token"`
	UnknownPageKeys      Names `json:"unknown_page_keys"`
	// Duplicates are records superseded by another of the same Arn with a
	// later (or, read later, equal) LastUpdatedAt.
	Duplicates       int   `json:"duplicates"`
	OtherStreamGroup int   `json:"other_stream_group"` // dropped by SessionOptions.StreamGroup
	OtherApplication int   `json:"other_application"`  // dropped by SessionOptions.Application
	NoStreamGroup    int   `json:"no_stream_group"`    // Arns naming no stream group (dropped only when filtering)
	UnknownStatus    Names `json:"unknown_status"`     // dropped: a status this version does not know
	UnknownReason    Names `json:"unknown_reason"`     // kept, with ReasonUnknown
	NoReason         int   `json:"no_reason"`          // ended sessions without a reason (before 2025-10-24, A15)
	Running          int   `json:"running"`            // kept sessions not ended at the export (censored)
	NoLocation       int   `json:"no_location"`        // kept sessions without a Location
	// UpdatedBeforeCreated are sessions whose LastUpdatedAt precedes
	// CreatedAt (clock skew): kept, with LastUpdatedAt set to CreatedAt.
	UpdatedBeforeCreated int   `json:"updated_before_created"`
	Zones                Names `json:"zones"` // timestamps by zone as written ("+00:00", EpochZone, ...)
	Kept                 int   `json:"kept"`
}

// maxNamesInTable bounds the distinct locations or applications of one
// export: a stream group has at most a few dozen locations.
const maxNamesInTable = 4096

// sessionJSON is one item as the service returns it; fields capsim does
// not use (UserId, Protocol, ExportFilesMetadata, ...) are skipped.
type sessionJSON struct {
	Arn            string
	Status         string
	StatusReason   string
	ApplicationArn string
	Location       string
	CreatedAt      json.RawMessage
	LastUpdatedAt  json.RawMessage
}

var sessionKeys = []string{"Arn", "UserId", "Status", "StatusReason", "Protocol", "LastUpdatedAt",
	"CreatedAt", "ApplicationArn", "ExportFilesMetadata", "Location", "StreamGroupId", "Description",
	"SignalRequest", "SignalResponse", "ConnectionTimeoutSeconds", "SessionLengthSeconds",
	"AdditionalLaunchArgs", "AdditionalEnvironmentVariables", "LogFileLocationUri", "WebSdkProtocolUrl",
	"PerformanceStatsConfiguration"}

func isKey(keys []string) func(string) bool {
	return func(k string) bool {
		return slices.ContainsFunc(keys, func(s string) bool { return strings.EqualFold(s, k) })
	}
}

// ReadSessions reads what `aws gameliftstreams list-stream-sessions` (or
// list-stream-sessions-by-account, or get-stream-session) prints: one page,
// many pages one after another, JSON Lines of pages or of items, or an
// array of items (--query Items); gzip is recognised by its magic bytes.
// src names the input in errors. Every error about the content matches
// ErrInvalid and names the record's position.
func ReadSessions(src string, r io.Reader, opt SessionOptions) (*SessionSet, error) {
	sc, err := newScanner(src, r, opt.Limits)
	if err != nil {
		return nil, err
	}
	b := newSessionBuilder(src, opt)
	if err := readItems(sc, "Items", sessionKeys, b.add); err != nil {
		return nil, err
	}
	t := &b.set.Tally
	t.Records = sc.rec
	t.Pages, t.PagesWithNextToken, t.LastPageHasNextToken = sc.pages, sc.tokenPages, sc.lastToken != ""
	t.UnknownPageKeys = sc.unknownKeys
	b.finish()
	b.set.StreamGroup = b.group
	return b.set, nil
}

type sessionBuilder struct {
	set       *SessionSet
	opt       SessionOptions
	group     string // filter: stream group id
	app       string // filter: application id
	locs      map[string]uint16
	apps      map[string]uint16
	groups    Names
	keyHasher interface {
		Reset()
		Write([]byte) (int, error)
		Sum([]byte) []byte
	}
	sum []byte
}

func newSessionBuilder(src string, opt SessionOptions) *sessionBuilder {
	return &sessionBuilder{
		set: &SessionSet{Source: src}, opt: opt,
		group: lastPart(opt.StreamGroup, "streamgroup/"), app: lastPart(opt.Application, "application/"),
		locs: map[string]uint16{}, apps: map[string]uint16{}, keyHasher: fnv.New128a(),
	}
}

// lastPart returns what follows marker in an ARN, or s itself.
func lastPart(s, marker string) string {
	if i := strings.Index(s, marker); i >= 0 {
		return s[i+len(marker):]
	}
	return s
}

// groupOf returns the stream group id an Arn names, or "".
func groupOf(arn string) string {
	_, rest, ok := strings.Cut(arn, "streamsession/")
	if !ok {
		return ""
	}
	g, _, ok := strings.Cut(rest, "/")
	if !ok {
		return ""
	}
	return g
}

func (b *sessionBuilder) add(js *sessionJSON) error {
	t := &b.set.Tally
	if js.Arn == "" {
		return fieldErr("Arn", "missing: every stream session has one (is this ListStreamSessions output?)")
	}
	if len(js.Arn) > 2048 {
		return fieldErr("Arn", "%d bytes: not an ARN", len(js.Arn))
	}
	created, zc, err := parseStamp("CreatedAt", js.CreatedAt)
	if err != nil {
		return err
	}
	updated, zu, err := parseStamp("LastUpdatedAt", js.LastUpdatedAt)
	if err != nil {
		return err
	}
	if js.Status == "" {
		return fieldErr("Status", "missing: every stream session has one")
	}
	t.Zones.Add(zc)
	t.Zones.Add(zu)
	g := groupOf(js.Arn)
	if g == "" {
		t.NoStreamGroup++
	} else {
		b.groups.Add(g)
	}
	switch {
	case b.group != "" && g != b.group:
		t.OtherStreamGroup++
		return nil
	case b.app != "" && lastPart(js.ApplicationArn, "application/") != b.app:
		t.OtherApplication++
		return nil
	}
	st, ok := parseStatus(js.Status)
	if !ok {
		t.UnknownStatus.Add(js.Status)
		return nil
	}
	return b.keep(js, st, created, updated)
}

func (b *sessionBuilder) keep(js *sessionJSON, st streams.Status, created, updated int64) error {
	t := &b.set.Tally
	rs, ok := parseReason(js.StatusReason)
	if !ok {
		t.UnknownReason.Add(js.StatusReason)
	}
	loc, err := intern(b.locs, &b.set.Locations, js.Location, "Location", true)
	if err != nil {
		return err
	}
	app, err := intern(b.apps, &b.set.Applications, js.ApplicationArn, "ApplicationArn", false)
	if err != nil {
		return err
	}
	b.keyHasher.Reset()
	b.keyHasher.Write([]byte(js.Arn))
	b.sum = b.keyHasher.Sum(b.sum[:0])
	s := Session{CreatedAt: created, UpdatedAt: updated, Status: st, Reason: rs, Location: loc, App: app}
	for i := range 8 {
		s.key[0] = s.key[0]<<8 | uint64(b.sum[i])
		s.key[1] = s.key[1]<<8 | uint64(b.sum[8+i])
	}
	b.set.Sessions = append(b.set.Sessions, s)
	return nil
}

// intern returns the index of name in the table, adding it if new.
func intern(idx map[string]uint16, table *[]string, name, field string, isLocation bool) (uint16, error) {
	if i, ok := idx[name]; ok {
		return i, nil
	}
	if isLocation && !validLocation(name) {
		return 0, fieldErr(field, "%s is not a location name (letters, digits and '-', e.g. us-east-1)", strconv.Quote(clip(name)))
	}
	if len(name) > 2048 {
		return 0, fieldErr(field, "%d bytes: not a name of this API", len(name))
	}
	if len(*table) >= maxNamesInTable {
		return 0, fieldErr(field, "more than %d distinct values: not one stream group's export", maxNamesInTable)
	}
	i := uint16(len(*table))
	idx[name] = i
	*table = append(*table, name)
	return i, nil
}

func validLocation(s string) bool {
	if len(s) > 64 {
		return false
	}
	for _, r := range s {
		if !(r == '-' || r >= '0' && r <= '9' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z') {
			return false
		}
	}
	return true
}

// finish deduplicates by Arn (the latest LastUpdatedAt wins; equal ones:
// the one read last), sorts by CreatedAt and counts.
func (b *sessionBuilder) finish() {
	set, t := b.set, &b.set.Tally
	ss := set.Sessions
	ss, t.Duplicates = dedupe(ss, func(x, y Session) int {
		return cmp.Or(cmp.Compare(x.key[0], y.key[0]), cmp.Compare(x.key[1], y.key[1]), cmp.Compare(x.UpdatedAt, y.UpdatedAt))
	}, func(x, y *Session) bool { return x.key == y.key })
	slices.SortFunc(ss, func(x, y Session) int {
		return cmp.Or(cmp.Compare(x.CreatedAt, y.CreatedAt), cmp.Compare(x.key[0], y.key[0]), cmp.Compare(x.key[1], y.key[1]))
	})
	for i := range ss {
		s := &ss[i]
		if s.UpdatedAt < s.CreatedAt {
			t.UpdatedBeforeCreated++
			s.UpdatedAt = s.CreatedAt
		}
		if !s.Ended() {
			t.Running++
		} else if s.Reason == ReasonNone {
			t.NoReason++
		}
		if set.Locations[s.Location] == "" {
			t.NoLocation++
		}
		set.ExportedAt = max(set.ExportedAt, s.UpdatedAt)
	}
	set.Sessions = ss
	t.Kept = len(ss)
	set.StreamGroups = b.groups.Sorted()
}
