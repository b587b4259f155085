package api

import (
	"bytes"
	"encoding/json"
	"net"
	"strconv"

	"github.com/labstack/echo/v4"
)

// Listener wraps the server's listener so that the refusals net/http
// writes itself, before any handler runs (an oversized header block, a
// malformed request line or header, a bad Content-Length, an unsupported
// transfer encoding), reach the client as problem+json like every other
// error. net/http offers no hook for these: it writes a fixed text/plain
// response straight to the connection and closes it, so the wrapper
// recognises exactly that response and rewrites it.
func Listener(ln net.Listener) net.Listener { return listener{ln} }

type listener struct{ net.Listener }

func (l listener) Accept() (net.Conn, error) {
	c, err := l.Listener.Accept()
	if err != nil {
		return nil, err
	}
	return &conn{Conn: c}, nil
}

// conn rewrites net/http's own refusal; every other write passes through.
type conn struct {
	net.Conn
	answered bool // a response has gone out on this connection
}

// goRefusalHeaders is what net/http's refusals carry after the status
// line, and no response of ours does (ours start with other headers).
var goRefusalHeaders = []byte("\r\nContent-Type: text/plain; charset=utf-8\r\nConnection: close\r\n\r\n")

func (c *conn) Write(p []byte) (int, error) {
	if c.answered || !bytes.HasPrefix(p, []byte("HTTP/1.1 ")) {
		c.answered = true
		return c.Conn.Write(p)
	}
	c.answered = true
	i := bytes.Index(p, goRefusalHeaders)
	if i < 0 {
		return c.Conn.Write(p)
	}
	code, err := strconv.Atoi(string(p[len("HTTP/1.1 "):min(len("HTTP/1.1 ")+3, i)]))
	if err != nil || code < 400 || code > 599 {
		return c.Conn.Write(p)
	}
	pr := refusalProblem(code)
	body, _ := json.Marshal(pr)
	var out bytes.Buffer
	out.WriteString("HTTP/1.1 " + strconv.Itoa(pr.Status) + " " + pr.Title + "\r\n")
	out.WriteString("Content-Type: application/problem+json\r\n")
	out.WriteString("Content-Length: " + strconv.Itoa(len(body)) + "\r\n")
	out.WriteString("X-Content-Type-Options: nosniff\r\nConnection: close\r\n\r\n")
	out.Write(body)
	if _, err := c.Conn.Write(out.Bytes()); err != nil {
		return 0, err
	}
	return len(p), nil
}

// refusalProblem is the problem of a refusal net/http made with code.
func refusalProblem(code int) *Problem {
	return toProblem(echo.NewHTTPError(code))
}
