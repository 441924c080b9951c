package safeio

import (
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/capsim/capsim/internal/testutil"
)

// Every single bit flipped anywhere in a sealed file, and every
// truncation, is found: the seal covers each byte, itself included.
func TestSealFindsEveryFlipAndCut(t *testing.T) {
	obj, _ := json.MarshalIndent(map[string]any{"seed": 1, "reps": []float64{1.5, 2}}, "", " ")
	sj, err := SealJSON(obj)
	if err != nil {
		t.Fatal(err)
	}
	var back map[string]any
	if err := json.Unmarshal(sj, &back); err != nil || back["sha256"] != Sum(obj[:len(obj)-2]) {
		t.Fatalf("a sealed object is not JSON with its sum as last key: %v, %v\n%s", err, back["sha256"], sj)
	}
	sb := Seal([]byte("\x00\x01gob bytes\n"))
	for _, c := range []struct {
		name   string
		sealed []byte
		check  func([]byte) error
	}{
		{"json", sj, func(b []byte) error { _, err := UnsealJSON(b); return err }},
		{"binary", sb, func(b []byte) error { _, err := Unseal(b); return err }},
	} {
		if err := c.check(c.sealed); err != nil {
			t.Fatalf("%s: the sealed bytes are refused: %v", c.name, err)
		}
		for i := range c.sealed {
			for bit := range 8 {
				d := []byte(string(c.sealed))
				d[i] ^= 1 << bit
				if err := c.check(d); !errors.Is(err, ErrDamaged) {
					t.Fatalf("%s: bit %d of byte %d flipped: %v", c.name, bit, i, err)
				}
			}
		}
		for n := range len(c.sealed) {
			if err := c.check(c.sealed[:n]); !errors.Is(err, ErrDamaged) {
				t.Fatalf("%s: cut to %d bytes: %v", c.name, n, err)
			}
		}
		if err := c.check(append([]byte(string(c.sealed)), ' ')); !errors.Is(err, ErrDamaged) {
			t.Errorf("%s: a byte appended: %v", c.name, err)
		}
	}
	if body, err := Unseal(sb); err != nil || string(body) != "\x00\x01gob bytes\n" {
		t.Errorf("Unseal = %q, %v", body, err)
	}
	if obj2, err := UnsealJSON(sj); err != nil || string(obj2) != string(obj) {
		t.Errorf("UnsealJSON = %q, %v; want the object sealed, %q", obj2, err, obj)
	}
	for _, bad := range []string{"", "{}", "[1]", "{\n}\n", "1"} {
		if _, err := SealJSON([]byte(bad)); err == nil {
			t.Errorf("SealJSON(%q) sealed it", bad)
		}
	}
}

// Only a regular file within its limit is read; a FIFO is refused at
// once (its open would block until a writer came), a device by its type.
func TestOpenRegularOnly(t *testing.T) {
	dir := t.TempDir()
	fifo := testutil.FIFO(t, dir, "fifo")
	small := filepath.Join(dir, "small")
	if err := os.WriteFile(small, []byte("12345"), 0o644); err != nil {
		t.Fatal(err)
	}
	link := filepath.Join(dir, "link")
	if err := os.Symlink("small", link); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		path  string
		limit int64
		want  error
		text  string
	}{
		{fifo, 10, ErrNotRegular, "a named pipe"},
		{"/dev/zero", 10, ErrNotRegular, "a character device"},
		{dir, 10, ErrNotRegular, "a directory"},
		{small, 4, ErrTooLarge, "5 bytes"},
		{small, 5, nil, ""},
		{link, 5, nil, ""},
	} {
		err := testutil.Within(t, 5*time.Second, c.path, func() error { _, err := ReadFile(c.path, c.limit); return err })
		if !errors.Is(err, c.want) || (c.want != nil && !strings.Contains(err.Error(), c.text)) {
			t.Errorf("%s: %v, want %v (%s)", c.path, err, c.want, c.text)
		}
	}
	root, err := os.OpenRoot(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer root.Close()
	if err := os.Symlink("/etc/hostname", filepath.Join(dir, "out")); err != nil {
		t.Fatal(err)
	}
	if _, err := ReadFileIn(root, "out", 1<<20); err == nil {
		t.Error("ReadFileIn followed a link out of its root")
	}
	if data, err := ReadFileIn(root, "link", 5); err != nil || string(data) != "12345" {
		t.Errorf("ReadFileIn(link inside the root) = %q, %v", data, err)
	}
	if _, err := ReadFileIn(root, "fifo", 5); !errors.Is(err, ErrNotRegular) {
		t.Errorf("ReadFileIn(fifo) = %v", err)
	}
}
