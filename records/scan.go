package records

import (
	"bytes"
	"compress/flate"
	"compress/gzip"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
)

// scanner walks the JSON values of one input: pages of an API's list
// output (an object holding an array of items), bare items (JSON Lines, or
// values one after another) and arrays of items, in any mix. It keeps no
// more than one record and the decoder's read-ahead in memory.
type scanner struct {
	src   string
	f     *feed
	dec   *json.Decoder
	lim   Limits
	rec   int      // records begun
	pos   Position // the record being read
	pages int      // pages read
	// lastToken is the NextToken of the last page read ("" if none).
	lastToken   string
	tokenPages  int   // pages that carried a NextToken
	unknownKeys Names // page keys other than the array and NextToken
}

func newScanner(src string, r io.Reader, lim Limits) (*scanner, error) {
	lim = lim.withDefaults()
	f, err := open(r, lim)
	if err != nil {
		return nil, &InputError{Source: src, Pos: Position{Line: 1}, Msg: "gzip header unreadable: " + err.Error() + " (the file starts like gzip; is it whole?)"}
	}
	dec := json.NewDecoder(f)
	dec.UseNumber()
	return &scanner{src: src, f: f, dec: dec, lim: lim}, nil
}

// shape says how one API's output looks.
type shape struct {
	arrayKey string            // the page's array of items: "Items"
	isItem   func(string) bool // a key only an item has (a bare item starts with one)
	// item decodes one item through unmarshal (the decoder's Decode for an
	// array element, json.Unmarshal of the collected bytes for a bare item).
	item func(unmarshal func(any) error) error
}

// offsetOfNext is the offset of the next byte of the input that is not
// white space or a comma: where the next value starts.
func (s *scanner) offsetOfNext() int64 {
	off := s.dec.InputOffset()
	buf, _ := io.ReadAll(io.LimitReader(s.dec.Buffered(), 4096))
	for _, b := range buf {
		if b != ' ' && b != '\t' && b != '\n' && b != '\r' && b != ',' && b != ':' {
			break
		}
		off++
	}
	return off
}

// begin starts a record where the next value starts.
func (s *scanner) begin() error {
	s.rec++
	off := s.offsetOfNext()
	s.pos = Position{Record: s.rec, Line: s.f.lineAt(off), Offset: off}
	s.f.recFrom = s.dec.InputOffset()
	return nil
}

// counted fails once the input holds more records than the limit.
func (s *scanner) counted() error {
	if s.rec > s.lim.MaxRecords {
		return s.errorf("", "more than %d records (the limit): export a shorter period into each file, or raise the limit", s.lim.MaxRecords)
	}
	return nil
}

func (s *scanner) end() { s.f.recFrom = -1 }

func (s *scanner) errorf(field, format string, args ...any) error {
	return &InputError{Source: s.src, Pos: s.pos, Field: field, Msg: fmt.Sprintf(format, args...)}
}

// fail turns a decoding error into an InputError at the record being read.
func (s *scanner) fail(err error) error {
	var ie *InputError
	var se *json.SyntaxError
	var te *json.UnmarshalTypeError
	var fe *fieldError
	var ce flate.CorruptInputError
	switch {
	case errors.As(err, &ie):
		return ie
	case errors.Is(err, errRecordTooLarge):
		return s.errorf("", "a record larger than %d bytes (the limit) is not a record of this API: is this the right file?", s.lim.MaxRecordBytes)
	case errors.Is(err, errInputTooLarge):
		return s.errorf("", "input larger than %d bytes (the limit, after decompression): split the export", s.lim.MaxInputBytes)
	case errors.Is(err, io.ErrUnexpectedEOF), errors.Is(err, io.EOF):
		return s.errorf("", "the input ends inside this record: the file is truncated (export it again, or cut the partial last record)")
	case errors.As(err, &se):
		p := s.pos
		p.Line, p.Offset = s.f.lineAt(se.Offset), se.Offset
		return &InputError{Source: s.src, Pos: p, Msg: "JSON syntax error: " + se.Error() + " (is this the JSON the AWS CLI printed, with --output json?)"}
	case errors.As(err, &fe):
		return s.errorf(fe.field, "%s", fe.msg)
	case errors.As(err, &te):
		return s.errorf(te.Field, "want a %v, got a JSON %s", te.Type, te.Value)
	case errors.Is(err, gzip.ErrChecksum), errors.Is(err, gzip.ErrHeader), errors.As(err, &ce):
		return s.errorf("", "gzip data corrupt or truncated: %v", err)
	}
	return fmt.Errorf("%s: %s: %w", s.src, s.pos, err)
}

// walk reads every top-level value of the input.
func (s *scanner) walk(sh shape) error {
	for {
		if err := s.begin(); err != nil {
			return err
		}
		tok, err := s.dec.Token()
		if err == io.EOF {
			s.rec--
			s.end()
			return nil
		}
		if err != nil {
			return s.fail(err)
		}
		switch tok {
		case json.Delim('['):
			s.rec--
			err = s.elements(sh)
		case json.Delim('{'):
			err = s.object(sh)
		default:
			return s.errorf("", "want a JSON object (a page of the API's output, or one item) or an array of items, got %v", tok)
		}
		if err != nil {
			return err
		}
	}
}

