package webhooks

import (
	"context"
	"errors"
	"net"
	"net/netip"
	"net/url"
	"strconv"
	"strings"
	"syscall"
	"time"
)

// maxURLLength bounds an endpoint URL.
const maxURLLength = 2048

// lookupTimeout bounds the name lookup of a URL being registered, so that
// a slow resolver makes a clear refusal rather than a hung request.
const lookupTimeout = 5 * time.Second

// Guard refuses endpoint URLs that would make the service call itself or
// the network it runs in (SSRF): schemes other than http and https, the
// service's own listen addresses, and, unless AllowPrivate, addresses
// that are loopback, private, link-local, unique-local, shared (CGNAT),
// multicast or unspecified. It checks a URL when an endpoint is
// registered (CheckURL) and every address the dispatcher dials (Control),
// so that a name that resolves elsewhere later (DNS rebinding) is still
// refused.
type Guard struct {
	// AllowPrivate lets endpoints be on loopback and private addresses
	// (CONSENTRY_WEBHOOK_ALLOW_PRIVATE), e.g. a receiver on the same
	// host. The service's own addresses are refused even then.
	AllowPrivate bool
	// Self are the service's own listen addresses, host:port as given to
	// net.Listen ("127.0.0.1:8080", ":8080", "[::]:443").
	Self []string
	// Resolver looks names up (default net.DefaultResolver).
	Resolver *net.Resolver
}

// RefusedError is a URL or address the guard refuses; Reason says why in
// words fit for a client.
type RefusedError struct{ Reason string }

// Error implements error.
func (e *RefusedError) Error() string { return "webhooks: refused: " + e.Reason }

// RefusalReason says why, for the client.
func (e *RefusedError) RefusalReason() string { return e.Reason }

func refused(reason string) error { return &RefusedError{Reason: reason} }

// IsRefused reports whether err is the guard's refusal.
func IsRefused(err error) bool {
	var r *RefusedError
	return errors.As(err, &r)
}

// CheckURL parses raw and refuses it unless it is an absolute http or
// https URL without credentials whose host resolves only to allowed
// addresses. A refusal is a *RefusedError; any other error is the
// resolver's trouble.
func (g *Guard) CheckURL(ctx context.Context, raw string) error {
	if len(raw) > maxURLLength {
		return refused("the URL is longer than 2048 characters")
	}
	u, err := url.Parse(raw)
	if err != nil {
		return refused("the URL does not parse")
	}
	if u.Scheme != "http" && u.Scheme != "https" {
		return refused("the URL must be http or https")
	}
	if u.User != nil {
		return refused("the URL must not carry a user name or password")
	}
	host := u.Hostname()
	if host == "" {
		return refused("the URL has no host")
	}
	if u.Fragment != "" {
		return refused("the URL must not have a fragment")
	}
	port, err := portOf(u)
	if err != nil {
		return err
	}
	var ips []netip.Addr
	if ip, err := netip.ParseAddr(host); err == nil {
		ips = []netip.Addr{ip}
	} else {
		if strings.EqualFold(strings.TrimSuffix(host, "."), "localhost") || strings.HasSuffix(strings.ToLower(strings.TrimSuffix(host, ".")), ".localhost") {
			ips = []netip.Addr{netip.MustParseAddr("127.0.0.1"), netip.IPv6Loopback()}
		} else {
			r := g.Resolver
			if r == nil {
				r = net.DefaultResolver
			}
			lookup, cancel := context.WithTimeout(ctx, lookupTimeout)
			ips, err = r.LookupNetIP(lookup, "ip", host)
			cancel()
			if err != nil || len(ips) == 0 {
				return refused("the URL's host " + strconv.Quote(host) + " does not resolve")
			}
		}
	}
	for _, ip := range ips {
		if err := g.checkAddr(ip, port); err != nil {
			return err
		}
	}
	return nil
}

