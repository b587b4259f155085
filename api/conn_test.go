package api

import (
	"bufio"
	"encoding/json"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"
)

// TestGoRefusalsAreProblems sends what net/http refuses before any handler
// runs, over a real connection, and expects problem+json answers.
func TestGoRefusalsAreProblems(t *testing.T) {
	s := newTestServer(t)
	srv := httptest.NewUnstartedServer(s.e)
	srv.Listener = Listener(srv.Listener)
	srv.Config.MaxHeaderBytes = 4 << 10
	srv.Start()
	t.Cleanup(srv.Close)
	addr := srv.Listener.Addr().String()
	for _, tt := range []struct {
		name    string
		request string
		status  int
	}{
		{"oversized header", "GET /healthz HTTP/1.1\r\nHost: x\r\nX-Big: " + strings.Repeat("a", 64<<10) + "\r\n\r\n", http.StatusRequestHeaderFieldsTooLarge},
		{"bad Content-Length", "POST /v1/patients HTTP/1.1\r\nHost: x\r\nContent-Length: abc\r\n\r\n", http.StatusBadRequest},
		{"two Content-Lengths", "POST /v1/patients HTTP/1.1\r\nHost: x\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\nab", http.StatusBadRequest},
		{"NUL in a header value", "GET /healthz HTTP/1.1\r\nHost: x\r\nX-A: a\x00b\r\n\r\n", http.StatusBadRequest},
		{"control byte in a header name", "GET /healthz HTTP/1.1\r\nHost: x\r\nX\x01A: b\r\n\r\n", http.StatusBadRequest},
		{"no Host", "GET /healthz HTTP/1.1\r\n\r\n", http.StatusBadRequest},
		{"unknown transfer encoding", "POST /v1/patients HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: gzip, chunked\r\n\r\n", http.StatusNotImplemented},
	} {
		t.Run(tt.name, func(t *testing.T) {
			c, err := net.DialTimeout("tcp", addr, 5*time.Second)
			if err != nil {
				t.Fatal(err)
			}
			defer c.Close()
			c.SetDeadline(time.Now().Add(5 * time.Second))
			if _, err := c.Write([]byte(tt.request)); err != nil {
				t.Fatal(err)
			}
			resp, err := http.ReadResponse(bufio.NewReader(c), nil)
			if err != nil {
				t.Fatal(err)
			}
			defer resp.Body.Close()
			var p Problem
			if resp.StatusCode != tt.status || resp.Header.Get("Content-Type") != "application/problem+json" ||
				json.NewDecoder(resp.Body).Decode(&p) != nil || p.Status != tt.status || !strings.HasPrefix(p.Type, problemTypePrefix) {
				t.Errorf("%d %s %+v, want %d problem+json", resp.StatusCode, resp.Header.Get("Content-Type"), p, tt.status)
			}
		})
	}
	// A well-formed request on the same listener is untouched.
	resp, err := http.Get(srv.URL + "/healthz")
	if err != nil || resp.StatusCode != http.StatusOK || resp.Header.Get("Content-Type") != "application/json" {
		t.Fatalf("GET /healthz: %v %v", resp, err)
	}
	resp.Body.Close()
}
