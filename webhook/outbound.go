package webhook

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/netip"
	"strconv"
	"syscall"
	"time"
)

// Resolver looks up the addresses of a host name. *net.Resolver satisfies it; tests inject one
// that answers with the addresses they need.
type Resolver interface {
	LookupNetIP(ctx context.Context, network, host string) ([]netip.Addr, error)
}

// ClientOptions configure the outbound HTTP client deliveries go through.
type ClientOptions struct {
	// Timeout bounds one attempt, connection to last byte read (default 10s).
	Timeout time.Duration
	// AllowLoopback lets deliveries reach 127.0.0.0/8 and ::1 (tests and development only).
	AllowLoopback bool
	// FollowRedirects follows up to three redirects, each checked like the first address.
	// Off by default: a 3xx answer is a failed attempt.
	FollowRedirects bool
	// Resolver looks up host names (default net.DefaultResolver).
	Resolver Resolver
}

// maxRedirects bounds the redirects followed when FollowRedirects is on.
const maxRedirects = 3

// maxResponseRead is the most of a receiver's answer Haven reads: the status decides the
// attempt; the body is drained only so the connection can be reused.
const maxResponseRead = 64 << 10

// ErrRefusedAddress is the error of a connection refused because its address is loopback,
// private, link-local, unspecified or otherwise not a public destination.
var ErrRefusedAddress = errors.New("webhook: destination address refused")

// NewClient returns the HTTP client deliveries are posted with. It connects only to public
// addresses: every address is checked when it is dialled, after name resolution (so a name that
// resolves to a private address is refused) and again for every redirect it follows. It uses no
// proxy (a proxy would make the checked address the proxy's).
func NewClient(o ClientOptions) *http.Client {
	if o.Timeout <= 0 {
		o.Timeout = 10 * time.Second
	}
	if o.Resolver == nil {
		o.Resolver = net.DefaultResolver
	}
	allow := o.AllowLoopback
	dialer := &net.Dialer{
		Timeout: o.Timeout,
		// Control sees the exact address about to be connected to: the last word, whatever
		// resolved the name.
		Control: func(network, address string, _ syscall.RawConn) error {
			ap, err := netip.ParseAddrPort(address)
			if err != nil {
				return fmt.Errorf("%w: %s", ErrRefusedAddress, "unparsable address")
			}
			if Refused(ap.Addr(), allow) {
				return fmt.Errorf("%w: %s", ErrRefusedAddress, ap.Addr())
			}
			return nil
		},
	}
	dial := func(ctx context.Context, network, addr string) (net.Conn, error) {
		host, port, err := net.SplitHostPort(addr)
		if err != nil {
			return nil, err
		}
		var ips []netip.Addr
		if ip, err := netip.ParseAddr(host); err == nil {
			ips = []netip.Addr{ip}
		} else if ips, err = o.Resolver.LookupNetIP(ctx, "ip", host); err != nil {
			return nil, err
		}
		// Refuse the name if any of its addresses is refused: a receiver's name has no business
		// resolving to an internal address, and trying the next one would hide a rebinding attempt.
		for _, ip := range ips {
			if Refused(ip, allow) {
				return nil, fmt.Errorf("%w: %s resolves to %s", ErrRefusedAddress, host, ip)
			}
		}
		var last error = fmt.Errorf("webhook: %s has no address", host)
		for _, ip := range ips {
			c, err := dialer.DialContext(ctx, network, net.JoinHostPort(ip.Unmap().String(), port))
			if err == nil {
				return c, nil
			}
			last = err
		}
		return nil, last
	}
	transport := &http.Transport{
		Proxy:                 nil,
		DialContext:           dial,
		TLSHandshakeTimeout:   o.Timeout,
		ResponseHeaderTimeout: o.Timeout,
		MaxIdleConns:          32,
		IdleConnTimeout:       90 * time.Second,
		ForceAttemptHTTP2:     true,
	}
	return &http.Client{
		Transport: transport,
		Timeout:   o.Timeout,
		CheckRedirect: func(req *http.Request, via []*http.Request) error {
			if !o.FollowRedirects {
				return http.ErrUseLastResponse
			}
			if len(via) > maxRedirects {
				return errors.New("webhook: too many redirects")
			}
			return nil
		},
	}
}

