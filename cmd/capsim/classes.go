package main

import (
	"fmt"
	"io"
	"text/tabwriter"

	"github.com/capsim/capsim/models/streams"
)

const classesUsage = `Usage: capsim classes

Lists the GameLift Streams stream classes capsim models, with the prices it
ships (only prices with a public source; see README).

Example:
  capsim classes | grep win2022
`

func cmdClasses(args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet("classes", classesUsage, stderr)
	if _, err := parseInterspersed(fs, args); err != nil {
		return err
	}
	tw := tabwriter.NewWriter(stdout, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "CLASS\tGPU\tvCPU\tRAM GB\tVRAM GB\tTENANCY\tOS\tDEFAULT CAPACITY\tSOURCE")
	for _, c := range streams.Classes() {
		fmt.Fprintf(tw, "%s\t%s\t%d\t%d\t%d\t%d\t%s\t%d\t%s\n", c.Name, c.GPU, c.VCPU, c.RAMGB, c.VRAMGB, c.Tenancy, c.OS, c.DefaultCapacity, c.Source)
	}
	tw.Flush()
	fmt.Fprintln(stdout)
	tw = tabwriter.NewWriter(stdout, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "SHIPPED PRICE\tLOCATION\tUSD/HOUR\tSTATED UNIT\tSOURCE")
	for _, p := range streams.ShippedPrices() {
		fmt.Fprintf(tw, "%s\t%s\t%g\t%s\t%s (%s)\n", p.Class, p.Location, p.USDPerHour, p.StatedUnit, p.Source, p.Date)
	}
	return tw.Flush()
}
