package capsim_test

import (
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/capsim/capsim/internal/testutil"
)

// README.md's shell blocks, each after a marker comment that says who runs
// it: <!-- setup: ... -->, <!-- install: ... -->, <!-- recipe: ... -->
// (TestNewcomerPath runs them as written), or <!-- not run: WHY -->.
var runBlockRE = regexp.MustCompile("(?s)<!-- (setup|install|recipe):[^>]*-->\n```sh\n(.*?)```\n")

// markerRE is the line before a shell block of README.md: who runs it, or
// why nothing does.
var markerRE = regexp.MustCompile(`^<!-- ((setup|install|recipe): .*|not run: .{10,})-->$`)

// readmeShellBlock is README.md's (in text) shell block after marker kind.
func readmeShellBlock(t *testing.T, text, kind string) string {
	t.Helper()
	var found []string
	for _, m := range runBlockRE.FindAllStringSubmatch(text, -1) {
		if m[1] == kind {
			found = append(found, m[2])
		}
	}
	if len(found) != 1 {
		t.Fatalf("README.md has %d %s blocks (<!-- %s: ... --> then a sh block), want 1", len(found), kind, kind)
	}
	return found[0]
}

// setupCommands are the commands of README.md's set-up block, each line
// without its comment.
func setupCommands(t *testing.T, text string) []string {
	t.Helper()
	var cmds []string
	for _, l := range strings.Split(readmeShellBlock(t, text, "setup"), "\n") {
		if l, _, _ = strings.Cut(l, "#"); strings.TrimSpace(l) != "" {
			cmds = append(cmds, strings.TrimSpace(l))
		}
	}
	if len(cmds) != 2 {
		t.Fatalf("README.md's set-up block has %d commands %q, want the two", len(cmds), cmds)
	}
	return cmds
}

// TestReadmeShellBlocksAreRun: every shell block of README.md is one the
// newcomer's test runs, or says why no test runs it.
func TestReadmeShellBlocksAreRun(t *testing.T) {
	text := readDoc(t, "README.md")
	fences := regexp.MustCompile("(?m)^```(sh|bash|shell|console)?\n").FindAllStringSubmatchIndex(text, -1)
	open := false // fences alternate: opening, closing
	for _, f := range fences {
		if open = !open; !open || f[2] < 0 {
			continue // a closing fence, or a block that is not shell
		}
		before := text[:f[0]]
		i := strings.LastIndex(strings.TrimRight(before, "\n"), "\n")
		prev := strings.TrimSpace(before[i+1:])
		line := strings.Count(before, "\n") + 1
		if !markerRE.MatchString(prev) {
			t.Errorf("README.md:%d: a shell block that no test runs and no <!-- not run: WHY --> marks (the line before it is %q)", line, prev)
		}
	}
	for _, kind := range []string{"setup", "install", "recipe"} {
		readmeShellBlock(t, text, kind)
	}
}

