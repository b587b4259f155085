package webhooks

import (
	"context"
	"net"
	"net/netip"
	"strconv"
	"testing"
	"time"
)

func TestGuardCheckURL(t *testing.T) {
	strict := &Guard{Self: []string{"127.0.0.1:8080"}}
	open := &Guard{AllowPrivate: true, Self: []string{":8080"}}
	for _, tt := range []struct {
		g   *Guard
		url string
		ok  bool
	}{
		{strict, "https://93.184.215.14/hook", true},
		{strict, "http://[2606:2800:21f:cb07:6820:80da:af6b:8b2c]:8443/x", true},
		{strict, "http://127.0.0.1/x", false},
		{strict, "http://127.1.2.3/x", false},
		{strict, "http://10.0.0.1/x", false},
		{strict, "http://172.16.5.4/x", false},
		{strict, "http://192.168.1.1/x", false},
		{strict, "http://169.254.169.254/x", false},
		{strict, "http://[fe80::1]/x", false},
		{strict, "http://[fc00::1]/x", false},
		{strict, "http://[::]/x", false},
		{strict, "http://0.0.0.0/x", false},
		{strict, "http://0.1.2.3/x", false},
		{strict, "http://224.0.0.1/x", false},
		{strict, "http://255.255.255.255/x", false},
		{strict, "http://100.100.1.1/x", false},
		{strict, "http://[::ffff:10.0.0.1]/x", false},
		{strict, "http://LOCALHOST./x", false},
		{strict, "http://api.localhost/x", false},
		{strict, "gopher://93.184.215.14/x", false},
		{strict, "https://93.184.215.14:0/x", false},
		{strict, "https://93.184.215.14:99999/x", false},
		{strict, "https:///x", false},
		{strict, "https://93.184.215.14/x#frag", false},
		{strict, "%zz", false},
		{open, "http://127.0.0.1:9000/x", true},
		{open, "http://10.0.0.1/x", true},
		{open, "http://127.0.0.1:8080/x", false}, // the service itself
		{open, "http://localhost:8080/x", false},
		{open, "http://[::1]:8080/x", false},
	} {
		err := tt.g.CheckURL(context.Background(), tt.url)
		if (err == nil) != tt.ok {
			t.Errorf("AllowPrivate=%t %s: %v, want ok=%t", tt.g.AllowPrivate, tt.url, err, tt.ok)
		}
		if err != nil && !IsRefused(err) {
			t.Errorf("%s: %v is not a refusal", tt.url, err)
		}
	}
}

// TestGuardRefusesWhenDialing: the dialer's Control refuses a disallowed
// address whatever name led to it, before any connection is made.
func TestGuardRefusesWhenDialing(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	d := &net.Dialer{Timeout: time.Second, Control: (&Guard{}).Control}
	_, err = d.DialContext(context.Background(), "tcp", "localhost:"+portString(ln.Addr()))
	if !IsRefused(err) || errorClass(err) != "refused_address" {
		t.Fatalf("dial localhost: %v (class %s), want a refusal", err, errorClass(err))
	}
	d.Control = (&Guard{AllowPrivate: true}).Control
	c, err := d.DialContext(context.Background(), "tcp", ln.Addr().String())
	if err != nil {
		t.Fatalf("allowed dial: %v", err)
	}
	c.Close()
	d.Control = (&Guard{AllowPrivate: true, Self: []string{ln.Addr().String()}}).Control
	if _, err := d.DialContext(context.Background(), "tcp", ln.Addr().String()); !IsRefused(err) {
		t.Fatalf("dial self: %v, want a refusal", err)
	}
}

func portString(a net.Addr) string {
	ap, _ := netip.ParseAddrPort(a.String())
	return strconv.Itoa(int(ap.Port()))
}

// TestBackoffIsCappedFullJitter: every wait lies in [0, min(max,
// base·2^(n-1))).
func TestBackoffIsCappedFullJitter(t *testing.T) {
	base, maxWait := 10*time.Millisecond, time.Second
	for n := 1; n <= 40; n++ {
		c := min(maxWait, base<<min(n-1, 30))
		var most time.Duration
		for range 200 {
			w := backoff(base, maxWait, n)
			if w < 0 || w >= c {
				t.Fatalf("attempt %d: wait %s outside [0, %s)", n, w, c)
			}
			most = max(most, w)
		}
		if most < c/2 {
			t.Errorf("attempt %d: 200 waits all below %s of a cap of %s: no jitter over the range", n, most, c)
		}
	}
}