// portOf is the URL's port, explicit or its scheme's.
func portOf(u *url.URL) (uint16, error) {
	p := u.Port()
	if p == "" {
		if u.Scheme == "https" {
			return 443, nil
		}
		return 80, nil
	}
	n, err := strconv.ParseUint(p, 10, 16)
	if err != nil || n == 0 {
		return 0, refused("the URL's port is not a port number")
	}
	return uint16(n), nil
}

// Control is a net.Dialer Control function: it refuses to connect to an
// address CheckURL would refuse, whatever the name resolved to.
func (g *Guard) Control(network, address string, _ syscall.RawConn) error {
	ap, err := netip.ParseAddrPort(address)
	if err != nil {
		return refused("the address " + address + " is not an IP address and port")
	}
	return g.checkAddr(ap.Addr(), ap.Port())
}

// shared is the shared address space of carrier-grade NAT (RFC 6598),
// which netip does not count as private.
var shared = netip.MustParsePrefix("100.64.0.0/10")

// checkAddr refuses the service's own addresses, and unless AllowPrivate
// every address that is not a public unicast one.
func (g *Guard) checkAddr(ip netip.Addr, port uint16) error {
	ip = ip.Unmap().WithZone("")
	if g.isSelf(ip, port) {
		return refused("the URL points at this service itself")
	}
	if g.AllowPrivate {
		return nil
	}
	switch {
	case ip.IsLoopback():
		return refused("the URL resolves to a loopback address (" + ip.String() + "); set CONSENTRY_WEBHOOK_ALLOW_PRIVATE=true to allow it")
	case ip.IsUnspecified():
		return refused("the URL resolves to an unspecified address (" + ip.String() + ")")
	case ip.IsPrivate() || shared.Contains(ip):
		return refused("the URL resolves to a private address (" + ip.String() + "); set CONSENTRY_WEBHOOK_ALLOW_PRIVATE=true to allow it")
	case ip.IsLinkLocalUnicast() || ip.IsLinkLocalMulticast():
		return refused("the URL resolves to a link-local address (" + ip.String() + ")")
	case ip.IsMulticast() || ip.IsInterfaceLocalMulticast() || ip == netip.AddrFrom4([4]byte{255, 255, 255, 255}):
		return refused("the URL resolves to a multicast or broadcast address (" + ip.String() + ")")
	case ip.Is4() && ip.As4()[0] == 0:
		return refused("the URL resolves to an address of \"this network\" (" + ip.String() + ")")
	}
	return nil
}

// isSelf reports whether ip:port is one of the service's listen
// addresses. A listen address on the unspecified host (":8080",
// "0.0.0.0:8080") is every loopback and every local interface address on
// that port.
func (g *Guard) isSelf(ip netip.Addr, port uint16) bool {
	for _, s := range g.Self {
		h, p, err := net.SplitHostPort(s)
		if err != nil {
			continue
		}
		sp, err := strconv.ParseUint(p, 10, 16)
		if err != nil || uint16(sp) != port {
			continue
		}
		if h == "" || h == "0.0.0.0" || h == "::" {
			if ip.IsLoopback() || ip.IsUnspecified() || isLocal(ip) {
				return true
			}
			continue
		}
		if strings.EqualFold(h, "localhost") {
			if ip.IsLoopback() {
				return true
			}
			continue
		}
		if sip, err := netip.ParseAddr(h); err == nil {
			sip = sip.Unmap().WithZone("")
			// Any loopback address reaches a loopback listener on most
			// systems' 127/8 only when it is that address; refuse the
			// exact address and the unspecified one.
			if sip == ip || ip.IsUnspecified() {
				return true
			}
		}
	}
	return false
}

// isLocal reports whether ip is an address of one of this host's
// interfaces.
func isLocal(ip netip.Addr) bool {
	addrs, err := net.InterfaceAddrs()
	if err != nil {
		return false
	}
	for _, a := range addrs {
		if n, ok := a.(*net.IPNet); ok {
			if x, ok := netip.AddrFromSlice(n.IP); ok && x.Unmap() == ip {
				return true
			}
		}
	}
	return false
}