// object reads a top-level object whose '{' was read: a page or a bare item.
func (s *scanner) object(sh shape) error {
	tok, err := s.dec.Token()
	if err != nil {
		return s.fail(err)
	}
	if tok == json.Delim('}') {
		return s.errorf("", "an empty object is neither a page nor an item")
	}
	key := tok.(string) // an object's next token is a key or its end
	if sh.isItem(key) {
		if err := s.counted(); err != nil {
			return err
		}
		return s.bare(sh, key)
	}
	s.rec--
	s.end()
	s.pages++
	token := ""
	err = s.fields(key, func(key string) error {
		if key == sh.arrayKey {
			return s.array(sh)
		}
		var raw json.RawMessage
		if err := s.dec.Decode(&raw); err != nil {
			return s.fail(err)
		}
		if strings.EqualFold(key, "NextToken") {
			_ = json.Unmarshal(raw, &token)
		} else {
			s.unknownKeys.Add(key)
		}
		return nil
	})
	if err != nil {
		return err
	}
	s.lastToken = token
	if token != "" {
		s.tokenPages++
	}
	return nil
}

// array reads the page's array of items.
func (s *scanner) array(sh shape) error {
	tok, err := s.dec.Token()
	if err != nil {
		return s.fail(err)
	}
	if tok == nil { // "Items": null
		return nil
	}
	if tok != json.Delim('[') {
		return s.errorf(sh.arrayKey, "want an array, got %v", tok)
	}
	return s.elements(sh)
}

// elements reads array elements, each an item, and the closing ']'.
func (s *scanner) elements(sh shape) error {
	for s.dec.More() {
		if err := s.begin(); err != nil {
			return err
		}
		if err := s.counted(); err != nil {
			return err
		}
		if err := sh.item(s.dec.Decode); err != nil {
			return s.fail(err)
		}
		s.end()
	}
	if _, err := s.dec.Token(); err != nil {
		return s.fail(err)
	}
	return nil
}

// bare reads the rest of a top-level item whose first key was read: its
// fields are collected (within the record limit) and decoded as one object.
func (s *scanner) bare(sh shape, key string) error {
	var buf bytes.Buffer
	buf.WriteByte('{')
	err := s.fields(key, func(key string) error {
		var raw json.RawMessage
		if err := s.dec.Decode(&raw); err != nil {
			return s.fail(err)
		}
		if buf.Len() > 1 {
			buf.WriteByte(',')
		}
		k, _ := json.Marshal(key)
		buf.Write(k)
		buf.WriteByte(':')
		buf.Write(raw)
		return nil
	})
	if err != nil {
		return err
	}
	buf.WriteByte('}')
	data := buf.Bytes()
	if err := sh.item(func(v any) error { return unmarshalNumber(data, v) }); err != nil {
		return s.fail(err)
	}
	s.end()
	return nil
}

// nextKey reads an object's next key, or its end (more false).
func (s *scanner) nextKey() (key string, more bool, err error) {
	tok, err := s.dec.Token()
	if err != nil {
		return "", false, s.fail(err)
	}
	if tok == json.Delim('}') {
		return "", false, nil
	}
	return tok.(string), true, nil // an object's next token is a key or its end
}

// fields calls fn with each key of an object whose '{' and first key were
// read, the decoder at the key's value, up to the object's end.
func (s *scanner) fields(key string, fn func(key string) error) error {
	for {
		if err := fn(key); err != nil {
			return err
		}
		var more bool
		var err error
		if key, more, err = s.nextKey(); err != nil || !more {
			return err
		}
	}
}

// readItems walks the input, decoding each item into a fresh T handed to
// add; keys are the keys only an item has (nil: every top-level object is
// an item).
func readItems[T any](sc *scanner, arrayKey string, keys []string, add func(*T) error) error {
	isItem := func(string) bool { return true }
	if keys != nil {
		isItem = isKey(keys)
	}
	return sc.walk(shape{arrayKey: arrayKey, isItem: isItem, item: func(unmarshal func(any) error) error {
		var v T
		if err := unmarshal(&v); err != nil {
			return err
		}
		return add(&v)
	}})
}

// dedupe sorts xs stably by order and keeps, of each run that same says is
// one record, the last; it returns the kept, clipped, and how many it
// dropped.
func dedupe[T any](xs []T, order func(a, b T) int, same func(a, b *T) bool) ([]T, int) {
	slices.SortStableFunc(xs, order)
	out := xs[:0]
	dropped := 0
	for i := range xs {
		if i+1 < len(xs) && same(&xs[i+1], &xs[i]) {
			dropped++
			continue
		}
		out = append(out, xs[i])
	}
	return slices.Clip(out), dropped
}

func unmarshalNumber(data []byte, v any) error {
	d := json.NewDecoder(bytes.NewReader(data))
	d.UseNumber()
	return d.Decode(v)
}

// fieldError is an item's field that decoded but makes no sense.
type fieldError struct{ field, msg string }

func (e *fieldError) Error() string { return e.field + ": " + e.msg }

func fieldErr(field, format string, args ...any) error {
	return &fieldError{field: field, msg: fmt.Sprintf(format, args...)}
}
