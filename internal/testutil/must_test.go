package testutil

import (
	"errors"
	"testing"
)

// fakeTB records whether Fatal was called; it embeds testing.TB for the
// methods NoErr does not use.
type fakeTB struct {
	testing.TB
	fatal bool
}

func (f *fakeTB) Helper()      {}
func (f *fakeTB) Fatal(...any) { f.fatal = true }

func TestNoErr(t *testing.T) {
	ok, bad := &fakeTB{}, &fakeTB{}
	NoErr(ok, nil)
	NoErr(bad, errors.New("x"))
	if ok.fatal || !bad.fatal {
		t.Errorf("fatal on nil %v, on an error %v", ok.fatal, bad.fatal)
	}
}
