package auth

import (
	"errors"
	"fmt"
	"time"

	"github.com/golang-jwt/jwt/v5"
)

// DefaultTTL is the lifetime of a token signed with a zero Claims.TTL.
const DefaultTTL = time.Hour

// Claims describes a token to [Sign].
type Claims struct {
	// Subject is the "sub" claim; it is required.
	Subject string
	// Roles are written, as given, to the RolesClaim claim.
	Roles []string
	// TTL is how long the token is valid. Zero means DefaultTTL; a
	// negative TTL yields an already expired token, which is useful in
	// tests.
	TTL time.Duration
	// Issuer and Audience, when non-empty, are written to "iss" and "aud".
	Issuer   string
	Audience string
	// RolesClaim names the claim to write the roles to, as in
	// Config.RolesClaim: a dotted path writes nested objects.
	// It defaults to DefaultRolesClaim.
	RolesClaim string
}

// Sign returns an HS256 token for c signed with secret, which must be at
// least MinSecretLen bytes. It is meant for development and tests; in
// production an identity provider issues tokens.
func Sign(secret []byte, c Claims) (string, error) {
	if len(secret) < MinSecretLen {
		return "", fmt.Errorf("auth: sign: secret is %d bytes, need at least %d", len(secret), MinSecretLen)
	}
	if c.Subject == "" {
		return "", errors.New("auth: sign: empty subject")
	}
	path := c.RolesClaim
	if path == "" {
		path = DefaultRolesClaim
	}
	paths, err := parseClaimPaths(path)
	if err != nil {
		return "", fmt.Errorf("auth: sign: roles claim: %w", err)
	}
	ttl := c.TTL
	if ttl == 0 {
		ttl = DefaultTTL
	}
	now := time.Now()
	claims := jwt.MapClaims{
		"sub": c.Subject,
		"iat": now.Unix(),
		"exp": now.Add(ttl).Unix(),
	}
	if c.Issuer != "" {
		claims["iss"] = c.Issuer
	}
	if c.Audience != "" {
		claims["aud"] = c.Audience
	}
	roles := c.Roles
	if roles == nil {
		roles = []string{}
	}
	if err := setClaim(claims, paths[0], roles); err != nil {
		return "", fmt.Errorf("auth: sign: %w", err)
	}
	s, err := jwt.NewWithClaims(jwt.SigningMethodHS256, claims).SignedString(secret)
	if err != nil {
		return "", fmt.Errorf("auth: sign: %w", err)
	}
	return s, nil
}

// setClaim stores value at path in claims, creating nested objects as
// needed. (A token lists its roles in one place; a verifier configured with
// several paths reads the first of them there.)
func setClaim(claims map[string]any, p claimPath, value any) error {
	path, parts := p.raw, p.segments
	m := claims
	for _, part := range parts[:len(parts)-1] {
		switch next := m[part].(type) {
		case nil:
			child := make(map[string]any)
			m[part] = child
			m = child
		case map[string]any:
			m = next
		default:
			return fmt.Errorf("claim path %q collides with claim %q", path, part)
		}
	}
	last := parts[len(parts)-1]
	if _, ok := m[last]; ok {
		return fmt.Errorf("claim path %q collides with a registered claim", path)
	}
	m[last] = value
	return nil
}
