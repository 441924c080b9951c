// Command capsim simulates GameLift Streams capacity: see README.md.
package main

import "os"

func main() { os.Exit(Main(os.Args[1:], os.Stdout, os.Stderr)) }
