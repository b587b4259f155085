package api

import (
	"context"
	"crypto/tls"
	"encoding/json"
	"errors"
	"net"
	"strconv"
	"time"
)

// tlsHandshakeTimeout bounds each client's TLS handshake.
const tlsHandshakeTimeout = 10 * time.Second

// TLSListener serves HTTPS on ln with cfg (which should offer "h2" and
// "http/1.1" in NextProtos): HTTP/2 where the client negotiates it, else
// HTTP/1.1 with Listener's problem+json answers to what net/http refuses.
//
// net/http serves HTTP/2 only on a *tls.Conn, and its HTTP/1.1 refusals
// go straight to that connection, where Listener can't see them as text.
// So the handshake is done here, before net/http sees the connection: an
// HTTP/2 connection is handed over as the *tls.Conn; an HTTP/1.1 one is
// wrapped in Listener's conn, above TLS, which also reports the TLS state
// (Request.TLS). Handshakes run side by side, each within
// tlsHandshakeTimeout, so a slow client holds up no other. A client that
// speaks plain HTTP to the port is answered with a problem.
func TLSListener(ln net.Listener, cfg *tls.Config) net.Listener {
	ctx, cancel := context.WithCancel(context.Background())
	l := &tlsListener{Listener: ln, cfg: cfg, ready: make(chan accepted), ctx: ctx, cancel: cancel}
	go l.acceptLoop()
	return l
}

type tlsListener struct {
	net.Listener
	cfg   *tls.Config
	ready chan accepted
	// ctx ends at Close, and with it every handshake under way.
	ctx    context.Context
	cancel context.CancelFunc
}

// accepted is a connection ready for net/http, or the error Accept got.
type accepted struct {
	c   net.Conn
	err error
}

// Accept returns the next connection whose handshake succeeded.
func (l *tlsListener) Accept() (net.Conn, error) {
	select {
	case a := <-l.ready:
		return a.c, a.err
	case <-l.ctx.Done():
		return nil, net.ErrClosed
	}
}

// Close stops accepting; connections still in their handshake are closed.
func (l *tlsListener) Close() error {
	l.cancel()
	return l.Listener.Close()
}

func (l *tlsListener) acceptLoop() {
	for {
		c, err := l.Listener.Accept()
		if err != nil {
			// net/http retries temporary errors and stops at the rest.
			select {
			case l.ready <- accepted{err: err}:
			case <-l.ctx.Done():
				return
			}
			if errors.Is(err, net.ErrClosed) {
				return
			}
			continue
		}
		go l.handshake(c)
	}
}

func (l *tlsListener) handshake(raw net.Conn) {
	tc := tls.Server(raw, l.cfg)
	ctx, cancel := context.WithTimeout(l.ctx, tlsHandshakeTimeout)
	defer cancel()
	if err := tc.HandshakeContext(ctx); err != nil {
		var re tls.RecordHeaderError
		if errors.As(err, &re) && re.Conn != nil && looksLikeHTTP(re.RecordHeader) {
			refusePlainHTTP(re.Conn)
		}
		raw.Close()
		return
	}
	var c net.Conn = tc
	if tc.ConnectionState().NegotiatedProtocol != "h2" {
		c = &tlsConn{conn: conn{Conn: tc}, state: tc.ConnectionState}
	}
	select {
	case l.ready <- accepted{c: c}:
	case <-l.ctx.Done():
		c.Close()
	}
}

// tlsConn is Listener's conn over TLS, with the TLS state net/http puts
// in Request.TLS.
type tlsConn struct {
	conn
	state func() tls.ConnectionState
}

// ConnectionState reports the connection's TLS state.
func (c *tlsConn) ConnectionState() tls.ConnectionState { return c.state() }

// looksLikeHTTP reports whether the first bytes of a TLS record are the
// start of a plain HTTP request, as net/http tells them.
func looksLikeHTTP(hdr [5]byte) bool {
	switch string(hdr[:]) {
	case "GET /", "HEAD ", "POST ", "PUT /", "OPTIO", "DELET", "PATCH":
		return true
	}
	return false
}

// refusePlainHTTP answers a plain HTTP request on the HTTPS port.
func refusePlainHTTP(c net.Conn) {
	pr := errPlainHTTP
	body, _ := json.Marshal(pr)
	_ = c.SetWriteDeadline(time.Now().Add(time.Second))
	_, _ = c.Write([]byte("HTTP/1.1 " + strconv.Itoa(pr.Status) + " " + pr.Title + "\r\n" +
		"Content-Type: application/problem+json\r\nContent-Length: " + strconv.Itoa(len(body)) + "\r\n" +
		"X-Content-Type-Options: nosniff\r\nConnection: close\r\n\r\n" + string(body)))
}
