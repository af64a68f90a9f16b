package auth

import (
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"
)

func TestSignRoundTrip(t *testing.T) {
	tests := []struct {
		name   string
		claims Claims
		config Config
		want   []Role
	}{
		{
			name:   "defaults",
			claims: Claims{Subject: "dev", Roles: []string{"creator", "admin"}},
			config: Config{Secret: testSecret},
			want:   []Role{RoleAdmin, RoleCreator},
		},
		{
			name:   "no roles",
			claims: Claims{Subject: "dev"},
			config: Config{Secret: testSecret},
			want:   []Role{},
		},
		{
			name:   "nested roles claim",
			claims: Claims{Subject: "dev", Roles: []string{"moderator", "bogus"}, RolesClaim: "realm_access.roles"},
			config: Config{Secret: testSecret, RolesClaim: "realm_access.roles"},
			want:   []Role{RoleModerator},
		},
		{
			name:   "issuer and audience",
			claims: Claims{Subject: "dev", Roles: []string{"publisher"}, Issuer: "haven-dev", Audience: "haven"},
			config: Config{Secret: testSecret, Issuer: "haven-dev", Audience: "haven"},
			want:   []Role{RolePublisher},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			token, err := Sign(testSecret, tt.claims)
			if err != nil {
				t.Fatalf("Sign: %v", err)
			}
			vw := checkVerify(t, newVerifier(t, tt.config), token, tt.claims.Subject, "")
			if vw != nil && !slices.Equal(vw.Roles, tt.want) {
				t.Errorf("Roles = %v, want %v", vw.Roles, tt.want)
			}
		})
	}
}

func TestSignClaims(t *testing.T) {
	tests := []struct {
		name    string
		claims  Claims
		wantTTL time.Duration
	}{
		{"default ttl", Claims{Subject: "a"}, DefaultTTL},
		{"custom ttl", Claims{Subject: "a", TTL: 5 * time.Minute}, 5 * time.Minute},
		{"nested path", Claims{Subject: "a", Roles: []string{"admin"}, RolesClaim: "x.y"}, DefaultTTL},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			before := time.Now().Add(-time.Second)
			token, err := Sign(testSecret, tt.claims)
			if err != nil {
				t.Fatalf("Sign: %v", err)
			}
			claims := jwt.MapClaims{}
			tok, err := jwt.NewParser(jwt.WithValidMethods([]string{"HS256"})).ParseWithClaims(token, claims, func(*jwt.Token) (any, error) { return testSecret, nil })
			if err != nil || !tok.Valid {
				t.Fatalf("parse signed token: %v", err)
			}
			exp, err := claims.GetExpirationTime()
			if err != nil || exp == nil {
				t.Fatalf("exp = %v, %v", exp, err)
			}
			lo, hi := before.Add(tt.wantTTL), time.Now().Add(tt.wantTTL+time.Second)
			if exp.Before(lo) || exp.After(hi) {
				t.Errorf("exp = %v, want between %v and %v", exp.Time, lo, hi)
			}
			if iat, _ := claims.GetIssuedAt(); iat == nil {
				t.Error("iat missing")
			}
			if _, ok := claims["iss"]; ok {
				t.Error("iss set without an Issuer")
			}
			if _, ok := claims["aud"]; ok {
				t.Error("aud set without an Audience")
			}
			path := tt.claims.RolesClaim
			if path == "" {
				path = DefaultRolesClaim
			}
			if strings.Contains(path, ".") {
				if _, ok := claims[path]; ok {
					t.Errorf("dotted path %q written as a flat claim", path)
				}
			}
			got := roleNames(lookupClaim(claims, path))
			want := tt.claims.Roles
			if want == nil {
				want = []string{}
			}
			if !slices.Equal(got, want) {
				t.Errorf("roles at %q = %q, want %q", path, got, want)
			}
		})
	}
}

func TestSignExpired(t *testing.T) {
	token, err := Sign(testSecret, Claims{Subject: "old", TTL: -time.Hour})
	if err != nil {
		t.Fatalf("Sign: %v", err)
	}
	checkVerify(t, newVerifier(t, Config{Secret: testSecret}), token, "", "token expired")
}

func TestSignErrors(t *testing.T) {
	tests := []struct {
		name    string
		secret  []byte
		claims  Claims
		wantErr string
	}{
		{"short secret", []byte("short"), Claims{Subject: "a"}, "secret is 5 bytes"},
		{"nil secret", nil, Claims{Subject: "a"}, "secret is 0 bytes"},
		{"empty subject", testSecret, Claims{}, "empty subject"},
		{"bad path", testSecret, Claims{Subject: "a", RolesClaim: ".roles"}, "invalid claim path"},
		{"collides with sub", testSecret, Claims{Subject: "a", RolesClaim: "sub"}, "collides"},
		{"nested under exp", testSecret, Claims{Subject: "a", RolesClaim: "exp.roles"}, "collides"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			token, err := Sign(tt.secret, tt.claims)
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
				t.Fatalf("Sign error = %v, want containing %q", err, tt.wantErr)
			}
			if token != "" {
				t.Errorf("Sign returned token %q with an error", token)
			}
		})
	}
}
