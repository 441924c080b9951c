package fit

import (
	"bytes"
	"fmt"
	"io"
	"io/fs"
	"time"

	"github.com/capsim/capsim/scenarios"
)

// fitted lists the scenario keys a fit sets from the records; every other
// assumption keeps its default and is listed in Streams.Defaults.
var fitted = map[string]bool{
	"service.internal_error_probability": true,
	"demand.client.no_show_probability":  true, "demand.client.afk_rate_per_hour": true,
	"demand.client.crash_rate_per_hour": true, "demand.client.disconnect_rate_per_hour": true,
	"demand.client.end_reason": true,
}

// why says, for the keys whose reason is not just "not in the records",
// what would be needed to fit them.
var why = map[string]string{
	"service.allocation_delay_linux":      "allocations show only as AllocatedCapacity rising in a poll; a poll interval shorter than the delay would be needed",
	"service.allocation_delay_windows":    "as allocation_delay_linux",
	"service.session_start_delay":         "ListStreamSessions has no time for ACTIVE: placement and start are one span",
	"demand.client.connect_delay":         "ListStreamSessions has no time for CONNECTED",
	"demand.client.reconnect_probability": "a reconnect that works leaves no trace in the records; only failures (reconnectionTimeout) do",
}

// defaults lists every assumption the fit leaves at its default.
func (f *Streams) defaults() {
	for _, a := range scenarios.Assumptions() {
		key := a.Section + "." + a.Key
		if fitted[key] || key == "demand.client.session_length_limit" && f.SessionLengthLimit > 0 {
			continue
		}
		w := why[key]
		if w == "" {
			w = "the records cannot tell it"
		}
		f.Defaults = append(f.Defaults, Default{Key: key, Value: valueText(a.Default), Why: w + "; " + a.Note})
	}
}

func valueText(v any) string {
	switch x := v.(type) {
	case time.Duration:
		return scenarios.CompactDuration(x)
	case scenarios.DistSpec:
		return x.String()
	}
	return fmt.Sprint(v)
}

// memFS serves the fitted scenario's files for the check.
type memFS map[string][]byte

func (m memFS) Open(name string) (fs.File, error) {
	data, ok := m[name]
	if !ok {
		return nil, &fs.PathError{Op: "open", Path: name, Err: fs.ErrNotExist}
	}
	return &memFile{Reader: bytes.NewReader(data), name: name, size: int64(len(data))}, nil
}

type memFile struct {
	*bytes.Reader
	name string
	size int64
}

func (f *memFile) Stat() (fs.FileInfo, error) { return memInfo{f.name, f.size}, nil }
func (f *memFile) Close() error               { return nil }

type memInfo struct {
	name string
	size int64
}

func (i memInfo) Name() string       { return i.name }
func (i memInfo) Size() int64        { return i.size }
func (i memInfo) Mode() fs.FileMode  { return 0o444 }
func (i memInfo) ModTime() time.Time { return time.Time{} }
func (i memInfo) IsDir() bool        { return false }
func (i memInfo) Sys() any           { return nil }

var _ io.Reader = (*memFile)(nil)

// Check loads the scenario as capsim run would and builds both models'
// configurations: a fit that writes a scenario capsim refuses is a bug.
func (f *Streams) Check() (*scenarios.Scenario, error) { return check(f.Scenario()) }

// check loads a fitted scenario's text, with its files, and builds it.
func check(text []byte, files map[string][]byte) (*scenarios.Scenario, error) {
	sc, err := scenarios.Parse("fitted.toml", text, memFS(files))
	if err != nil {
		return nil, fmt.Errorf("fit: the fitted scenario does not load: %w", err)
	}
	if _, _, err := sc.BuildAll(); err != nil {
		return nil, fmt.Errorf("fit: the fitted scenario does not validate: %w", err)
	}
	return sc, nil
}
