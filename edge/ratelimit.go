package edge

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/go-chi/httprate"

	"haven/auth"
	"haven/errcode"
)

// A Budget is how many requests one client may make in a window. A zero Budget is no limit.
type Budget struct {
	Requests int
	Window   time.Duration
}

// Off reports whether b sets no limit.
func (b Budget) Off() bool { return b.Requests <= 0 || b.Window <= 0 }

func (b Budget) String() string {
	if b.Off() {
		return "off"
	}
	return fmt.Sprintf("%d/%s", b.Requests, b.Window)
}

// ParseBudget reads a budget written "N/WINDOW" (300/1m, 20/10s) or "off".
func ParseBudget(s string) (Budget, error) {
	if strings.EqualFold(s, "off") || s == "0" {
		return Budget{}, nil
	}
	n, w, ok := strings.Cut(s, "/")
	if !ok {
		return Budget{}, errors.New(`want REQUESTS/WINDOW, such as 300/1m, or "off"`)
	}
	requests, err := strconv.Atoi(strings.TrimSpace(n))
	if err != nil || requests < 1 || requests > 1_000_000 {
		return Budget{}, errors.New("requests must be a whole number from 1 to 1000000")
	}
	window, err := time.ParseDuration(strings.TrimSpace(w))
	if err != nil || window < time.Second || window > 24*time.Hour {
		return Budget{}, errors.New("window must be a duration from 1s to 24h, such as 1m")
	}
	return Budget{Requests: requests, Window: window}, nil
}

// Budgets are the request budgets of anonymous clients (per client address) and of signed-in
// viewers (per subject). They are separate from the report allowance, which the workflow counts
// in the database.
type Budgets struct {
	Anonymous Budget
	SignedIn  Budget
}

// RateLimit answers 429 with code RATE_LIMITED and a Retry-After header once a client has spent
// its budget. It runs after authentication: a signed-in viewer is counted by subject, whatever
// address it comes from; an anonymous one by its client address (behind trusted proxies, the
// forwarded address). Counters live in this process, so each replica grants its own budget.
func RateLimit(b Budgets, next http.Handler) http.Handler {
	if b.Anonymous.Off() && b.SignedIn.Off() {
		return next
	}
	limiter := func(b Budget) *httprate.RateLimiter {
		if b.Off() {
			return nil
		}
		return httprate.NewRateLimiter(b.Requests, b.Window, httprate.WithLimitHandler(tooManyRequests))
	}
	anonymous, signedIn := limiter(b.Anonymous), limiter(b.SignedIn)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		l, key := anonymous, ""
		if v := auth.FromContext(r.Context()); v.Subject != "" {
			l, key = signedIn, "sub:"+v.Subject
		} else {
			key = "addr:" + httprate.CanonicalizeIP(v.ClientAddr)
		}
		if l != nil && l.RespondOnLimit(w, r, key) {
			return
		}
		next.ServeHTTP(w, r)
	})
}

// tooManyRequests writes the GraphQL-shaped refusal; httprate has set Retry-After.
func tooManyRequests(w http.ResponseWriter, _ *http.Request) {
	body, _ := json.Marshal(map[string]any{"errors": []any{map[string]any{
		"message":    "too many requests: wait before trying again",
		"extensions": map[string]any{"code": errcode.RateLimited},
	}}})
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(http.StatusTooManyRequests)
	_, _ = w.Write(body)
}
