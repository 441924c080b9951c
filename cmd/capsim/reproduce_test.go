package main

import (
	"bytes"
	"html"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/capsim/capsim/internal/testutil"
)

var preRE = regexp.MustCompile(`(?s)<h2>Reproduce</h2>.*?<pre>(.*?)</pre>`)

// TestReproduceLinesRunAsPasted: the command under each page's Reproduce
// heading, split into words by a POSIX shell as a reader's paste would
// be, runs (exit 0; sweep and sensitivity refuse to run without --out)
// and writes the same page again, byte for byte.
func TestReproduceLinesRunAsPasted(t *testing.T) {
	testutil.Long(t)
	scenario, err := filepath.Abs(classCompare)
	if err != nil {
		t.Fatal(err)
	}
	short := []string{"--replications", "2", "--horizon", "2h"}
	cases := []struct {
		page string
		args []string
	}{
		{"report.html", append([]string{"run"}, short...)},
		{"sweep.html", append([]string{"sweep", "--vary", "stream_group[0].location[0].always_on=2..6:4",
			"--require", "total.placement_failure_ratio<=0.5"}, short...)},
		{"sensitivity.html", append([]string{"sensitivity"}, short...)},
		{"compare.html", append([]string{"compare", scenario, "--classes", "gen4n_high,gen4n_ultra"}, short...)},
	}
	t.Chdir(t.TempDir())
	for _, c := range cases {
		t.Run(c.args[0], func(t *testing.T) {
			first := "first-" + c.args[0]
			mustCapsim(t, append(c.args, "--out", first)...)
			page, err := os.ReadFile(filepath.Join(first, c.page))
			if err != nil {
				t.Fatal(err)
			}
			m := preRE.FindSubmatch(page)
			if m == nil {
				t.Fatalf("%s has no command under Reproduce", c.page)
			}
			line := html.UnescapeString(string(m[1]))
			rest, ok := strings.CutPrefix(line, "capsim ")
			if !ok || !strings.Contains(line, " --out ") {
				t.Fatalf("Reproduce line %q: want capsim ... --out DIR", line)
			}
			words, err := exec.Command("sh", "-c", `printf '%s\0' `+rest).Output()
			if err != nil {
				t.Fatalf("sh cannot split %q: %v", line, err)
			}
			argv := strings.Split(strings.TrimSuffix(string(words), "\x00"), "\x00")
			if code, _, errOut := capsim(t, argv...); code != 0 {
				t.Fatalf("pasted %q: exit %d, stderr %q", line, code, errOut)
			}
			again, err := os.ReadFile(filepath.Join(argv[len(argv)-1], c.page))
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(again, page) {
				t.Errorf("pasted %q wrote a different %s", line, c.page)
			}
		})
	}
}
