package webhook_test

import (
	"context"
	"errors"
	"net"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"haven/webhook"
)

// fakeResolver answers every name from a table, as a DNS server controlled by an attacker would.
type fakeResolver map[string][]string

func (f fakeResolver) LookupNetIP(_ context.Context, _, host string) ([]netip.Addr, error) {
	addrs, ok := f[host]
	if !ok {
		return nil, &net.DNSError{Err: "no such host", Name: host, IsNotFound: true}
	}
	out := make([]netip.Addr, len(addrs))
	for i, a := range addrs {
		out[i] = netip.MustParseAddr(a)
	}
	return out, nil
}

// TestRefusedAddresses: the ranges no delivery may reach, IPv4-mapped and NAT64 forms included.
func TestRefusedAddresses(t *testing.T) {
	for _, a := range []string{
		"127.0.0.1", "127.1.2.3", "::1", "::ffff:127.0.0.1",
		"10.0.0.1", "10.255.255.255", "172.16.0.1", "172.31.255.254", "192.168.1.1", "fc00::1", "fd12:3456::1",
		"169.254.169.254", "169.254.0.1", "fe80::1", "::ffff:169.254.169.254", "::ffff:10.0.0.1",
		"0.0.0.0", "::", "100.64.0.1", "224.0.0.1", "ff02::1", "255.255.255.255", "64:ff9b::a00:1",
	} {
		if !webhook.Refused(netip.MustParseAddr(a), false) {
			t.Errorf("%s is not refused", a)
		}
	}
	for _, a := range []string{"93.184.215.14", "2606:2800:21f:cb07:6820:80da:af6b:8b2c", "172.32.0.1", "8.8.8.8"} {
		if webhook.Refused(netip.MustParseAddr(a), false) {
			t.Errorf("public %s is refused", a)
		}
	}
	// WEBHOOK_ALLOW_LOOPBACK lets loopback through, and nothing else.
	for _, a := range []string{"127.0.0.1", "::1", "::ffff:127.0.0.1"} {
		if webhook.Refused(netip.MustParseAddr(a), true) {
			t.Errorf("%s refused with loopback allowed", a)
		}
	}
	for _, a := range []string{"10.0.0.1", "169.254.169.254", "192.168.0.1"} {
		if !webhook.Refused(netip.MustParseAddr(a), true) {
			t.Errorf("%s allowed with loopback allowed", a)
		}
	}
}

// TestSSRFRefusals: the client refuses, without connecting, loopback (a live server there
// included), private and metadata addresses, IPv6 loopback, names that resolve to them, and
// redirects to them.
func TestSSRFRefusals(t *testing.T) {
	var hits atomic.Int64
	local := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { hits.Add(1) }))
	defer local.Close()
	port := local.Listener.Addr().(*net.TCPAddr).Port
	portS := ":" + itoa(port)
	resolver := fakeResolver{
		"loopback.example.test": {"127.0.0.1"},
		"private.example.test":  {"10.0.0.7"},
		"metadata.example.test": {"169.254.169.254"},
		"mixed.example.test":    {"93.184.215.14", "10.0.0.8"}, // one bad answer refuses the name
		"v6.example.test":       {"::1"},
	}
	client := webhook.NewClient(webhook.ClientOptions{Timeout: 2 * time.Second, Resolver: resolver})
	for _, url := range []string{
		local.URL, // 127.0.0.1, a live server
		"http://127.0.0.1" + portS,
		"http://10.1.2.3/hook",
		"http://169.254.169.254/latest/meta-data/",
		"http://[::1]" + portS + "/",
		"http://[::ffff:127.0.0.1]" + portS + "/",
		"http://[fe80::1]/",
		"http://0.0.0.0" + portS + "/",
		"http://loopback.example.test" + portS + "/",
		"http://private.example.test/",
		"http://metadata.example.test/",
		"http://mixed.example.test/",
		"http://v6.example.test" + portS + "/",
	} {
		_, err := client.Post(url, "application/json", strings.NewReader("{}"))
		if !errors.Is(err, webhook.ErrRefusedAddress) {
			t.Errorf("%s: %v, want a refused address", url, err)
		}
	}
	if hits.Load() != 0 {
		t.Fatalf("the loopback server was reached %d times", hits.Load())
	}

	// Redirects: a receiver on an allowed address (loopback, allowed here as in development)
	// redirects to internal addresses.
	for _, target := range []string{"http://169.254.169.254/latest/meta-data/", "http://10.0.0.1/", "http://private.example.test/", "http://[fd00::1]/"} {
		redirector := httptest.NewServer(http.RedirectHandler(target, http.StatusFound))
		// Not followed by default: the 302 is the answer (a failed attempt), nothing else is dialled.
		c := webhook.NewClient(webhook.ClientOptions{Timeout: 2 * time.Second, AllowLoopback: true, Resolver: resolver})
		resp, err := c.Post(redirector.URL, "application/json", strings.NewReader("{}"))
		if err != nil || resp.StatusCode != http.StatusFound {
			t.Errorf("redirect to %s, not followed: %v %v", target, resp, err)
		}
		if resp != nil {
			resp.Body.Close()
		}
		// Followed on request: the redirect's address is checked like the first one.
		c = webhook.NewClient(webhook.ClientOptions{Timeout: 2 * time.Second, AllowLoopback: true, FollowRedirects: true, Resolver: resolver})
		_, err = c.Post(redirector.URL, "application/json", strings.NewReader("{}"))
		if !errors.Is(err, webhook.ErrRefusedAddress) {
			t.Errorf("followed redirect to %s: %v, want a refused address", target, err)
		}
		redirector.Close()
	}
}

// TestRefusedDeliveryRecorded: a delivery to an internal address fails with REFUSED_ADDRESS
// and is retried like any failure.
func TestRefusedDeliveryRecorded(t *testing.T) {
	h := newHub(t)
	h.Webhooks.HTTP = webhook.NewClient(webhook.ClientOptions{Timeout: time.Second})
	register(t, h, "http://169.254.169.254/latest/meta-data/", webhook.ReportOpened)
	openReports(t, h, 1)
	runOnce(t, h.Webhooks)
	d := deliveries(t, h)[0]
	if d.LastError == nil || *d.LastError != "REFUSED_ADDRESS" || d.Attempts != 1 || d.LastStatusCode != nil {
		t.Fatalf("delivery: error %v, attempts %d, status %v; want REFUSED_ADDRESS after 1", d.LastError, d.Attempts, d.LastStatusCode)
	}
}

func itoa(n int) string { return strconv.Itoa(n) }
