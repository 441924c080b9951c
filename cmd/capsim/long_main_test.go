package main

import (
	"os"
	"testing"

	"github.com/capsim/capsim/internal/testutil"
)

// TestMain names the long tests the run left out (testutil.LongMain).
func TestMain(m *testing.M) { os.Exit(testutil.LongMain(m, "./cmd/capsim")) }
