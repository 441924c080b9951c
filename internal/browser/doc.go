// Package browser is a tiny headless-Chromium driver for tests that check
// that a generated, self-contained HTML file renders: [Load] opens the file
// in a fresh Chromium, waits for the load event, and returns a [Page] with
// the document title, the body text, the console errors and a PNG
// screenshot of the viewport. [Find] locates the browser ($CAPSIM_CHROMIUM,
// else chromium, chromium-browser or google-chrome on PATH); [Blank] tells a
// (nearly) blank screenshot from a drawn one.
//
// It speaks the Chrome DevTools Protocol (CDP) over Chromium's
// --remote-debugging-pipe: Chromium reads NUL-terminated JSON commands from
// file descriptor 3 and writes NUL-terminated JSON responses and events to
// file descriptor 4. No network port and no third-party module is involved.
//
// Each Load starts its own Chromium with a temporary profile directory and
// stops it (and removes the directory) before returning, so calls are
// independent and may run in parallel.
//
// Units: the viewport and the screenshot are in pixels (width x
// height); Load waits in wall-clock time, bounded by its context's deadline
// (this package is test tooling, outside the simulator's virtual time).
//
// Errors are prefixed "browser: ": no Chromium found (with how to install
// one), a file path that is not absolute, an invalid viewport, a page that
// fails to load, and the context's cancellation or deadline (wrapping
// ctx.Err()).
package browser
