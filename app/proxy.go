package app

import (
	"net"
	"net/http"
	"net/netip"
	"strings"
)

// clientBehindProxies makes r.RemoteAddr the client's address when the request came through one
// of the trusted reverse proxies: the rightmost X-Forwarded-For entry that is not itself a trusted
// proxy. Entries further left were written by the client and prove nothing. Rate limits of
// anonymous visitors key on this address; without it every visitor behind a load balancer would
// share one allowance.
func clientBehindProxies(trusted []netip.Prefix, next http.Handler) http.Handler {
	if len(trusted) == 0 {
		return next
	}
	isTrusted := func(a netip.Addr) bool {
		a = a.Unmap()
		for _, p := range trusted {
			if p.Contains(a) {
				return true
			}
		}
		return false
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		peer, err := netip.ParseAddrPort(r.RemoteAddr)
		if err != nil || !isTrusted(peer.Addr()) {
			next.ServeHTTP(w, r)
			return
		}
		hops := strings.Split(strings.Join(r.Header.Values("X-Forwarded-For"), ","), ",")
		for i := len(hops) - 1; i >= 0; i-- {
			a, err := netip.ParseAddr(strings.TrimSpace(hops[i]))
			if err != nil {
				break // a malformed hop: trust nothing further left
			}
			if isTrusted(a) {
				continue
			}
			r = r.Clone(r.Context())
			r.RemoteAddr = net.JoinHostPort(a.Unmap().String(), "0")
			break
		}
		next.ServeHTTP(w, r)
	})
}
