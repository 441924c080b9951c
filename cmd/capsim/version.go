package main

import (
	"fmt"
	"io"
)

// Version is capsim's version, recorded in every summary.
const Version = "0.1.0"

const versionUsage = `Usage: capsim version

Prints capsim's version, the one recorded in every summary.
`

func cmdVersion(args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet("version", versionUsage, stderr)
	files, err := parseInterspersed(fs, args)
	if err != nil {
		return err
	}
	if len(files) > 0 {
		return &usageError{"version takes no arguments"}
	}
	fmt.Fprintln(stdout, "capsim", Version)
	return nil
}
