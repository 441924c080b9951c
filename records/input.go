package records

import (
	"bufio"
	"compress/gzip"
	"errors"
	"fmt"
	"io"
)

// ErrInvalid is matched (errors.Is) by every error about an input's
// content: syntax, truncation, a missing or impossible field, a record or
// file beyond its limit. Callers exit 2 on it.
var ErrInvalid = errors.New("invalid records")

// Limits bound what a reader reads and keeps; the zero value of a field
// means its default.
type Limits struct {
	// MaxInputBytes bounds the bytes read from one input, after
	// decompression (default DefaultMaxInputBytes).
	MaxInputBytes int64
	// MaxRecordBytes bounds one record: a stream session, a poll, a
	// CloudWatch result, a game session (default DefaultMaxRecordBytes).
	MaxRecordBytes int64
	// MaxRecords bounds the records one input may hold (default
	// DefaultMaxRecords); CloudWatch points count one each.
	MaxRecords int
}

// The default limits: a 16 GiB export (decompressed) streams through; a
// record above 1 MiB is not a record of these APIs (a stream session is
// about 500 bytes); 20 million records keep the memory of what is kept
// (48 bytes a stream session) under a gigabyte.
const (
	DefaultMaxInputBytes  = 16 << 30
	DefaultMaxRecordBytes = 1 << 20
	DefaultMaxRecords     = 20_000_000
)

func (l Limits) withDefaults() Limits {
	if l.MaxInputBytes <= 0 {
		l.MaxInputBytes = DefaultMaxInputBytes
	}
	if l.MaxRecordBytes <= 0 {
		l.MaxRecordBytes = DefaultMaxRecordBytes
	}
	if l.MaxRecords <= 0 {
		l.MaxRecords = DefaultMaxRecords
	}
	return l
}

// Position is where a record starts in an input: its number (from 1, in
// reading order), its line (from 1) and its byte offset (from 0, in the
// decompressed input).
type Position struct {
	Record int
	Line   int
	Offset int64
}

func (p Position) String() string {
	if p.Record == 0 {
		return fmt.Sprintf("line %d, byte %d", p.Line, p.Offset)
	}
	return fmt.Sprintf("record %d (line %d, byte %d)", p.Record, p.Line, p.Offset)
}

// InputError is an error about one input's content, with the position of
// the record it concerns and, when one field is at fault, its name.
type InputError struct {
	Source string // the input's name, as given
	Pos    Position
	Field  string // the JSON field at fault, if one is
	Msg    string // what is wrong and how to fix it
}

func (e *InputError) Error() string {
	s := e.Source + ": "
	if e.Pos != (Position{}) {
		s += e.Pos.String() + ": "
	}
	if e.Field != "" {
		s += e.Field + ": "
	}
	return s + e.Msg
}

func (e *InputError) Is(target error) bool { return target == ErrInvalid }

// feed is the reader a JSON decoder reads: it counts the bytes handed out
// and the newlines among them, stops at the input's limit and at the limit
// of the record being read.
type feed struct {
	r       io.Reader
	pulled  int64 // bytes handed to the decoder
	max     int64 // MaxInputBytes
	recFrom int64 // offset where the record being read begins; -1: none
	recMax  int64
	nl      []int64 // offsets of newlines at or after the last line asked for
	nlHead  int
	lines   int // newlines before the last offset asked for
	err     error
}

var (
	errInputTooLarge  = errors.New("input beyond its size limit")
	errRecordTooLarge = errors.New("record beyond its size limit")
)

// maxRead keeps each read small, so that a record's bytes beyond its limit
// are never more than this many.
const maxRead = 64 << 10

func (f *feed) Read(p []byte) (int, error) {
	if f.err != nil {
		return 0, f.err
	}
	if f.recFrom >= 0 && f.pulled-f.recFrom > f.recMax {
		f.err = errRecordTooLarge
		return 0, f.err
	}
	if f.pulled >= f.max {
		f.err = errInputTooLarge
		return 0, f.err
	}
	if len(p) > maxRead {
		p = p[:maxRead]
	}
	if left := f.max - f.pulled; int64(len(p)) > left {
		p = p[:left]
	}
	n, err := f.r.Read(p)
	for i, b := range p[:n] {
		if b == '\n' {
			f.nl = append(f.nl, f.pulled+int64(i))
		}
	}
	f.pulled += int64(n)
	return n, err
}

// lineAt returns the line of byte offset off. Offsets asked for must not
// decrease: the newlines before each are forgotten once counted.
func (f *feed) lineAt(off int64) int {
	for f.nlHead < len(f.nl) && f.nl[f.nlHead] < off {
		f.nlHead++
		f.lines++
	}
	if f.nlHead > 1024 && f.nlHead*2 > len(f.nl) {
		n := copy(f.nl, f.nl[f.nlHead:])
		f.nl, f.nlHead = f.nl[:n], 0
	}
	return f.lines + 1
}

// open returns the feed of r: gzip is recognised by its magic bytes and
// decompressed (every member of a multi-member file).
func open(r io.Reader, lim Limits) (*feed, error) {
	br := bufio.NewReaderSize(r, 64<<10)
	magic, err := br.Peek(2)
	var src io.Reader = br
	if err == nil && magic[0] == 0x1f && magic[1] == 0x8b {
		zr, err := gzip.NewReader(br)
		if err != nil {
			return nil, err
		}
		src = zr
	}
	return &feed{r: src, max: lim.MaxInputBytes, recFrom: -1, recMax: lim.MaxRecordBytes}, nil
}
