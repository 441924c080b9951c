package browser

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"image"
	"image/png"
	"io"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"time"
)

// Find returns the Chromium binary path: $CAPSIM_CHROMIUM if set, else the
// first of chromium, chromium-browser, google-chrome on PATH. The error says
// plainly what is missing and how to install it.
func Find() (string, error) {
	if v := os.Getenv("CAPSIM_CHROMIUM"); v != "" {
		p, err := exec.LookPath(v)
		if err != nil {
			return "", fmt.Errorf("browser: CAPSIM_CHROMIUM=%q is not an executable Chromium: %w", v, err)
		}
		return p, nil
	}
	names := []string{"chromium", "chromium-browser", "google-chrome"}
	for _, name := range names {
		if p, err := exec.LookPath(name); err == nil {
			return p, nil
		}
	}
	return "", fmt.Errorf("browser: no Chromium found: none of %s is on PATH and CAPSIM_CHROMIUM is not set; "+
		"install it with \"apt-get install chromium\" (Debian/Ubuntu) or set CAPSIM_CHROMIUM to the browser binary",
		strings.Join(names, ", "))
}

// Page is what Load observed of a rendered HTML file.
type Page struct {
	// Title is document.title.
	Title string
	// Text is document.body.innerText ("" if there is no body).
	Text string
	// ConsoleErrors lists, in arrival order, console.error and
	// console.assert calls, uncaught exceptions, and browser log entries of
	// level "error" (failed resource loads, Content-Security-Policy
	// violations, ...), each as one human-readable line.
	ConsoleErrors []string
	// Screenshot is a PNG of the viewport (width x height pixels).
	Screenshot []byte
	// Layout lists what a reader would stumble on, measured in the
	// rendered page (layoutScript): the page or a table scrolling
	// sideways, text running out of its card or cell, an SVG label out
	// of its plot or printed over another. Empty for a clean page.
	Layout []string
}

// settleTime is how long Load waits after the load event for late console
// messages (timers, promise rejections, late resource failures).
const settleTime = 300 * time.Millisecond

// closeTimeout bounds the graceful Browser.close before Chromium is killed.
const closeTimeout = 3 * time.Second

// Load opens file (an absolute path to a local HTML file) in a fresh headless
// Chromium with a width x height viewport, waits for the load event, waits a
// further short settle time (~300 ms) for late console messages, evaluates
// the title and body text, captures a PNG screenshot, and closes the browser.
// chromium is the browser binary, typically from Find.
//
// Load honours ctx's deadline and cancellation (Chromium is killed and an
// error wrapping ctx.Err() is returned); callers should always give ctx a
// deadline, since a hung browser is otherwise waited for indefinitely. Load
// always stops the process and removes its temporary --user-data-dir.
func Load(ctx context.Context, chromium, file string, width, height int) (*Page, error) {
	if !filepath.IsAbs(file) {
		return nil, fmt.Errorf("browser: Load needs an absolute file path, got %q", file)
	}
	if width <= 0 || height <= 0 {
		return nil, fmt.Errorf("browser: invalid viewport %dx%d", width, height)
	}
	if err := ctx.Err(); err != nil {
		return nil, fmt.Errorf("browser: loading %s: %w", file, err)
	}

	dir, err := os.MkdirTemp("", "capsim-chromium-")
	if err != nil {
		return nil, fmt.Errorf("browser: %w", err)
	}
	defer removeProfile(dir)

	col := &collector{loaded: make(chan struct{})}
	b, err := launch(chromium, dir, col.event)
	if err != nil {
		return nil, err
	}
	defer b.stop() // runs before removeProfile
	stopKill := context.AfterFunc(ctx, b.kill)
	defer stopKill()

	page, err := b.load(ctx, col, file, width, height)
	if err != nil {
		err = b.explain(ctx, fmt.Errorf("browser: loading %s: %w", file, err))
		if ctx.Err() != nil {
			b.kill()
		} else {
			b.close() // stop kills it if this fails
		}
		return nil, err
	}
	b.close()
	return page, nil
}

