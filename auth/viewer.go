// Package auth identifies the viewer of a request.
//
// A [Verifier] checks a JSON Web Token and turns its claims into a
// [Viewer]; [Middleware] does so for each HTTP request and stores the viewer
// in the request context, where [FromContext] finds it.
package auth

import (
	"context"
	"slices"
	"time"
)

// Viewer is who is making a request.
type Viewer struct {
	// Subject is the token's "sub" claim, or "" when anonymous.
	Subject string
	// Roles holds the viewer's known roles, deduplicated and sorted.
	Roles []Role
	// AccountID is set by the server after it looks up or creates the
	// viewer's account; it is 0 if there is none.
	AccountID int
	// System marks internal jobs (scheduler, seeding) that bypass privacy
	// rules. It is never set from a token.
	System bool
	// ClientAddr is the client's network address, used to rate limit
	// anonymous viewers.
	ClientAddr string
	// ExpiresAt is when the viewer's token expires (zero when anonymous);
	// long-lived connections end their subscriptions then.
	ExpiresAt time.Time
}

// Anonymous reports whether the viewer is not signed in.
// A nil viewer is anonymous.
func (v *Viewer) Anonymous() bool {
	return v == nil || (v.Subject == "" && !v.System)
}

// Has reports whether the viewer holds role r.
func (v *Viewer) Has(r Role) bool {
	return v != nil && slices.Contains(v.Roles, r)
}

// HasAny reports whether the viewer holds at least one of rs.
func (v *Viewer) HasAny(rs ...Role) bool {
	for _, r := range rs {
		if v.Has(r) {
			return true
		}
	}
	return false
}

// RoleStrings returns the viewer's roles as strings. The result is never nil.
func (v *Viewer) RoleStrings() []string {
	if v == nil {
		return []string{}
	}
	s := make([]string, len(v.Roles))
	for i, r := range v.Roles {
		s[i] = string(r)
	}
	return s
}

type viewerKey struct{}

// NewContext returns a copy of ctx that carries v.
func NewContext(ctx context.Context, v *Viewer) context.Context {
	return context.WithValue(ctx, viewerKey{}, v)
}

// FromContext returns the viewer stored in ctx by [NewContext].
// It never returns nil: without a viewer in ctx it returns a new anonymous
// viewer.
func FromContext(ctx context.Context) *Viewer {
	if v, ok := ctx.Value(viewerKey{}).(*Viewer); ok && v != nil {
		return v
	}
	return &Viewer{}
}

// SystemContext returns a copy of ctx that carries the system viewer, for
// internal jobs such as the scheduler and seeding. The system viewer has
// Subject "system" and bypasses privacy rules.
func SystemContext(ctx context.Context) context.Context {
	return NewContext(ctx, &Viewer{Subject: "system", System: true})
}
