package records

import (
	"fmt"
	"io"
	"io/fs"
	"os"
	"strconv"
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
	q := strconv.Quote(clip(name))
	st, err := os.Stat(name)
	if err != nil {
		if os.IsNotExist(err) {
			return nil, &InputError{Source: name, Pos: Position{Line: 1}, Msg: "no such file: " + q + " (give the path of the file the AWS CLI wrote, or - for the standard input)"}
		}
		return nil, fmt.Errorf("%s: %w", q, err)
	}
	if kind := fileKind(st.Mode()); kind != "" {
		return nil, &InputError{Source: name, Pos: Position{Line: 1}, Msg: q + " is " + kind + ", not a file of records"}
	}
	f, err := os.Open(name)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", q, err)
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