// TestNewcomerPath walks issue 25's newcomer: a clone of the repository's
// committed state (what a newcomer gets; uncommitted edits are not in it),
// README's first set-up command there as written, its install command
// (GOBIN a temporary directory), and the "Plan a launch" recipe as written
// in an empty directory with that capsim on PATH: a scenario of their own,
// validated, run, and optimized into a plan per location and per hour.
// README's second set-up command, go test ./..., would recurse here:
// TestCIRunsTheLongTests holds it to what .ci/run runs.
func TestNewcomerPath(t *testing.T) {
	testutil.Long(t)
	top, err := exec.Command("git", "rev-parse", "--show-toplevel").Output()
	if err != nil {
		t.Fatalf("the newcomer's test clones the repository it runs in, and this tree is not a git checkout (git rev-parse --show-toplevel: %v)", err)
	}
	tmp := t.TempDir()
	clone := filepath.Join(tmp, "capsim")
	run(t, tmp, nil, "git", "clone", "--quiet", strings.TrimSpace(string(top)), clone)
	readme, err := os.ReadFile(filepath.Join(clone, "README.md"))
	if err != nil {
		t.Fatal(err)
	}

	first := setupCommands(t, string(readme))[0]
	start := time.Now()
	run(t, clone, nil, "sh", "-e", "-c", first)
	t.Logf("%s took %.1f s", first, time.Since(start).Seconds())
	for _, f := range []string{"results/report.html", "results/summary.json", "results/plots/latency-cdf.png"} {
		if fi, err := os.Stat(filepath.Join(clone, f)); err != nil || fi.Size() == 0 {
			t.Errorf("%s wrote no %s: %v", first, f, err)
		}
	}

	bin := filepath.Join(tmp, "bin")
	run(t, clone, []string{"GOBIN=" + bin}, "sh", "-e", "-c", readmeShellBlock(t, string(readme), "install"))
	if _, err := os.Stat(filepath.Join(bin, "capsim")); err != nil {
		t.Fatalf("README's install command put no capsim in GOBIN: %v", err)
	}

	work := filepath.Join(tmp, "launch")
	if err := os.Mkdir(work, 0o755); err != nil {
		t.Fatal(err)
	}
	path := []string{"PATH=" + bin + string(os.PathListSeparator) + os.Getenv("PATH")}
	start = time.Now()
	out := run(t, work, path, "sh", "-e", "-c", readmeShellBlock(t, string(readme), "recipe"))
	took := time.Since(start)
	t.Logf("the recipe's commands took %.1f s", took.Seconds())
	if took > recipeBudget {
		t.Errorf("the recipe's commands took %v; README promises at most %v (a plan in ten minutes)", took.Round(time.Second), recipeBudget)
	}
	for _, want := range []string{"launch.toml: ok",
		"locations[*].placement_failure_ratio<=0.01", "locations[*].placement_latency_seconds.p95<=30", "locations[us-west-2]",
		"hours[*].placement_failure_ratio<=0.01", "wrote launch-static",
		"eu-central-1 maximum", "us-west-2 target_idle", "wrote launch-plan"} {
		if !strings.Contains(out, want) {
			t.Errorf("the recipe's output lacks %q:\n%s", want, out)
		}
	}
	for _, f := range []string{"launch-run/report.html", "launch-static/best.toml", "launch-static/optimize.json",
		"launch-plan/best.toml", "launch-plan/optimize.html"} {
		if fi, err := os.Stat(filepath.Join(work, f)); err != nil || fi.Size() == 0 {
			t.Errorf("the recipe wrote no %s: %v", f, err)
		}
	}
	// The plans are scenarios a newcomer runs next: capsim accepts them.
	for _, plan := range []string{"launch-static/best.toml", "launch-plan/best.toml"} {
		if got := run(t, work, nil, filepath.Join(bin, "capsim"), "validate", plan); !strings.Contains(got, "ok") {
			t.Errorf("capsim validate %s: %s", plan, got)
		}
	}
}

// recipeBudget is the most README lets the recipe's commands take on a
// 2-core machine: half the ten minutes of its title, the rest for writing
// the scenario.
const recipeBudget = 5 * time.Minute

// run runs name with args in dir (env added to the test's) and returns its
// combined output; it fails the test on a non-zero exit.
func run(t *testing.T, dir string, env []string, name string, args ...string) string {
	t.Helper()
	cmd := exec.Command(name, args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), env...)
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("%s %s (in %s): %v\n%s", name, strings.Join(args, " "), dir, err, out)
	}
	return string(out)
}

// TestReadmeGoVersion: README's install section names the Go version
// go.mod requires, so a newcomer does not install a Go that cannot build it.
func TestReadmeGoVersion(t *testing.T) {
	mod := readDoc(t, "go.mod")
	m := regexp.MustCompile(`(?m)^go ([0-9.]+)$`).FindStringSubmatch(mod)
	if m == nil {
		t.Fatal("go.mod has no go line")
	}
	want := "capsim needs Go " + m[1] + " or later (go.mod's `go " + m[1] + "`)"
	if !strings.Contains(readDoc(t, "README.md"), want) {
		t.Errorf("README.md does not say %q", want)
	}
}
