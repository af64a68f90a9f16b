package auth

import (
	"fmt"
	"log/slog"
	"strings"
	"sync"
)

// A claimPath is one place in a token's claims where roles may be. Written with a leading "/"
// it is a JSON Pointer (RFC 6901: "/" between names, "~1" for a "/" and "~0" for a "~" inside
// one), which can name the namespaced claims of Auth0 and others
// ("/https:~1~1example.com~1claims/roles"). Otherwise it is a dotted path
// ("realm_access.roles"), where a claim whose whole name is the path, dots included, wins over
// a nested one.
type claimPath struct {
	raw      string
	segments []string
	pointer  bool
}

// parseClaimPaths reads a roles claim setting: one path, or several separated by commas whose
// roles are merged (Keycloak's "realm_access.roles,/resource_access/haven/roles").
func parseClaimPaths(s string) ([]claimPath, error) {
	var out []claimPath
	for _, raw := range strings.Split(s, ",") {
		raw = strings.TrimSpace(raw)
		p, err := parseClaimPath(raw)
		if err != nil {
			return nil, err
		}
		out = append(out, p)
	}
	return out, nil
}

func parseClaimPath(raw string) (claimPath, error) {
	p := claimPath{raw: raw}
	if strings.HasPrefix(raw, "/") {
		p.pointer = true
		for _, seg := range strings.Split(raw[1:], "/") {
			if strings.Contains(strings.NewReplacer("~0", "", "~1", "").Replace(seg), "~") {
				return p, fmt.Errorf("invalid JSON Pointer %q: a ~ must be followed by 0 or 1", raw)
			}
			p.segments = append(p.segments, strings.NewReplacer("~1", "/", "~0", "~").Replace(seg))
		}
		if len(p.segments) == 1 && p.segments[0] == "" {
			return p, fmt.Errorf("invalid claim path %q: the pointer names no claim", raw)
		}
		return p, nil
	}
	p.segments = strings.Split(raw, ".")
	for _, part := range p.segments {
		if part == "" {
			return p, fmt.Errorf("invalid claim path %q", raw)
		}
	}
	return p, nil
}

// CheckRolesClaim reports whether s is a usable roles claim setting.
func CheckRolesClaim(s string) error {
	_, err := parseClaimPaths(s)
	return err
}

// lookup returns the claim at p, and whether there is one.
func (p claimPath) lookup(claims map[string]any) (any, bool) {
	if !p.pointer {
		if c, ok := claims[p.raw]; ok {
			return c, true
		}
	}
	var cur any = claims
	for _, seg := range p.segments {
		m, ok := cur.(map[string]any)
		if !ok {
			return nil, false
		}
		if cur, ok = m[seg]; !ok {
			return nil, false
		}
	}
	return cur, true
}

// lookupClaim returns the claim at the path written as in Config.RolesClaim, or nil.
func lookupClaim(claims map[string]any, path string) any {
	p, err := parseClaimPath(path)
	if err != nil {
		return nil
	}
	c, _ := p.lookup(claims)
	return c
}

// rolesFrom merges the role names found at every path. A path that matches nothing is reported
// once per process to warn: a misspelt path otherwise shows only as viewers without roles.
func (v *Verifier) rolesFrom(claims map[string]any) []string {
	var names []string
	for _, p := range v.rolesPaths {
		c, ok := p.lookup(claims)
		if !ok {
			v.warnUnmatched(p, claims)
			continue
		}
		names = append(names, roleNames(c)...)
	}
	return names
}

// warnUnmatched logs the first token in which path p matched nothing, with the names of the
// token's top-level claims (never their values) to help correct the setting.
func (v *Verifier) warnUnmatched(p claimPath, claims map[string]any) {
	if _, done := v.warned.LoadOrStore(p.raw, true); done {
		return
	}
	names := make([]string, 0, len(claims))
	for k := range claims {
		names = append(names, k)
	}
	v.logger.Warn("auth: the roles claim path matched nothing in a token; check JWT_ROLES_CLAIM",
		"path", p.raw, "token_claims", strings.Join(names, ","))
}

type warnedPaths = sync.Map // the set of roles paths already reported

func defaultLogger(l *slog.Logger) *slog.Logger {
	if l == nil {
		return slog.Default()
	}
	return l
}
