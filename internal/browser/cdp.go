package browser

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"sync"
)

// request is one outgoing CDP command.
type request struct {
	ID        int64  `json:"id"`
	Method    string `json:"method"`
	Params    any    `json:"params,omitempty"`
	SessionID string `json:"sessionId,omitempty"`
}

// message is one incoming CDP message: a response (ID != 0) or an event
// (Method != "").
type message struct {
	ID        int64           `json:"id,omitempty"`
	Method    string          `json:"method,omitempty"`
	Params    json.RawMessage `json:"params,omitempty"`
	Result    json.RawMessage `json:"result,omitempty"`
	Error     *cdpError       `json:"error,omitempty"`
	SessionID string          `json:"sessionId,omitempty"`
}

// cdpError is the error member of a failed CDP response.
type cdpError struct {
	Code    int    `json:"code"`
	Message string `json:"message"`
	Data    string `json:"data,omitempty"`
}

func (e *cdpError) Error() string {
	if e.Data != "" {
		return fmt.Sprintf("%s (code %d: %s)", e.Message, e.Code, e.Data)
	}
	return fmt.Sprintf("%s (code %d)", e.Message, e.Code)
}

// errClosed is reported when the pipe from Chromium reaches EOF or the pipe
// to it is broken.
var errClosed = errors.New("chromium closed the DevTools pipe")

// conn is a CDP connection over Chromium's --remote-debugging-pipe: commands
// are written to w and messages read from the other pipe, each JSON message
// terminated by a NUL byte.
type conn struct {
	w       io.Writer
	wmu     sync.Mutex // serialises writes so messages do not interleave
	onEvent func(*message)

	mu      sync.Mutex
	nextID  int64
	pending map[int64]chan *message
	err     error         // why the connection ended; set before done is closed
	done    chan struct{} // closed when the read loop ends
}

// newConn starts a read loop on r. onEvent is called on the read loop's
// goroutine for every event and must not block.
func newConn(w io.Writer, r io.Reader, onEvent func(*message)) *conn {
	c := &conn{
		w:       w,
		onEvent: onEvent,
		pending: make(map[int64]chan *message),
		done:    make(chan struct{}),
	}
	go c.readLoop(r)
	return c
}

func (c *conn) readLoop(r io.Reader) {
	br := bufio.NewReaderSize(r, 64<<10)
	for {
		b, err := br.ReadBytes(0)
		if err != nil {
			if errors.Is(err, io.EOF) {
				err = errClosed
			}
			c.fail(err)
			return
		}
		b = b[:len(b)-1]
		var m message
		if err := json.Unmarshal(b, &m); err != nil {
			c.fail(fmt.Errorf("decoding DevTools message: %w", err))
			return
		}
		switch {
		case m.ID != 0:
			c.mu.Lock()
			ch := c.pending[m.ID]
			delete(c.pending, m.ID)
			c.mu.Unlock()
			if ch != nil {
				ch <- &m // buffered; the only send
			}
		case m.Method != "" && c.onEvent != nil:
			c.onEvent(&m)
		}
	}
}

func (c *conn) fail(err error) {
	c.mu.Lock()
	c.err = err
	c.mu.Unlock()
	close(c.done)
}

// call sends method with params on session (empty for the browser target)
// and waits for the response, decoding its result into result if non-nil.
func (c *conn) call(ctx context.Context, session, method string, params, result any) error {
	c.mu.Lock()
	select {
	case <-c.done:
		err := c.err
		c.mu.Unlock()
		return fmt.Errorf("%s: %w", method, err)
	default:
	}
	c.nextID++
	id := c.nextID
	ch := make(chan *message, 1)
	c.pending[id] = ch
	c.mu.Unlock()
	defer func() {
		c.mu.Lock()
		delete(c.pending, id)
		c.mu.Unlock()
	}()

	data, err := json.Marshal(request{ID: id, Method: method, Params: params, SessionID: session})
	if err != nil {
		return fmt.Errorf("%s: encoding request: %w", method, err)
	}
	data = append(data, 0)
	c.wmu.Lock()
	_, err = c.w.Write(data)
	c.wmu.Unlock()
	if err != nil {
		// Chromium has exited or closed fd 3.
		return fmt.Errorf("%s: %w: %w", method, errClosed, err)
	}

	select {
	case m := <-ch:
		if m.Error != nil {
			return fmt.Errorf("%s: %w", method, m.Error)
		}
		if result != nil {
			if err := json.Unmarshal(m.Result, result); err != nil {
				return fmt.Errorf("%s: decoding result: %w", method, err)
			}
		}
		return nil
	case <-c.done:
		c.mu.Lock()
		err := c.err
		c.mu.Unlock()
		return fmt.Errorf("%s: %w", method, err)
	case <-ctx.Done():
		return fmt.Errorf("%s: %w", method, ctx.Err())
	}
}
