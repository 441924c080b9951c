package capsim_test

import (
	"compress/gzip"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
)

func init() {
	readmeBlocks["records-fit"] = func(t *testing.T) string { return fence(recordsRun(t).out[0]) }
	readmeBlocks["records-backtest"] = func(t *testing.T) string { return fence(recordsRun(t).out[1]) }
	readmeBlocks["records-backtest-coverage"] = fileBlock("records/backtest/testdata/coverage.md")
	readmeBlocks["records-recovery"] = fileBlock("records/fit/testdata/recovery.md")
}

// fileBlock is a block that is a file a test writes (its -update).
func fileBlock(name string) func(t *testing.T) string {
	return func(t *testing.T) string {
		data, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		return string(data)
	}
}

func fence(s string) string { return "```\n" + s + "```\n" }

// readmeRecords are the test records under the names README's commands
// give them: the files the AWS CLI would have written.
var readmeRecords = map[string]string{
	"sessions.json": "sessions.json.gz", "polls.jsonl": "sessions-polls.jsonl.gz",
	"last-day.json": "day.json.gz", "last-day-polls.jsonl": "day-polls.jsonl.gz",
}

type recordsResult struct {
	out  []string // each command's standard output
	errs []string // and its standard error
	dir  string
}

var (
	recordsOnce sync.Once
	recordsRes  recordsResult
)

// recordsRun runs, once, each capsim line of README's "Start from your own
// data" commands, as written, in a directory holding the test records
// under the names the commands use.
func recordsRun(t *testing.T) recordsResult {
	t.Helper()
	bin := capsimPath(t)
	recordsOnce.Do(func() {
		dir, err := os.MkdirTemp("", "capsim-records")
		if err != nil {
			t.Fatal(err)
		}
		recordsRes.dir = dir
		for name, src := range readmeRecords {
			gunzip(t, filepath.Join("cmd/capsim/testdata/records", src), filepath.Join(dir, name))
		}
		for _, line := range readmeCommands(t, "records") {
			cmd := exec.Command("sh", "-c", "'"+bin+"' "+strings.TrimPrefix(line, "capsim ")) // the line as a shell reads it
			cmd.Dir = dir
			var stdout, stderr strings.Builder
			cmd.Stdout, cmd.Stderr = &stdout, &stderr
			if err := cmd.Run(); err != nil {
				t.Fatalf("%s: %v\n%s", line, err, stderr.String())
			}
			recordsRes.out = append(recordsRes.out, stdout.String())
			recordsRes.errs = append(recordsRes.errs, stderr.String())
		}
	})
	if len(recordsRes.out) < 3 {
		t.Fatal("README's records commands did not all run")
	}
	return recordsRes
}

func gunzip(t *testing.T, from, to string) {
	f, err := os.Open(from)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	zr, err := gzip.NewReader(f)
	if err != nil {
		t.Fatal(err)
	}
	data, err := io.ReadAll(zr)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(to, data, 0o644); err != nil {
		t.Fatal(err)
	}
}

// readmeCommands are the capsim lines of the sh block after
// "<!-- readme-commands: NAME -->" in the one file of README.md and
// docs/*.md that has it.
func readmeCommands(t *testing.T, name string) []string {
	marker := "<!-- readme-commands: " + name + " -->\n```sh\n"
	file, data := docWith(t, marker)
	_, rest, _ := strings.Cut(data, marker)
	block, _, ok := strings.Cut(rest, "```\n")
	if !ok {
		t.Fatalf("%s: the readme-commands block %s has no end", file, name)
	}
	var out []string
	for _, l := range strings.Split(block, "\n") {
		if strings.HasPrefix(l, "capsim ") {
			out = append(out, l)
		}
	}
	return out
}

// TestReadmeRecordsCommands: every command of README's "Start from your own
// data" runs as written (exit status 0) and writes what README says.
func TestReadmeRecordsCommands(t *testing.T) {
	longUnlessUpdate(t)
	r := recordsRun(t)
	for _, f := range []string{"fitted/fitted.toml", "fitted/fit.json", "fitted/fit.html", "backtest/backtest.html", "backtest/backtest.json",
		"plan/best.toml"} {
		if _, err := os.Stat(filepath.Join(r.dir, f)); err != nil {
			t.Errorf("%s not written: %v", f, err)
		}
	}
	if !strings.Contains(r.out[2], "plan:") {
		t.Errorf("capsim optimize printed no plan:\n%s", r.out[2])
	}
}
