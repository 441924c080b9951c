package outdir

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
)

// Replace renames src to dst. If dst exists it is first renamed to aside
// (moved reports it), and put back if the second rename fails, so that
// dst is src or what it was, never lost: the one directory swap with
// rollback of capsim's outputs and stores.
func Replace(src, dst, aside string) (moved bool, err error) {
	return replace(os.Lstat, os.Rename, src, dst, aside)
}

// ReplaceIn is [Replace] of names under root, which follows no link out
// of it.
func ReplaceIn(root *os.Root, src, dst, aside string) (moved bool, err error) {
	return replace(root.Lstat, root.Rename, src, dst, aside)
}

func replace(lstat func(string) (os.FileInfo, error), rename func(string, string) error, src, dst, aside string) (moved bool, err error) {
	if _, err := lstat(dst); err == nil {
		if err := rename(dst, aside); err != nil {
			return false, fmt.Errorf("moving the previous %s aside: %w", filepath.Base(dst), err)
		}
		moved = true
	}
	if err := rename(src, dst); err != nil {
		if moved {
			if back := rename(aside, dst); back != nil {
				err = errors.Join(err, back)
			}
		}
		return false, err
	}
	return moved, nil
}
