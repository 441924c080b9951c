package records

import (
	"cmp"
	"encoding/json"
	"fmt"
	"io"
	"slices"
	"strings"
)

// A polls file is capsim's own format, since no API returns a history of
// capacity: JSON Lines, each line one GetStreamGroup output with the time
// of the poll, either nested or merged:
//
//	{"PolledAt": "2025-12-17T10:00:00Z", "StreamGroup": {...get-stream-group output...}}
//	{"PolledAt": "2025-12-17T10:01:00Z", "Id": "sg-1AB2C3De4", "LocationStates": [...], ...}
//
// A shell loop that writes the first form, one line a minute (GetStreamGroup
// allows 10 calls a second, A12):
//
//	while :; do
//	  printf '{"PolledAt":"%s","StreamGroup":' "$(date -u +%Y-%m-%dT%H:%M:%SZ)"
//	  aws gameliftstreams get-stream-group --identifier sg-1AB2C3De4 --output json | tr -d '\n'
//	  printf '}\n'
//	  sleep 60
//	done >> polls.jsonl

// Poll is one location's state at one poll. A counter the poll did not
// carry is -1.
type Poll struct {
	At                                      int64  // Unix nanoseconds
	Location                                uint16 // index into PollSet.Locations
	Status                                  string // ACTIVATING, ACTIVE, ERROR, REMOVING, or a newer one (counted)
	AlwaysOn, OnDemand, TargetIdle, Maximum int32  // settings, in streams
	Requested, Allocated, Idle              int32  // counters, in streams (S004 §3.2)
}

// locationStatuses are a stream group location's statuses (S004).
var locationStatuses = []string{"ACTIVATING", "ACTIVE", "ERROR", "REMOVING"}

// PollSet is a polled series of one stream group's location states,
// sorted by time then location.
type PollSet struct {
	Source      string
	StreamGroup string // the group's id
	StreamClass string // as the polls give it (the last one, if it changed)
	Locations   []string
	Polls       []Poll
	Tally       PollTally
}

// PollTally counts what a read of polls met.
type PollTally struct {
	Records          int   `json:"records"`            // polls read
	LocationStates   int   `json:"location_states"`    // location states read
	OtherStreamGroup int   `json:"other_stream_group"` // polls dropped by the stream group filter
	Duplicates       int   `json:"duplicates"`         // a location polled twice at one time: the later read wins
	UnknownStatus    Names `json:"unknown_status"`     // location statuses this version does not know
	MissingCounters  int   `json:"missing_counters"`   // location states without AllocatedCapacity or IdleCapacity
	Classes          Names `json:"classes"`            // stream classes the polls named
	Zones            Names `json:"zones"`
}

type locationStateJSON struct {
	LocationName                                       string
	Status                                             string
	AlwaysOnCapacity, OnDemandCapacity                 *int64
	TargetIdleCapacity, MaximumCapacity                *int64
	RequestedCapacity, AllocatedCapacity, IdleCapacity *int64
}

type groupJSON struct {
	Arn, Id, StreamClass string
	LocationStates       []locationStateJSON
}

type pollJSON struct {
	PolledAt    json.RawMessage
	StreamGroup *groupJSON
	groupJSON
}

// maxCapacity bounds a capacity a poll may give (streams per location).
const maxCapacity = 1 << 20

// ReadPolls reads a polls file (see the format above; gzip recognised).
// streamGroup (an id or ARN) keeps only that group's polls; "" requires
// the polls to be of one group.
func ReadPolls(src string, r io.Reader, streamGroup string, lim Limits) (*PollSet, error) {
	sc, err := newScanner(src, r, lim)
	if err != nil {
		return nil, err
	}
	set := &PollSet{Source: src}
	want := lastPart(streamGroup, "streamgroup/")
	locs := map[string]uint16{}
	if err := readItems(sc, "", nil, func(js *pollJSON) error { return set.add(js, want, locs) }); err != nil {
		return nil, err
	}
	set.Tally.Records = sc.rec
	set.finish()
	return set, nil
}

