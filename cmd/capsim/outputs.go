package main

import (
	"flag"
	"io"
	"slices"
	"strings"
	"time"

	"github.com/capsim/capsim/experiment/shard"
	"github.com/capsim/capsim/internal/outdir"
	"github.com/capsim/capsim/records"
	"github.com/capsim/capsim/reports"
)

// staged is every staging and scratch directory of this process, removed
// by a signal (signals.go).
var staged = outdir.NewSet()

// manifest is the content of outdir.Manifest.
type manifest struct {
	CapsimVersion string   `json:"capsim_version"`
	Command       string   `json:"command"`
	Files         []string `json:"files"`
}

// writeManifest writes outdir.Manifest with create: capsim's version, the
// command and the files, sorted.
func writeManifest(command string) func(create func(string, func(io.Writer) error) error, files []string) error {
	return func(create func(string, func(io.Writer) error) error, files []string) error {
		return shard.WriteJSONFile(create, outdir.Manifest, manifest{CapsimVersion: Version, Command: command,
			Files: slices.Sorted(slices.Values(files))})
	}
}

// commit writes out's manifest of command and swaps it in.
func commit(out *outdir.Dir, command string) error { return out.Commit(writeManifest(command)) }

// reproduceLine returns the command that reproduces a run's outputs,
// shell-quoted: the command and its arguments without the flags that only
// say where or how this machine runs it (--out, --workers, --quiet, --json,
// --shard, --shards, --cpuprofile, --memprofile),
// so that the line, and the report that shows it, is the same wherever and
// however the run happens.
func reproduceLine(command string, args []string, fs *flag.FlagSet) string {
	drop := map[string]bool{"out": true, "workers": true, "quiet": true, "json": true, "shard": true, "shards": true,
		"cpuprofile": true, "memprofile": true}
	q := []string{"capsim", command}
	for i := 0; i < len(args); i++ {
		a := args[i]
		if a == "--" {
			for _, rest := range args[i:] {
				q = append(q, shellQuote(rest))
			}
			break
		}
		name, _, hasValue := strings.Cut(strings.TrimLeft(a, "-"), "=")
		if strings.HasPrefix(a, "-") && len(a) > 1 && drop[name] {
			if !hasValue && !isBoolFlag(fs, name) {
				i++ // the flag's value is the next argument
			}
			continue
		}
		q = append(q, shellQuote(a))
	}
	return strings.Join(q, " ")
}

func isBoolFlag(fs *flag.FlagSet, name string) bool {
	f := fs.Lookup(name)
	if f == nil {
		return false
	}
	b, ok := f.Value.(interface{ IsBoolFlag() bool })
	return ok && b.IsBoolFlag()
}

// shellQuote quotes s for a POSIX shell if it needs quoting.
func shellQuote(s string) string {
	if s != "" && strings.IndexFunc(s, func(r rune) bool {
		return !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || strings.ContainsRune("-_./=:,+@%[]", r))
	}) < 0 {
		return s
	}
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}

// prepareOut checks and stages an optional --out DIR before anything
// runs (nil without one); the caller aborts it (a no-op once committed).
func prepareOut(dir string) (*outdir.Dir, error) {
	if dir == "" {
		return nil, nil
	}
	return outdir.Prepare(staged, dir)
}

// printText writes what write prints, made terminal-safe (names from the
// records or the scenario may hold control characters).
func printText(stdout io.Writer, write func(io.Writer) error) error {
	var b strings.Builder
	if err := write(&b); err != nil {
		return err
	}
	_, err := io.WriteString(stdout, reports.TerminalSafe(b.String()))
	return err
}

// exportedAtFlag reads --exported-at (zero time when not given).
func exportedAtFlag(s string) (time.Time, error) {
	if s == "" {
		return time.Time{}, nil
	}
	t, err := records.ParseTime(s)
	if err != nil {
		return time.Time{}, &usageError{"--exported-at: " + err.Error()}
	}
	return t, nil
}