// load does the CDP conversation of Load on a started browser.
func (b *browser) load(ctx context.Context, col *collector, file string, width, height int) (*Page, error) {
	c := b.conn
	var target struct {
		TargetID string `json:"targetId"`
	}
	if err := c.call(ctx, "", "Target.createTarget", map[string]any{"url": "about:blank"}, &target); err != nil {
		return nil, err
	}
	var attached struct {
		SessionID string `json:"sessionId"`
	}
	if err := c.call(ctx, "", "Target.attachToTarget",
		map[string]any{"targetId": target.TargetID, "flatten": true}, &attached); err != nil {
		return nil, err
	}
	s := attached.SessionID
	col.setSession(s)

	for _, m := range []string{"Page.enable", "Runtime.enable", "Log.enable"} {
		if err := c.call(ctx, s, m, nil, nil); err != nil {
			return nil, err
		}
	}
	// Lifecycle events carry the loader id, so the load of our navigation
	// cannot be confused with that of the initial about:blank.
	if err := c.call(ctx, s, "Page.setLifecycleEventsEnabled", map[string]any{"enabled": true}, nil); err != nil {
		return nil, err
	}
	if err := c.call(ctx, s, "Emulation.setDeviceMetricsOverride", map[string]any{
		"width": width, "height": height, "deviceScaleFactor": 1, "mobile": false,
	}, nil); err != nil {
		return nil, err
	}

	u := (&url.URL{Scheme: "file", Path: filepath.ToSlash(file)}).String()
	var nav struct {
		FrameID   string `json:"frameId"`
		LoaderID  string `json:"loaderId"`
		ErrorText string `json:"errorText"`
	}
	if err := c.call(ctx, s, "Page.navigate", map[string]any{"url": u}, &nav); err != nil {
		return nil, err
	}
	if nav.ErrorText != "" {
		return nil, fmt.Errorf("navigating to %s: %s", u, nav.ErrorText)
	}
	col.expect(nav.FrameID, nav.LoaderID)

	if err := await(ctx, c, col.loaded, "waiting for load event"); err != nil {
		return nil, err
	}
	settle := time.NewTimer(settleTime)
	defer settle.Stop()
	if err := await(ctx, c, settle.C, "after load event"); err != nil {
		return nil, err
	}

	var eval struct {
		Result struct {
			Value struct {
				Title string `json:"title"`
				Text  string `json:"text"`
			} `json:"value"`
		} `json:"result"`
		ExceptionDetails *exceptionDetails `json:"exceptionDetails"`
	}
	if err := c.call(ctx, s, "Runtime.evaluate", map[string]any{
		"expression":    `({title: document.title, text: document.body ? document.body.innerText : ""})`,
		"returnByValue": true,
	}, &eval); err != nil {
		return nil, err
	}
	if eval.ExceptionDetails != nil {
		return nil, fmt.Errorf("evaluating title and text: %s", eval.ExceptionDetails.String())
	}

	var lay struct {
		Result struct {
			Value []string `json:"value"`
		} `json:"result"`
		ExceptionDetails *exceptionDetails `json:"exceptionDetails"`
	}
	if err := c.call(ctx, s, "Runtime.evaluate", map[string]any{"expression": layoutScript, "returnByValue": true}, &lay); err != nil {
		return nil, err
	}
	if lay.ExceptionDetails != nil {
		return nil, fmt.Errorf("measuring the layout: %s", lay.ExceptionDetails.String())
	}

	var shot struct {
		Data string `json:"data"`
	}
	if err := c.call(ctx, s, "Page.captureScreenshot", map[string]any{"format": "png"}, &shot); err != nil {
		return nil, err
	}
	img, err := base64.StdEncoding.DecodeString(shot.Data)
	if err != nil {
		return nil, fmt.Errorf("decoding screenshot: %w", err)
	}

	return &Page{
		Title:         eval.Result.Value.Title,
		Text:          eval.Result.Value.Text,
		ConsoleErrors: col.errorList(),
		Screenshot:    img,
		Layout:        lay.Result.Value,
	}, nil
}

// browser is one running Chromium with its DevTools connection.
type browser struct {
	cmd    *exec.Cmd
	conn   *conn
	stderr *tailBuffer

	exited  chan struct{} // closed once cmd.Wait has returned
	waitErr error         // cmd.Wait's result, valid after exited is closed
	killed  sync.Once
}

