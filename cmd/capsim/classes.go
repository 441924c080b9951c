package main

import (
	"fmt"
	"io"
	"text/tabwriter"

	"github.com/capsim/capsim/models/streams"
)

const classesUsage = `Usage: capsim classes

Lists the GameLift Streams stream classes capsim models (VRAM is each
stream's share), with the prices it ships (only prices with a public source
and date, models/streams/prices.csv) and what a price is per.

Example:
  capsim classes | grep win2022
`

func cmdClasses(args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet("classes", classesUsage, stderr)
	if _, err := parseInterspersed(fs, args); err != nil {
		return err
	}
	tw := tabwriter.NewWriter(stdout, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "CLASS\tGPU\tvCPU\tRAM GB\tVRAM GB/STREAM\tTENANCY\tOS\tDEFAULT CAPACITY\tSOURCE")
	for _, c := range streams.Classes() {
		fmt.Fprintf(tw, "%s\t%s\t%d\t%d\t%d\t%d\t%s\t%d\t%s\n", c.Name, c.GPU, c.VCPU, c.RAMGB, c.VRAMGB, c.Tenancy, c.OS, c.DefaultCapacity, c.Source)
	}
	tw.Flush()
	fmt.Fprintln(stdout)
	tw = tabwriter.NewWriter(stdout, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "SHIPPED PRICE\tLOCATION\tUSD/HOUR\tCONFIDENCE\tSTATED UNIT\tSOURCE")
	for _, p := range streams.ShippedPrices() {
		fmt.Fprintf(tw, "%s\t%s\t%g\t%s\t%s\t%s (%s)\n", p.Class, p.Location, p.USDPerHour, p.Confidence, p.StatedUnit, p.Source, p.Date)
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	_, err := fmt.Fprint(stdout, pricesNote)
	return err
}

const pricesNote = `
USD/HOUR is what capsim bills per hour of one instance (TENANCY streams) under
the default service.billing_unit = "per_instance", of one stream slot under
"per_stream"; the sources disagree on the unit (STATED UNIT; q2). Confidence:
M an AWS page or its worked example, L a third party. Any other class and
location needs a [[price]] row (capsim validate --explain price).
`
