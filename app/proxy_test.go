package app

import (
	"net/http"
	"net/http/httptest"
	"net/netip"
	"testing"
)

func TestClientBehindProxies(t *testing.T) {
	trusted := []netip.Prefix{netip.MustParsePrefix("10.0.0.0/8"), netip.MustParsePrefix("192.0.2.7/32")}
	var got string
	h := clientBehindProxies(trusted, http.HandlerFunc(func(_ http.ResponseWriter, r *http.Request) { got = r.RemoteAddr }))
	for _, tc := range []struct {
		name, remote string
		xff          []string
		want         string
	}{
		{"direct client, header ignored", "203.0.113.9:5000", []string{"198.51.100.1"}, "203.0.113.9:5000"},
		{"one trusted proxy", "10.1.2.3:443", []string{"198.51.100.1"}, "198.51.100.1:0"},
		{"client-written hops to the left are not believed", "10.1.2.3:443", []string{"6.6.6.6, 198.51.100.1"}, "198.51.100.1:0"},
		{"two trusted proxies", "10.1.2.3:443", []string{"198.51.100.1, 192.0.2.7"}, "198.51.100.1:0"},
		{"several header lines", "10.1.2.3:443", []string{"6.6.6.6", "198.51.100.1"}, "198.51.100.1:0"},
		{"no header", "10.1.2.3:443", nil, "10.1.2.3:443"},
		{"malformed hop", "10.1.2.3:443", []string{"198.51.100.1, not-an-ip"}, "10.1.2.3:443"},
		{"IPv6 client", "10.1.2.3:443", []string{"2001:db8::1"}, "[2001:db8::1]:0"},
	} {
		r := httptest.NewRequest(http.MethodPost, "/graphql", nil)
		r.RemoteAddr = tc.remote
		for _, v := range tc.xff {
			r.Header.Add("X-Forwarded-For", v)
		}
		h.ServeHTTP(httptest.NewRecorder(), r)
		if got != tc.want {
			t.Errorf("%s: client %q, want %q", tc.name, got, tc.want)
		}
	}
}