// launch starts chromium with profile directory dir; onEvent receives CDP
// events.
func launch(chromium, dir string, onEvent func(*message)) (*browser, error) {
	// Chromium reads commands from fd 3 (ExtraFiles[0]) and writes to fd 4
	// (ExtraFiles[1]).
	cmdR, cmdW, err := os.Pipe()
	if err != nil {
		return nil, fmt.Errorf("browser: %w", err)
	}
	evR, evW, err := os.Pipe()
	if err != nil {
		cmdR.Close()
		cmdW.Close()
		return nil, fmt.Errorf("browser: %w", err)
	}

	b := &browser{stderr: newTailBuffer(64 << 10), exited: make(chan struct{})}
	b.cmd = exec.Command(chromium,
		"--headless",
		"--no-sandbox",
		"--disable-gpu",
		"--disable-quic",
		"--no-first-run",
		"--disable-background-networking",
		"--disable-component-update",
		"--disable-sync",
		"--disable-dev-shm-usage",
		"--hide-scrollbars",
		"--mute-audio",
		"--remote-debugging-pipe",
		"--user-data-dir="+dir,
		"about:blank",
	)
	b.cmd.Stderr = b.stderr
	b.cmd.ExtraFiles = []*os.File{cmdR, evW}
	// Helper processes inherit stderr; do not wait long for them to close it.
	b.cmd.WaitDelay = 2 * time.Second
	setProcessGroup(b.cmd)

	err = b.cmd.Start()
	// The child has its own copies now; closing ours lets the reader see EOF
	// when Chromium exits and writes fail instead of blocking.
	cmdR.Close()
	evW.Close()
	if err != nil {
		cmdW.Close()
		evR.Close()
		return nil, fmt.Errorf("browser: starting %s: %w", chromium, err)
	}
	go func() {
		b.waitErr = b.cmd.Wait()
		cmdW.Close()
		evR.Close()
		close(b.exited)
	}()
	b.conn = newConn(cmdW, evR, onEvent)
	return b, nil
}

// kill kills Chromium and its helpers unless it has already exited.
func (b *browser) kill() {
	b.killed.Do(func() {
		select {
		case <-b.exited:
		default:
			killProcess(b.cmd)
		}
	})
}

// close asks Chromium to exit gracefully; stop kills it if it does not.
func (b *browser) close() {
	ctx, cancel := context.WithTimeout(context.Background(), time.Second)
	defer cancel()
	// The reply may never come: Chromium can close the pipe first.
	_ = b.conn.call(ctx, "", "Browser.close", nil, nil)
}

// stop waits briefly for Chromium to exit, killing it if it does not, and
// then waits for it to be reaped.
func (b *browser) stop() {
	t := time.NewTimer(closeTimeout)
	defer t.Stop()
	select {
	case <-b.exited:
		return
	case <-b.conn.done:
		// Chromium closed the pipe; give it a moment to exit by itself.
	case <-t.C:
	}
	select {
	case <-b.exited:
		return
	case <-time.After(200 * time.Millisecond):
	}
	b.kill()
	<-b.exited
}

// explain adds context to err: if ctx is done it says so; if Chromium died
// it adds the exit status and the tail of its stderr.
func (b *browser) explain(ctx context.Context, err error) error {
	if ctx.Err() != nil {
		if !errors.Is(err, ctx.Err()) {
			err = fmt.Errorf("%w (%w)", err, ctx.Err())
		}
		return err
	}
	if errors.Is(err, errClosed) || errors.Is(err, os.ErrClosed) || errors.Is(err, io.EOF) {
		// The pipe closed (by us reading after the reader saw it end, or
		// by Chromium exiting): wait a little for the exit status.
		select {
		case <-b.exited:
		case <-time.After(time.Second):
		}
	}
	select {
	case <-b.exited:
		status := "exited"
		if b.waitErr != nil {
			status = b.waitErr.Error()
		}
		return fmt.Errorf("%w; chromium %s; stderr tail:\n%s", err, status, b.stderr.tail(2048))
	default:
		return err
	}
}

