package records

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"strconv"
	"time"
)

// Open opens an input named on the command line: a regular file, or "-"
// for the standard input (a pipe from the AWS CLI). A directory, a named
// pipe, a device or a socket is refused before it is opened (opening a
// pipe with no writer would block for ever), with an error matching
// ErrInvalid; so is a missing file.
func Open(name string) (io.ReadCloser, error) {
	if name == "-" {
		return io.NopCloser(os.Stdin), nil
	}
	st, err := os.Stat(name)
	if err != nil {
		if os.IsNotExist(err) {
			return nil, &InputError{Source: name, Msg: "no such file (give the path of the file the AWS CLI wrote, or - for the standard input)"}
		}
		return nil, fmt.Errorf("%s: %w", strconv.Quote(name), err)
	}
	if kind := fileKind(st.Mode()); kind != "" {
		return nil, &InputError{Source: name, Msg: kind + ", not a file of records"}
	}
	f, err := os.Open(name)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", strconv.Quote(name), err)
	}
	return f, nil
}

// kinds name the file types that are not regular files, by mode bit.
var kinds = []struct {
	bit  fs.FileMode
	name string
}{{fs.ModeDir, "a directory"}, {fs.ModeNamedPipe, "a named pipe"}, {fs.ModeSocket, "a socket"}, {fs.ModeDevice, "a device"}}

// fileKind names what a mode is when it is not a regular file ("" if it is).
func fileKind(m fs.FileMode) string {
	if m.IsRegular() {
		return ""
	}
	for _, k := range kinds {
		if m&k.bit != 0 {
			return k.name
		}
	}
	return "a special file"
}

// ReadFile opens the input name ([Open]: a file, or - for the standard
// input) and reads it with read (ReadSessions, ReadPolls, ... with their
// options bound).
func ReadFile[T any](name string, read func(src string, r io.Reader) (T, error)) (T, error) {
	f, err := Open(name)
	if err != nil {
		var zero T
		return zero, err
	}
	defer f.Close()
	src := name
	if name == "-" {
		src = "stdin"
	}
	return read(src, f)
}

// ParseTime reads a time as the records write one (ISO 8601 with a zone,
// or epoch seconds), for a command line's flag.
func ParseTime(s string) (time.Time, error) {
	raw, _ := json.Marshal(s)
	ns, _, err := parseStamp("time", raw)
	if err != nil {
		var fe *fieldError
		if errors.As(err, &fe) {
			return time.Time{}, errors.New(fe.msg)
		}
		return time.Time{}, err
	}
	return time.Unix(0, ns).UTC(), nil
}
