package browser

import (
	"bytes"
	"context"
	"errors"
	"image"
	"image/color"
	"image/png"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/capsim/capsim/internal/testutil"
)

// chromium returns the browser binary. It fails (never skips) the test when
// there is none: these tests are meant to run where Chromium is installed.
func chromium(t *testing.T) string {
	t.Helper()
	bin, err := Find()
	if err != nil {
		t.Fatal(err)
	}
	return bin
}

// writePage writes html to a file in a fresh temporary directory and returns
// its absolute path. The name contains a space and a '#' to exercise URL
// escaping.
func writePage(t *testing.T, html string) string {
	t.Helper()
	file := filepath.Join(t.TempDir(), "report #1.html")
	if err := os.WriteFile(file, []byte(html), 0o644); err != nil {
		t.Fatal(err)
	}
	return file
}

// load loads html in a width x height viewport, failing the test on error.
func load(t *testing.T, html string, width, height int) *Page {
	t.Helper()
	bin := chromium(t)
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	p, err := Load(ctx, bin, writePage(t, html), width, height)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

const goodPage = `<!doctype html>
<html><head><meta charset="utf-8"><title>Capacity report</title>
<style>body{margin:0;background:#fff;font-family:sans-serif} svg{position:absolute;left:40px;top:120px}</style>
</head><body>
<h1>Capacity report</h1>
<p>Utilisation 87%</p>
<svg width="300" height="150" xmlns="http://www.w3.org/2000/svg">
<rect x="0" y="0" width="300" height="150" fill="#d62728"/>
<circle cx="150" cy="75" r="50" fill="#1f77b4"/>
</svg>
</body></html>`

func TestLoadGoodPage(t *testing.T) {
	testutil.Long(t)
	t.Parallel()
	const w, h = 640, 400
	p := load(t, goodPage, w, h)
	if p.Title != "Capacity report" {
		t.Errorf("Title = %q, want %q", p.Title, "Capacity report")
	}
	if !strings.Contains(p.Text, "Capacity report") || !strings.Contains(p.Text, "Utilisation 87%") {
		t.Errorf("Text = %q, want the heading and the paragraph", p.Text)
	}
	if len(p.ConsoleErrors) != 0 {
		t.Errorf("ConsoleErrors = %q, want none", p.ConsoleErrors)
	}

	img, err := png.Decode(bytes.NewReader(p.Screenshot))
	if err != nil {
		t.Fatalf("screenshot is not a PNG: %v", err)
	}
	if b := img.Bounds(); b.Dx() != w || b.Dy() != h {
		t.Errorf("screenshot is %dx%d, want %dx%d", b.Dx(), b.Dy(), w, h)
	}
	if blank, err := Blank(p.Screenshot); err != nil || blank {
		t.Errorf("Blank(screenshot) = %v, %v; want false, nil", blank, err)
	}
	// The SVG really rendered: red in the rectangle's corner, blue at the
	// circle's centre.
	checkPixel(t, img, 40+10, 120+10, color.RGBA{0xd6, 0x27, 0x28, 0xff})
	checkPixel(t, img, 40+150, 120+75, color.RGBA{0x1f, 0x77, 0xb4, 0xff})
}

func checkPixel(t *testing.T, img image.Image, x, y int, want color.RGBA) {
	t.Helper()
	got := color.RGBAModel.Convert(img.At(x, y)).(color.RGBA)
	near := func(a, b uint8) bool { return a-b <= 2 || b-a <= 2 }
	if !near(got.R, want.R) || !near(got.G, want.G) || !near(got.B, want.B) {
		t.Errorf("pixel (%d,%d) = %v, want about %v", x, y, got, want)
	}
}

func TestConsoleErrors(t *testing.T) {
	testutil.Long(t)
	t.Parallel()
	cases := []struct {
		name string
		html string
		want []string // substrings that one error must all contain
	}{
		{
			name: "console.error",
			html: `<!doctype html><title>t</title><p>x</p><script>console.error("boom")</script>`,
			want: []string{"console.error", "boom"},
		},
		{
			// Chromium reports a failed file:// subresource as a Log entry
			// "Failed to load resource: net::ERR_FILE_NOT_FOUND" with the
			// resource's URL.
			name: "failed image",
			html: `<!doctype html><title>t</title><p>x</p><img src="missing.png" alt="">`,
			want: []string{"Failed to load resource", "ERR_FILE_NOT_FOUND", "/missing.png"},
		},
		{
			name: "uncaught exception",
			html: `<!doctype html><title>t</title><p>x</p><script>null.f()</script>`,
			want: []string{"Uncaught TypeError"},
		},
		{
			name: "CSP violation",
			html: `<!doctype html><meta http-equiv="Content-Security-Policy" content="default-src 'none'">` +
				`<title>t</title><p>x</p><script>document.title = "script ran"</script>`,
			want: []string{"Content Security Policy", "inline script"},
		},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			p := load(t, tc.html, 320, 240)
			if p.Title != "t" {
				t.Errorf("Title = %q, want %q", p.Title, "t")
			}
			for _, e := range p.ConsoleErrors {
				if containsAll(e, tc.want) {
					return
				}
			}
			t.Errorf("no console error contains all of %q; got %q", tc.want, p.ConsoleErrors)
		})
	}
}

func containsAll(s string, subs []string) bool {
	for _, sub := range subs {
		if !strings.Contains(s, sub) {
			return false
		}
	}
	return true
}

