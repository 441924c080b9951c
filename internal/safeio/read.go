package safeio

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"syscall"
)

// ErrNotRegular is wrapped by the error of a file that is not a regular
// file (a directory, a FIFO, a device, a socket).
var ErrNotRegular = errors.New("not a regular file")

// ErrTooLarge is wrapped by the error of a file larger than its limit.
var ErrTooLarge = errors.New("too large")

// Open opens path for reading if it is a regular file of at most limit
// bytes, checked before the open (which cannot then block on a FIFO) and
// again on the file opened (which cannot then be another one).
func Open(path string, limit int64) (*os.File, error) {
	return openChecked(path, limit, os.Stat, func(flag int) (*os.File, error) { return os.OpenFile(path, flag, 0) })
}

// ReadFile reads path whole if [Open] takes it.
func ReadFile(path string, limit int64) ([]byte, error) {
	f, err := Open(path, limit)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return readAll(path, f, limit)
}

// ReadFileIn reads name under root whole if it is a regular file of at
// most limit bytes (a symbolic link leaving root is the root's error).
func ReadFileIn(root *os.Root, name string, limit int64) ([]byte, error) {
	f, err := openChecked(name, limit, root.Stat, func(flag int) (*os.File, error) { return root.OpenFile(name, flag, 0) })
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return readAll(name, f, limit)
}

// openChecked opens name with open (read-only, not blocking) if stat
// and then the file opened say it is a regular file of at most limit
// bytes.
func openChecked(name string, limit int64, stat func(string) (fs.FileInfo, error), open func(flag int) (*os.File, error)) (*os.File, error) {
	fi, err := stat(name)
	if err != nil {
		return nil, err
	}
	if err := check(name, fi, limit); err != nil {
		return nil, err
	}
	f, err := open(os.O_RDONLY | syscall.O_NONBLOCK)
	if err != nil {
		return nil, err
	}
	if fi, err = f.Stat(); err == nil {
		err = check(name, fi, limit)
	}
	if err != nil {
		f.Close()
		return nil, err
	}
	return f, nil
}

// check refuses fi unless it is a regular file of at most limit bytes.
func check(name string, fi fs.FileInfo, limit int64) error {
	if !fi.Mode().IsRegular() {
		return fmt.Errorf("%s: %w (%s)", name, ErrNotRegular, kind(fi.Mode()))
	}
	if fi.Size() > limit {
		return fmt.Errorf("%s: %w: %d bytes, larger than the limit of %d", name, ErrTooLarge, fi.Size(), limit)
	}
	return nil
}

// readAll reads f, which may have grown since it was checked, to at most
// limit bytes.
func readAll(name string, f *os.File, limit int64) ([]byte, error) {
	data, err := io.ReadAll(io.LimitReader(f, limit+1))
	if err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	if int64(len(data)) > limit {
		return nil, fmt.Errorf("%s: %w: it grew past the limit of %d bytes while read", name, ErrTooLarge, limit)
	}
	return data, nil
}

// kind names a file's type for a message.
func kind(m fs.FileMode) string {
	switch {
	case m.IsDir():
		return "a directory"
	case m&fs.ModeNamedPipe != 0:
		return "a named pipe"
	case m&fs.ModeCharDevice != 0:
		return "a character device"
	case m&fs.ModeDevice != 0:
		return "a device"
	case m&fs.ModeSocket != 0:
		return "a socket"
	case m&fs.ModeSymlink != 0:
		return "a symbolic link"
	}
	return "not a plain file"
}
