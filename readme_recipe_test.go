package capsim_test

import (
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/capsim/capsim/internal/testutil"
)

// recipeRE finds the README's "Plan a launch" block: the shell block after
// its recipe marker.
var recipeRE = regexp.MustCompile("(?s)<!-- recipe:[^>]*-->\n```sh\n(.*?)```\n")

// TestReadmeRecipeRunsAsWritten is the newcomer's path: the README's
// "Plan a launch" block, run by sh -e as written in an empty directory
// with capsim on PATH (as `go install ./cmd/capsim` puts it there),
// writes a scenario of its own, validates and runs it, and gets a plan
// per location and per hour.
func TestReadmeRecipeRunsAsWritten(t *testing.T) {
	testutil.Long(t)
	readme, err := os.ReadFile("README.md")
	if err != nil {
		t.Fatal(err)
	}
	m := recipeRE.FindSubmatch(readme)
	if m == nil {
		t.Fatal("README.md has no recipe block (<!-- recipe: ... --> then a sh block)")
	}
	bin := t.TempDir()
	if out, err := exec.Command("go", "build", "-o", filepath.Join(bin, "capsim"), "./cmd/capsim").CombinedOutput(); err != nil {
		t.Fatalf("go build ./cmd/capsim: %v\n%s", err, out)
	}
	work := t.TempDir()
	cmd := exec.Command("sh", "-e", "-c", string(m[1]))
	cmd.Dir = work
	cmd.Env = append(os.Environ(), "PATH="+bin+string(os.PathListSeparator)+os.Getenv("PATH"))
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("the recipe fails as written: %v\n%s", err, out)
	}
	for _, want := range []string{"launch.toml: ok", "eu-central-1 maximum", "us-west-2 target_idle", "wrote launch-plan"} {
		if !strings.Contains(string(out), want) {
			t.Errorf("the recipe's output lacks %q:\n%s", want, out)
		}
	}
	for _, f := range []string{"launch-run/report.html", "launch-plan/best.toml", "launch-plan/optimize.html"} {
		if _, err := os.Stat(filepath.Join(work, f)); err != nil {
			t.Errorf("the recipe wrote no %s: %v", f, err)
		}
	}
}