// await waits for ch, failing with why the wait was cut short (the
// connection ended, ctx is done) prefixed by what.
func await[T any](ctx context.Context, c *conn, ch <-chan T, what string) error {
	select {
	case <-ch:
		return nil
	case <-c.done:
		return fmt.Errorf("%s: %w", what, c.closedErr())
	case <-ctx.Done():
		return fmt.Errorf("%s: %w", what, ctx.Err())
	}
}

// closedErr is why the connection ended.
func (c *conn) closedErr() error {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.err
}

// removeProfile removes the profile directory dir, retrying briefly in case
// an exiting helper process is still writing into it. It also removes the
// process-singleton directory that Chromium creates in $TMPDIR
// (org.chromium.Chromium.XXXXXX, linked from dir/SingletonSocket), which
// Chromium itself removes only when it exits cleanly.
func removeProfile(dir string) {
	if target, err := os.Readlink(filepath.Join(dir, "SingletonSocket")); err == nil {
		sd := filepath.Dir(target)
		if filepath.IsAbs(sd) && strings.HasPrefix(filepath.Base(sd), "org.chromium.Chromium.") {
			_ = os.RemoveAll(sd)
		}
	}
	for i := 0; i < 5; i++ {
		if os.RemoveAll(dir) == nil {
			return
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// collector gathers the page session's events.
type collector struct {
	mu       sync.Mutex
	session  string
	errs     []string
	loads    map[string]bool // frameID/loaderID pairs that fired "load"
	want     string          // the pair whose load closes loaded
	loaded   chan struct{}
	loadOnce sync.Once
}

func (col *collector) setSession(s string) {
	col.mu.Lock()
	col.session = s
	col.mu.Unlock()
}

// expect makes the "load" lifecycle event of loader in frame close
// col.loaded, at once if it has already fired.
func (col *collector) expect(frame, loader string) {
	col.mu.Lock()
	defer col.mu.Unlock()
	col.want = frame + "/" + loader
	if col.loads[col.want] {
		col.loadOnce.Do(func() { close(col.loaded) })
	}
}

func (col *collector) errorList() []string {
	col.mu.Lock()
	defer col.mu.Unlock()
	return append([]string(nil), col.errs...)
}

func (col *collector) addError(s string) {
	col.mu.Lock()
	col.errs = append(col.errs, s)
	col.mu.Unlock()
}

// event is the conn's event handler; it runs on the read loop and does not
// block.
func (col *collector) event(m *message) {
	col.mu.Lock()
	ours := m.SessionID != "" && m.SessionID == col.session
	col.mu.Unlock()
	if !ours {
		return
	}
	switch m.Method {
	case "Page.lifecycleEvent":
		var p struct {
			FrameID  string `json:"frameId"`
			LoaderID string `json:"loaderId"`
			Name     string `json:"name"`
		}
		if json.Unmarshal(m.Params, &p) != nil || p.Name != "load" {
			return
		}
		key := p.FrameID + "/" + p.LoaderID
		col.mu.Lock()
		if col.loads == nil {
			col.loads = make(map[string]bool)
		}
		col.loads[key] = true
		if key == col.want {
			col.loadOnce.Do(func() { close(col.loaded) })
		}
		col.mu.Unlock()
	case "Runtime.consoleAPICalled":
		var p struct {
			Type       string         `json:"type"`
			Args       []remoteObject `json:"args"`
			StackTrace *struct {
				CallFrames []struct {
					URL        string `json:"url"`
					LineNumber int    `json:"lineNumber"`
				} `json:"callFrames"`
			} `json:"stackTrace"`
		}
		if json.Unmarshal(m.Params, &p) != nil || (p.Type != "error" && p.Type != "assert") {
			return
		}
		parts := make([]string, len(p.Args))
		for i, a := range p.Args {
			parts[i] = a.String()
		}
		s := "console." + p.Type + ": " + strings.Join(parts, " ")
		if p.StackTrace != nil && len(p.StackTrace.CallFrames) > 0 {
			f := p.StackTrace.CallFrames[0]
			s += fmt.Sprintf(" (%s:%d)", f.URL, f.LineNumber+1)
		}
		col.addError(s)
	case "Runtime.exceptionThrown":
		var p struct {
			ExceptionDetails exceptionDetails `json:"exceptionDetails"`
		}
		if json.Unmarshal(m.Params, &p) != nil {
			return
		}
		col.addError("exception: " + p.ExceptionDetails.String())
	case "Log.entryAdded":
		var p struct {
			Entry struct {
				Source string `json:"source"`
				Level  string `json:"level"`
				Text   string `json:"text"`
				URL    string `json:"url"`
			} `json:"entry"`
		}
		if json.Unmarshal(m.Params, &p) != nil || p.Entry.Level != "error" {
			return
		}
		s := "log(" + p.Entry.Source + "): " + p.Entry.Text
		if p.Entry.URL != "" {
			s += " (" + p.Entry.URL + ")"
		}
		col.addError(s)
	}
}

// remoteObject is the part of a CDP Runtime.RemoteObject we print.
type remoteObject struct {
	Type                string          `json:"type"`
	Value               json.RawMessage `json:"value"`
	UnserializableValue string          `json:"unserializableValue"`
	Description         string          `json:"description"`
}

func (o remoteObject) String() string {
	if len(o.Value) > 0 {
		var s string
		if json.Unmarshal(o.Value, &s) == nil {
			return s
		}
		return string(o.Value)
	}
	if o.UnserializableValue != "" {
		return o.UnserializableValue
	}
	if o.Description != "" {
		return o.Description
	}
	return o.Type
}

// exceptionDetails is the part of a CDP Runtime.ExceptionDetails we print.
type exceptionDetails struct {
	Text       string        `json:"text"`
	URL        string        `json:"url"`
	LineNumber int           `json:"lineNumber"`
	Exception  *remoteObject `json:"exception"`
}

func (d exceptionDetails) String() string {
	s := d.Text
	if d.Exception != nil {
		if desc := d.Exception.String(); desc != "" {
			s = strings.TrimSpace(s + " " + desc)
		}
	}
	if d.URL != "" {
		s += fmt.Sprintf(" (%s:%d)", d.URL, d.LineNumber+1)
	}
	return s
}

// Blank reports whether png is (nearly) blank: it decodes the image and
// returns true if fewer than 0.5% of its pixels differ in colour from the
// top-left pixel. An image with no pixels is blank.
func Blank(pngData []byte) (bool, error) {
	img, err := png.Decode(bytes.NewReader(pngData))
	if err != nil {
		return false, fmt.Errorf("browser: decoding PNG: %w", err)
	}
	return blank(img), nil
}

func blank(img image.Image) bool {
	r := img.Bounds()
	total := r.Dx() * r.Dy()
	if total == 0 {
		return true
	}
	r0, g0, b0, a0 := img.At(r.Min.X, r.Min.Y).RGBA()
	differ := 0
	for y := r.Min.Y; y < r.Max.Y; y++ {
		for x := r.Min.X; x < r.Max.X; x++ {
			rr, gg, bb, aa := img.At(x, y).RGBA()
			if rr != r0 || gg != g0 || bb != b0 || aa != a0 {
				differ++
			}
		}
	}
	// differ/total < 0.5%
	return differ*200 < total
}

// tailBuffer is an io.Writer that keeps only the last max bytes written.
type tailBuffer struct {
	mu  sync.Mutex
	max int
	buf []byte
}

func newTailBuffer(max int) *tailBuffer { return &tailBuffer{max: max} }

func (t *tailBuffer) Write(p []byte) (int, error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.buf = append(t.buf, p...)
	if len(t.buf) > 2*t.max {
		t.buf = append(t.buf[:0], t.buf[len(t.buf)-t.max:]...)
	}
	return len(p), nil
}

// tail returns at most the last n bytes written (and never more than max),
// starting at a line boundary when one is available.
func (t *tailBuffer) tail(n int) string {
	t.mu.Lock()
	defer t.mu.Unlock()
	n = min(n, t.max)
	b := t.buf
	if len(b) > n {
		b = b[len(b)-n:]
		if i := bytes.IndexByte(b, '\n'); i >= 0 && i < len(b)-1 {
			b = b[i+1:]
		}
	}
	s := strings.TrimRight(string(b), "\n")
	if s == "" {
		return "(empty)"
	}
	return s
}
