package outdir

import (
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// Replace puts src in dst's place; an existing dst goes aside, and comes
// back when the swap fails, so dst is never lost.
func TestReplace(t *testing.T) {
	dir := t.TempDir()
	src, dst, aside := filepath.Join(dir, "src"), filepath.Join(dir, "dst"), filepath.Join(dir, "aside")
	write := func(d, name string) {
		if err := os.MkdirAll(d, 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(d, name), nil, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write(src, "new")
	if moved, err := Replace(src, dst, aside); err != nil || moved {
		t.Fatalf("into nothing: moved %v, %v", moved, err)
	}
	write(src, "newer")
	if moved, err := Replace(src, dst, aside); err != nil || !moved {
		t.Fatalf("over dst: moved %v, %v", moved, err)
	}
	if _, err := os.Stat(filepath.Join(dst, "newer")); err != nil {
		t.Errorf("dst is not src: %v", err)
	}
	if _, err := os.Stat(filepath.Join(aside, "new")); err != nil {
		t.Errorf("the old dst is not aside: %v", err)
	}
	// A src that is not there: the swap fails and dst comes back.
	if err := os.RemoveAll(aside); err != nil {
		t.Fatal(err)
	}
	if _, err := Replace(filepath.Join(dir, "missing"), dst, aside); err == nil {
		t.Fatal("replacing with a missing src succeeded")
	}
	if _, err := os.Stat(filepath.Join(dst, "newer")); err != nil {
		t.Errorf("dst was lost after a failed swap: %v", err)
	}
}

// Prepare refuses a file and a directory capsim did not write (ErrRefused),
// and Commit swaps a written directory in whole, with its manifest.
func TestPrepareAndCommit(t *testing.T) {
	dir := t.TempDir()
	file, foreign := filepath.Join(dir, "file"), filepath.Join(dir, "foreign")
	if err := os.WriteFile(file, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.MkdirAll(foreign, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(foreign, "notes"), nil, 0o644); err != nil {
		t.Fatal(err)
	}
	set := NewSet()
	for _, bad := range []string{file, foreign} {
		if _, err := Prepare(set, bad); !errors.Is(err, ErrRefused) || !strings.Contains(err.Error(), "--out "+bad) {
			t.Errorf("%s: %v, want ErrRefused naming it", bad, err)
		}
	}
	out := filepath.Join(dir, "out")
	o, err := Prepare(set, out)
	if err != nil {
		t.Fatal(err)
	}
	if err := o.Create("a/b.txt", func(w io.Writer) error { _, err := io.WriteString(w, "x"); return err }); err != nil {
		t.Fatal(err)
	}
	var listed []string
	err = o.Commit(func(create func(string, func(io.Writer) error) error, files []string) error {
		listed = files
		return create(Manifest, func(w io.Writer) error { _, err := io.WriteString(w, "{}"); return err })
	})
	if err != nil || len(listed) != 1 || listed[0] != "a/b.txt" {
		t.Fatalf("commit: %v, files %v", err, listed)
	}
	for _, name := range []string{"a/b.txt", Manifest} {
		if _, err := os.Stat(filepath.Join(out, name)); err != nil {
			t.Errorf("%s: %v", name, err)
		}
	}
	if ents, _ := os.ReadDir(dir); len(ents) != 3 {
		t.Errorf("left %d entries beside the output, want file, foreign and out", len(ents))
	}
}

// A link planted in the staging directory, or a name that climbs out of
// it, is an error of Create: nothing is written outside the directory,
// and a staging directory swapped for a link is not committed.
func TestCreateStaysInside(t *testing.T) {
	parent := t.TempDir()
	outside := filepath.Join(parent, "outside")
	if err := os.Mkdir(outside, 0o755); err != nil {
		t.Fatal(err)
	}
	o, err := Prepare(NewSet(), filepath.Join(parent, "out"))
	if err != nil {
		t.Fatal(err)
	}
	defer o.Abort()
	if err := os.Symlink(outside, filepath.Join(o.staging, "plots")); err != nil {
		t.Fatal(err)
	}
	write := func(w io.Writer) error { _, err := io.WriteString(w, "x"); return err }
	for _, name := range []string{"plots/a.svg", "../outside/b.svg", "/tmp/c.svg"} {
		if err := o.Create(name, write); err == nil {
			t.Errorf("Create(%q) wrote through a link or out of the staging directory", name)
		}
	}
	if ents, _ := os.ReadDir(outside); len(ents) != 0 {
		t.Errorf("%d files written outside", len(ents))
	}
	// The staging directory itself swapped for a link: no commit.
	moved := o.staging + "-moved"
	if err := os.Rename(o.staging, moved); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(outside, o.staging); err != nil {
		t.Fatal(err)
	}
	err = o.Commit(func(create func(string, func(io.Writer) error) error, _ []string) error { return nil })
	if err == nil || !strings.Contains(err.Error(), "no longer the directory capsim wrote") {
		t.Errorf("commit of a staging directory swapped for a link: %v", err)
	}
	os.Remove(o.staging)
	os.RemoveAll(moved)
}