func (set *PollSet) add(js *pollJSON, want string, locs map[string]uint16) error {
	t := &set.Tally
	at, zone, err := parseStamp("PolledAt", js.PolledAt)
	if err != nil {
		return err
	}
	t.Zones.Add(zone)
	g := &js.groupJSON
	if js.StreamGroup != nil {
		g = js.StreamGroup
	}
	id := g.Id
	if id == "" {
		id = lastPart(g.Arn, "streamgroup/")
	}
	if id == "" {
		return fieldErr("StreamGroup.Id", "missing: a poll is a GetStreamGroup output (with Id and LocationStates)")
	}
	switch {
	case want != "" && id != want:
		t.OtherStreamGroup++
		return nil
	case set.StreamGroup != "" && id != set.StreamGroup:
		return fieldErr("StreamGroup.Id", "polls of stream groups %s and %s: choose one with the stream group filter", set.StreamGroup, clip(id))
	}
	set.StreamGroup = id
	if g.StreamClass != "" {
		t.Classes.Add(g.StreamClass)
		set.StreamClass = g.StreamClass
	}
	for i := range g.LocationStates {
		p, err := set.poll(&g.LocationStates[i], i, at, locs)
		if err != nil {
			return err
		}
		set.Polls = append(set.Polls, p)
	}
	return nil
}

func (set *PollSet) poll(ls *locationStateJSON, i int, at int64, locs map[string]uint16) (Poll, error) {
	t := &set.Tally
	t.LocationStates++
	field := func(k string) string { return fmt.Sprintf("LocationStates[%d].%s", i, k) }
	if ls.LocationName == "" {
		return Poll{}, fieldErr(field("LocationName"), "missing")
	}
	loc, err := intern(locs, &set.Locations, ls.LocationName, field("LocationName"), true)
	if err != nil {
		return Poll{}, err
	}
	p := Poll{At: at, Location: loc, Status: ls.Status}
	if i := slices.IndexFunc(locationStatuses, func(n string) bool { return strings.EqualFold(n, ls.Status) }); i >= 0 {
		p.Status = locationStatuses[i]
	} else {
		t.UnknownStatus.Add(ls.Status)
		p.Status = clip(ls.Status)
	}
	vals := []struct {
		name string
		v    *int64
		dst  *int32
	}{
		{"AlwaysOnCapacity", ls.AlwaysOnCapacity, &p.AlwaysOn}, {"OnDemandCapacity", ls.OnDemandCapacity, &p.OnDemand},
		{"TargetIdleCapacity", ls.TargetIdleCapacity, &p.TargetIdle}, {"MaximumCapacity", ls.MaximumCapacity, &p.Maximum},
		{"RequestedCapacity", ls.RequestedCapacity, &p.Requested}, {"AllocatedCapacity", ls.AllocatedCapacity, &p.Allocated},
		{"IdleCapacity", ls.IdleCapacity, &p.Idle},
	}
	for _, v := range vals {
		*v.dst = -1
		if v.v == nil {
			continue
		}
		if *v.v < 0 || *v.v > maxCapacity {
			return Poll{}, fieldErr(field(v.name), "%d streams is not a capacity (0 to %d)", *v.v, maxCapacity)
		}
		*v.dst = int32(*v.v)
	}
	if p.Allocated < 0 || p.Idle < 0 {
		t.MissingCounters++
	}
	return p, nil
}

// finish sorts by time then location and drops a location polled twice at
// one time (the later read wins).
func (set *PollSet) finish() {
	set.Polls, set.Tally.Duplicates = dedupe(set.Polls, func(a, b Poll) int {
		return cmp.Or(cmp.Compare(a.At, b.At), cmp.Compare(set.Locations[a.Location], set.Locations[b.Location]))
	}, func(a, b *Poll) bool { return a.At == b.At && a.Location == b.Location })
}