func encodePNG(t *testing.T, img image.Image) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func TestBlank(t *testing.T) {
	t.Parallel()
	white := func() *image.RGBA {
		img := image.NewRGBA(image.Rect(0, 0, 200, 100))
		for i := range img.Pix {
			img.Pix[i] = 0xff
		}
		return img
	}
	fill := func(img *image.RGBA, r image.Rectangle, c color.RGBA) {
		for y := r.Min.Y; y < r.Max.Y; y++ {
			for x := r.Min.X; x < r.Max.X; x++ {
				img.SetRGBA(x, y, c)
			}
		}
	}
	red := color.RGBA{0xd6, 0x27, 0x28, 0xff}

	rect := white()
	fill(rect, image.Rect(50, 30, 90, 70), red) // 1600 of 20000 pixels
	speck := white()
	fill(speck, image.Rect(10, 10, 13, 13), red) // 9 of 20000 pixels: < 0.5%

	for _, tc := range []struct {
		name string
		img  image.Image
		want bool
	}{
		{"all white", white(), true},
		{"rectangle", rect, false},
		{"speck", speck, true},
	} {
		got, err := Blank(encodePNG(t, tc.img))
		if err != nil || got != tc.want {
			t.Errorf("Blank(%s) = %v, %v; want %v, nil", tc.name, got, err, tc.want)
		}
	}
	if _, err := Blank([]byte("not a png")); err == nil {
		t.Error("Blank(garbage) gave no error")
	}
}

func TestMissingFile(t *testing.T) {
	testutil.Long(t)
	t.Parallel()
	bin := chromium(t)
	// The error must come from the navigation, not the deadline: well
	// before it even on a loaded machine (14.7 s were seen with a load of
	// 17 on 2 cores and four browsers starting at once).
	const deadline = 60 * time.Second
	ctx, cancel := context.WithTimeout(context.Background(), deadline)
	defer cancel()
	start := time.Now()
	_, err := Load(ctx, bin, filepath.Join(t.TempDir(), "missing.html"), 320, 240)
	if err == nil {
		t.Fatal("Load of a missing file gave no error")
	}
	t.Logf("after %v: %v", time.Since(start).Round(time.Millisecond), err)
	if !strings.Contains(err.Error(), "ERR_FILE_NOT_FOUND") {
		t.Errorf("error %q does not mention ERR_FILE_NOT_FOUND", err)
	}
	if d := time.Since(start); d > deadline/2 {
		t.Errorf("Load took %v to fail", d)
	}
}

// TestDeadline is not parallel: it points TMPDIR at an empty directory to
// check that Load removes its profile directory even when Chromium is
// killed.
func TestDeadline(t *testing.T) {
	bin := chromium(t)
	file := writePage(t, goodPage)
	tmp := t.TempDir()
	t.Setenv("TMPDIR", tmp)

	for _, d := range []time.Duration{time.Millisecond, 150 * time.Millisecond} {
		ctx, cancel := context.WithTimeout(context.Background(), d)
		start := time.Now()
		_, err := Load(ctx, bin, file, 320, 240)
		elapsed := time.Since(start)
		cancel()
		t.Logf("deadline %v: after %v: %v", d, elapsed.Round(time.Millisecond), err)
		if !errors.Is(err, context.DeadlineExceeded) {
			t.Errorf("deadline %v: err = %v, want context.DeadlineExceeded", d, err)
		}
		if elapsed > d+3*time.Second {
			t.Errorf("deadline %v: Load returned after %v", d, elapsed)
		}
	}

	// A successful load cleans up too.
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	if _, err := Load(ctx, bin, file, 320, 240); err != nil {
		t.Fatal(err)
	}

	entries, err := os.ReadDir(tmp)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		// Load's own profile directory must go. Chromium, killed at a
		// deadline, may leave its own org.chromium.* scratch files, which
		// are not Load's to remove (seen under load).
		if strings.HasPrefix(e.Name(), "org.chromium.") {
			t.Logf("Chromium left its own %s in TMPDIR", e.Name())
			continue
		}
		t.Errorf("left behind in TMPDIR: %s", e.Name())
	}
}

// TestChromiumDies checks that an early exit is reported with the exit
// status and the tail of stderr rather than hanging.
func TestChromiumDies(t *testing.T) {
	t.Parallel()
	fake := filepath.Join(t.TempDir(), "fake-chromium")
	script := "#!/bin/sh\necho 'fake chromium: cannot open display' >&2\nexit 3\n"
	if err := os.WriteFile(fake, []byte(script), 0o755); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	_, err := Load(ctx, fake, writePage(t, goodPage), 320, 240)
	if err == nil {
		t.Fatal("Load with a dying browser gave no error")
	}
	t.Logf("%v", err)
	for _, want := range []string{"exit status 3", "cannot open display"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error %q does not mention %q", err, want)
		}
	}
}

func TestFind(t *testing.T) {
	exe := filepath.Join(t.TempDir(), "my-chromium")
	if err := os.WriteFile(exe, []byte("#!/bin/sh\n"), 0o755); err != nil {
		t.Fatal(err)
	}
	t.Setenv("CAPSIM_CHROMIUM", exe)
	if got, err := Find(); err != nil || got != exe {
		t.Errorf("Find() with CAPSIM_CHROMIUM = %q, %v; want %q", got, err, exe)
	}

	t.Setenv("CAPSIM_CHROMIUM", "")
	t.Setenv("PATH", t.TempDir())
	_, err := Find()
	if err == nil || !strings.Contains(err.Error(), "apt-get install chromium") {
		t.Errorf("Find() with nothing installed: err = %v, want install advice", err)
	}
}
