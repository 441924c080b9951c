//go:build unix

package records

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

// Open refuses what is not a file of records, before opening it.
func TestOpen(t *testing.T) {
	dir := t.TempDir()
	ok := filepath.Join(dir, "s.json")
	if err := os.WriteFile(ok, []byte(`{"Items": []}`), 0o644); err != nil {
		t.Fatal(err)
	}
	f, err := Open(ok)
	if err != nil {
		t.Fatal(err)
	}
	f.Close()
	fifo := filepath.Join(dir, "pipe")
	if err := syscall.Mkfifo(fifo, 0o644); err != nil {
		t.Fatal(err)
	}
	for name, want := range map[string]string{dir: "a directory", fifo: "a named pipe", filepath.Join(dir, "none.json"): "no such file", "/dev/null": "a device"} {
		_, err := Open(name)
		if !errors.Is(err, ErrInvalid) || !strings.Contains(err.Error(), want) {
			t.Errorf("Open(%s): %v, want %q", name, err, want)
		}
	}
}