// Refused reports whether ip is no destination for a delivery: loopback (unless allowLoopback),
// private (10/8, 172.16/12, 192.168/16, fc00::/7), link-local (169.254/16 with the cloud
// metadata address, fe80::/10), unspecified, multicast, broadcast and the reserved and
// shared ranges. IPv4-mapped IPv6 addresses (::ffff:10.0.0.1) are judged as the IPv4 address
// they carry, and NAT64 addresses (64:ff9b::/96) as the IPv4 address they embed.
func Refused(ip netip.Addr, allowLoopback bool) bool {
	ip = ip.Unmap()
	if !ip.IsValid() {
		return true
	}
	if ip.Is6() && nat64.Contains(ip) {
		b := ip.As16()
		ip = netip.AddrFrom4([4]byte{b[12], b[13], b[14], b[15]})
	}
	if ip.IsLoopback() {
		return !allowLoopback
	}
	if ip.IsPrivate() || ip.IsLinkLocalUnicast() || ip.IsLinkLocalMulticast() || ip.IsInterfaceLocalMulticast() ||
		ip.IsMulticast() || ip.IsUnspecified() {
		return true
	}
	for _, p := range reserved {
		if p.Contains(ip) {
			return true
		}
	}
	return false
}

var nat64 = netip.MustParsePrefix("64:ff9b::/96")

// reserved are the further ranges that are no public destination.
var reserved = []netip.Prefix{
	netip.MustParsePrefix("0.0.0.0/8"),          // "this network"
	netip.MustParsePrefix("100.64.0.0/10"),      // shared address space (carrier-grade NAT)
	netip.MustParsePrefix("192.0.0.0/24"),       // IETF protocol assignments
	netip.MustParsePrefix("198.18.0.0/15"),      // benchmarking
	netip.MustParsePrefix("240.0.0.0/4"),        // reserved, broadcast included
	netip.MustParsePrefix("::/128"),             // unspecified
	netip.MustParsePrefix("100::/64"),           // discard
	netip.MustParsePrefix("2001:db8::/32"),      // documentation
	netip.MustParsePrefix("::ffff:0:0:0/96"),    // IPv4-translated
	netip.MustParsePrefix("2002::/16"),          // 6to4, may embed any IPv4 address
	netip.MustParsePrefix("64:ff9b:1::/48"),     // local-use NAT64
	netip.MustParsePrefix("::/96"),              // IPv4-compatible (deprecated)
	netip.MustParsePrefix("fec0::/10"),          // site-local (deprecated)
	netip.MustParsePrefix("169.254.169.254/32"), // cloud metadata (in 169.254/16 too)
}

// attemptResult is what one attempt came to.
type attemptResult struct {
	status int    // the HTTP status, 0 without an answer
	code   string // "" on success, otherwise the failure's code
}

// ok reports a delivered attempt: a 2xx answer.
func (r attemptResult) ok() bool { return r.code == "" }

// post sends one attempt and classifies the outcome. It never returns the receiver's body or
// the request's headers, which carry the signature.
func post(ctx context.Context, c *http.Client, url string, h http.Header, body []byte) attemptResult {
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, url, bytesReader(body))
	if err != nil {
		return attemptResult{code: "BAD_URL"}
	}
	req.Header = h
	resp, err := c.Do(req)
	if err != nil {
		return attemptResult{code: classify(err)}
	}
	defer resp.Body.Close()
	_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, maxResponseRead))
	if resp.StatusCode >= 200 && resp.StatusCode < 300 {
		return attemptResult{status: resp.StatusCode}
	}
	return attemptResult{status: resp.StatusCode, code: "HTTP_" + strconv.Itoa(resp.StatusCode)}
}

// classify names a transport error by a short code.
func classify(err error) string {
	var ne net.Error
	var dnsErr *net.DNSError
	switch {
	case errors.Is(err, ErrRefusedAddress):
		return "REFUSED_ADDRESS"
	case errors.Is(err, context.DeadlineExceeded), errors.As(err, &ne) && ne.Timeout():
		return "TIMEOUT"
	case errors.As(err, &dnsErr):
		return "DNS"
	case errors.Is(err, syscall.ECONNREFUSED):
		return "CONNECTION_REFUSED"
	default:
		return "NETWORK"
	}
}
