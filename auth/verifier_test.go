package auth

import (
	"crypto/x509"
	"encoding/base64"
	"encoding/pem"
	"errors"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"
)

var testSecret = []byte("0123456789abcdef0123456789abcdef")

// claimsFor returns valid claims for subject, expiring in an hour.
func claimsFor(subject string) jwt.MapClaims {
	now := time.Now()
	return jwt.MapClaims{"sub": subject, "iat": now.Unix(), "exp": now.Add(time.Hour).Unix()}
}

// signed signs claims with method and key, adding header fields.
func signed(t *testing.T, method jwt.SigningMethod, key any, claims jwt.MapClaims, header map[string]any) string {
	t.Helper()
	tok := jwt.NewWithClaims(method, claims)
	for k, v := range header {
		tok.Header[k] = v
	}
	s, err := tok.SignedString(key)
	if err != nil {
		t.Fatalf("sign %s: %v", method.Alg(), err)
	}
	return s
}

// unsigned returns a token with alg "none" and an empty signature.
func unsigned(t *testing.T, claims jwt.MapClaims) string {
	t.Helper()
	return signed(t, jwt.SigningMethodNone, jwt.UnsafeAllowNoneSignatureType, claims, nil)
}

func newVerifier(t *testing.T, c Config) *Verifier {
	t.Helper()
	v, err := NewVerifier(c)
	if err != nil {
		t.Fatalf("NewVerifier: %v", err)
	}
	return v
}

// checkVerify verifies token and checks the outcome: the subject on
// success, or the exact message of a wrapped ErrUnauthenticated.
func checkVerify(t *testing.T, v *Verifier, token, wantSub, wantErr string) *Viewer {
	t.Helper()
	vw, err := v.Verify(token)
	if wantErr != "" {
		if err == nil {
			t.Fatalf("Verify succeeded with subject %q, want error %q", vw.Subject, wantErr)
		}
		if err.Error() != wantErr {
			t.Errorf("Verify error = %q, want %q", err, wantErr)
		}
		if !errors.Is(err, ErrUnauthenticated) {
			t.Errorf("Verify error %q does not wrap ErrUnauthenticated", err)
		}
		if vw != nil {
			t.Errorf("Verify returned viewer %+v with an error", vw)
		}
		return nil
	}
	if err != nil {
		t.Fatalf("Verify: %v", err)
	}
	if vw.Subject != wantSub {
		t.Errorf("Subject = %q, want %q", vw.Subject, wantSub)
	}
	if vw.System || vw.AccountID != 0 {
		t.Errorf("Verify set System=%v AccountID=%d; want false, 0", vw.System, vw.AccountID)
	}
	return vw
}

func TestVerifyAlgorithms(t *testing.T) {
	k := keys()
	rsaPEM := publicPEM(t, &k.rsa.PublicKey)
	rsaFile := writeFile(t, "rsa.pem", rsaPEM)
	ecFile := writeFile(t, "ec.pem", publicPEM(t, &k.ec.PublicKey))
	edFile := writeFile(t, "ed.pem", publicPEM(t, k.ed.Public()))
	rsaCertFile := writeFile(t, "rsa.crt", certificatePEM(t, k.rsa))
	rsaPKCS1File := writeFile(t, "rsa1.pem", pem.EncodeToMemory(&pem.Block{
		Type: "RSA PUBLIC KEY", Bytes: x509.MarshalPKCS1PublicKey(&k.rsa.PublicKey),
	}))
	claims := claimsFor("user-1")

	tests := []struct {
		name    string
		config  Config
		token   string
		wantErr string
	}{
		{"hs256", Config{Secret: testSecret}, signed(t, jwt.SigningMethodHS256, testSecret, claims, nil), ""},
		{"rs256", Config{PublicKeyFile: rsaFile}, signed(t, jwt.SigningMethodRS256, k.rsa, claims, nil), ""},
		{"rs256 pkcs1 file", Config{PublicKeyFile: rsaPKCS1File}, signed(t, jwt.SigningMethodRS256, k.rsa, claims, nil), ""},
		{"rs256 certificate", Config{PublicKeyFile: rsaCertFile}, signed(t, jwt.SigningMethodRS256, k.rsa, claims, nil), ""},
		{"rs256 with unknown kid uses key file", Config{PublicKeyFile: rsaFile}, signed(t, jwt.SigningMethodRS256, k.rsa, claims, map[string]any{"kid": "x"}), ""},
		{"es256", Config{PublicKeyFile: ecFile}, signed(t, jwt.SigningMethodES256, k.ec, claims, nil), ""},
		{"eddsa", Config{PublicKeyFile: edFile}, signed(t, jwt.SigningMethodEdDSA, k.ed, claims, nil), ""},
		{"hs256 with secret and rsa", Config{Secret: testSecret, PublicKeyFile: rsaFile}, signed(t, jwt.SigningMethodHS256, testSecret, claims, nil), ""},
		{"rs256 with secret and rsa", Config{Secret: testSecret, PublicKeyFile: rsaFile}, signed(t, jwt.SigningMethodRS256, k.rsa, claims, nil), ""},

		{"alg none with secret", Config{Secret: testSecret}, unsigned(t, claims), "token signing algorithm not allowed"},
		{"alg none with rsa", Config{PublicKeyFile: rsaFile}, unsigned(t, claims), "token signing algorithm not allowed"},
		{"hs256 wrong secret", Config{Secret: testSecret}, signed(t, jwt.SigningMethodHS256, []byte(strings.Repeat("x", 32)), claims, nil), "invalid token signature"},
		{"rs256 wrong key", Config{PublicKeyFile: rsaFile}, signed(t, jwt.SigningMethodRS256, k.rsaOther, claims, nil), "invalid token signature"},
		{"es256 wrong key", Config{PublicKeyFile: ecFile}, signed(t, jwt.SigningMethodES256, k.ecOther, claims, nil), "invalid token signature"},
		{"eddsa wrong key", Config{PublicKeyFile: edFile}, signed(t, jwt.SigningMethodEdDSA, k.edOther, claims, nil), "invalid token signature"},
		{"hs256 keyed with rsa pem", Config{PublicKeyFile: rsaFile}, signed(t, jwt.SigningMethodHS256, rsaPEM, claims, nil), "token signing algorithm not allowed"},
		{"hs256 keyed with rsa pem, secret set", Config{Secret: testSecret, PublicKeyFile: rsaFile}, signed(t, jwt.SigningMethodHS256, rsaPEM, claims, nil), "invalid token signature"},
		{"es256 with rsa key", Config{PublicKeyFile: rsaFile}, signed(t, jwt.SigningMethodES256, k.ec, claims, nil), "token signing algorithm not allowed"},
		{"eddsa with ec key", Config{PublicKeyFile: ecFile}, signed(t, jwt.SigningMethodEdDSA, k.ed, claims, nil), "token signing algorithm not allowed"},
		{"rs256 with secret only", Config{Secret: testSecret}, signed(t, jwt.SigningMethodRS256, k.rsa, claims, nil), "token signing algorithm not allowed"},
		{"rs384 with rsa key", Config{PublicKeyFile: rsaFile}, signed(t, jwt.SigningMethodRS384, k.rsa, claims, nil), "token signing algorithm not allowed"},
		{"ps256 with rsa key", Config{PublicKeyFile: rsaFile}, signed(t, jwt.SigningMethodPS256, k.rsa, claims, nil), "token signing algorithm not allowed"},
		{"hs512 with secret", Config{Secret: testSecret}, signed(t, jwt.SigningMethodHS512, testSecret, claims, nil), "token signing algorithm not allowed"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			v := newVerifier(t, tt.config)
			checkVerify(t, v, tt.token, "user-1", tt.wantErr)
		})
	}
}

func TestVerifyJWKS(t *testing.T) {
	k := keys()
	rsaJWK := jwkFor(t, "r1", &k.rsa.PublicKey)
	rsaJWK["alg"] = "RS256"
	ecJWK := jwkFor(t, "e1", &k.ec.PublicKey)
	edJWK := jwkFor(t, "o1", k.ed.Public())
	mismatched := jwkFor(t, "e2", &k.ecOther.PublicKey)
	mismatched["alg"] = "RS256" // an EC key claiming RSA is skipped
	jwksFile := writeFile(t, "jwks.json", jwksJSON(t, rsaJWK, ecJWK, edJWK, mismatched))
	edOnly := writeFile(t, "ed.json", jwksJSON(t, edJWK))
	twoEd := writeFile(t, "two.json", jwksJSON(t, edJWK, jwkFor(t, "o2", k.edOther.Public())))
	claims := claimsFor("user-2")
	kid := func(id any) map[string]any { return map[string]any{"kid": id} }

	tests := []struct {
		name    string
		config  Config
		token   string
		wantErr string
	}{
		{"rsa kid", Config{JWKSFile: jwksFile}, signed(t, jwt.SigningMethodRS256, k.rsa, claims, kid("r1")), ""},
		{"ec kid", Config{JWKSFile: jwksFile}, signed(t, jwt.SigningMethodES256, k.ec, claims, kid("e1")), ""},
		{"ed25519 kid", Config{JWKSFile: jwksFile}, signed(t, jwt.SigningMethodEdDSA, k.ed, claims, kid("o1")), ""},
		{"no kid, one key for alg", Config{JWKSFile: edOnly}, signed(t, jwt.SigningMethodEdDSA, k.ed, claims, nil), ""},
		{"secret beside jwks", Config{Secret: testSecret, JWKSFile: jwksFile}, signed(t, jwt.SigningMethodHS256, testSecret, claims, kid("r1")), ""},
		{"jwks beside secret", Config{Secret: testSecret, JWKSFile: jwksFile}, signed(t, jwt.SigningMethodES256, k.ec, claims, kid("e1")), ""},

		{"unknown kid", Config{JWKSFile: jwksFile}, signed(t, jwt.SigningMethodRS256, k.rsa, claims, kid("nope")), "unknown token signing key"},
		{"kid of skipped key", Config{JWKSFile: jwksFile}, signed(t, jwt.SigningMethodES256, k.ecOther, claims, kid("e2")), "unknown token signing key"},
		{"wrong key for kid", Config{JWKSFile: jwksFile}, signed(t, jwt.SigningMethodES256, k.ecOther, claims, kid("e1")), "invalid token signature"},
		{"alg differs from kid's key", Config{JWKSFile: jwksFile}, signed(t, jwt.SigningMethodRS256, k.rsa, claims, kid("e1")), "token signing algorithm not allowed"},
		{"no kid, two keys for alg", Config{JWKSFile: twoEd}, signed(t, jwt.SigningMethodEdDSA, k.ed, claims, nil), "token has no key id"},
		{"kid not a string", Config{JWKSFile: jwksFile}, signed(t, jwt.SigningMethodRS256, k.rsa, claims, kid(1)), "malformed token"},
		{"hs256 without secret", Config{JWKSFile: jwksFile}, signed(t, jwt.SigningMethodHS256, testSecret, claims, kid("r1")), "token signing algorithm not allowed"},
		{"hs256 keyed with jwks pem", Config{Secret: testSecret, JWKSFile: jwksFile}, signed(t, jwt.SigningMethodHS256, publicPEM(t, &k.rsa.PublicKey), claims, kid("r1")), "invalid token signature"},
		{"alg none", Config{JWKSFile: jwksFile}, unsigned(t, claims), "token signing algorithm not allowed"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			v := newVerifier(t, tt.config)
			checkVerify(t, v, tt.token, "user-2", tt.wantErr)
		})
	}
}

func TestVerifyClaims(t *testing.T) {
	now := time.Now()
	at := func(d time.Duration) int64 { return now.Add(d).Unix() }
	with := func(kv ...any) jwt.MapClaims {
		c := claimsFor("user-3")
		for i := 0; i+1 < len(kv); i += 2 {
			if kv[i+1] == nil {
				delete(c, kv[i].(string))
			} else {
				c[kv[i].(string)] = kv[i+1]
			}
		}
		return c
	}
	plain := Config{Secret: testSecret}
	strict := Config{Secret: testSecret, Issuer: "https://id.example", Audience: "haven"}
	good := []any{"iss", "https://id.example", "aud", "haven"}

	tests := []struct {
		name    string
		config  Config
		claims  jwt.MapClaims
		wantErr string
	}{
		{"valid", plain, with(), ""},
		{"expired", plain, with("exp", at(-2*time.Minute)), "token expired"},
		{"expired within leeway", plain, with("exp", at(-10*time.Second)), ""},
		{"expired beyond custom leeway", Config{Secret: testSecret, Leeway: time.Second}, with("exp", at(-10*time.Second)), "token expired"},
		{"nbf in the future", plain, with("nbf", at(5*time.Minute)), "token not yet valid"},
		{"nbf within leeway", plain, with("nbf", at(10*time.Second)), ""},
		{"nbf in the past", plain, with("nbf", at(-time.Minute)), ""},
		{"iat in the future", plain, with("iat", at(5*time.Minute)), "token issued in the future"},
		{"missing exp", plain, with("exp", nil), "token has no expiry"},
		{"exp not a number", plain, with("exp", "tomorrow"), "token has an invalid claim"},
		{"missing sub", plain, with("sub", nil), "token has no subject"},
		{"empty sub", plain, with("sub", ""), "token has no subject"},
		{"sub not a string", plain, with("sub", 42), "token has no subject"},
		{"iss and aud", strict, with(good...), ""},
		{"aud in list", strict, with("iss", "https://id.example", "aud", []string{"other", "haven"}), ""},
		{"iss and aud not required", plain, with("iss", "anyone", "aud", "anything"), ""},
		{"wrong iss", strict, with("iss", "https://evil.example", "aud", "haven"), "token has the wrong issuer"},
		{"missing iss", strict, with("aud", "haven"), "token has no issuer"},
		{"wrong aud", strict, with("iss", "https://id.example", "aud", "other"), "token has the wrong audience"},
		{"missing aud", strict, with("iss", "https://id.example"), "token has no audience"},
		{"missing exp with iss and aud", strict, with(append(good, "exp", nil)...), "token has no expiry"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			v := newVerifier(t, tt.config)
			token := signed(t, jwt.SigningMethodHS256, testSecret, tt.claims, nil)
			checkVerify(t, v, token, "user-3", tt.wantErr)
		})
	}
}

func TestVerifyMalformed(t *testing.T) {
	v := newVerifier(t, Config{Secret: testSecret})
	good := signed(t, jwt.SigningMethodHS256, testSecret, claimsFor("user-4"), nil)
	parts := strings.Split(good, ".")
	enc := func(s string) string { return base64.RawURLEncoding.EncodeToString([]byte(s)) }
	big := claimsFor("user-4")
	big["pad"] = strings.Repeat("x", MaxTokenLen)

	tests := []struct {
		name    string
		token   string
		wantErr string
	}{
		{"empty", "", "malformed token"},
		{"one segment", "abc", "malformed token"},
		{"two segments", parts[0] + "." + parts[1], "malformed token"},
		{"four segments", good + ".x", "malformed token"},
		{"bad base64 header", "!!!." + parts[1] + "." + parts[2], "malformed token"},
		{"header not json", enc("nope") + "." + parts[1] + "." + parts[2], "malformed token"},
		{"claims not json", parts[0] + "." + enc("nope") + "." + parts[2], "malformed token"},
		{"padded segment", parts[0] + "=." + parts[1] + "." + parts[2], "malformed token"},
		{"no alg", enc(`{"typ":"JWT"}`) + "." + parts[1] + "." + parts[2], "token signing algorithm not allowed"},
		{"unknown alg", enc(`{"alg":"XX999"}`) + "." + parts[1] + "." + parts[2], "token signing algorithm not allowed"},
		{"tampered claims", parts[0] + "." + enc(`{"sub":"admin","exp":9999999999}`) + "." + parts[2], "invalid token signature"},
		{"empty signature", parts[0] + "." + parts[1] + ".", "invalid token signature"},
		{"critical header", signed(t, jwt.SigningMethodHS256, testSecret, claimsFor("user-4"), map[string]any{"crit": []string{"exp"}}), "unsupported critical token header"},
		{"oversized", signed(t, jwt.SigningMethodHS256, testSecret, big, nil), "token too large"},
		{"oversized garbage", strings.Repeat("a", MaxTokenLen+1), "token too large"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			checkVerify(t, v, tt.token, "", tt.wantErr)
		})
	}
}

func TestVerifyErrorsHideKeys(t *testing.T) {
	k := keys()
	rsaPEM := publicPEM(t, &k.rsa.PublicKey)
	v := newVerifier(t, Config{Secret: testSecret, PublicKeyFile: writeFile(t, "rsa.pem", rsaPEM)})
	tokens := []string{
		signed(t, jwt.SigningMethodHS256, rsaPEM, claimsFor("u"), nil),
		signed(t, jwt.SigningMethodRS256, k.rsaOther, claimsFor("u"), nil),
		signed(t, jwt.SigningMethodHS256, []byte(strings.Repeat("y", 32)), claimsFor("u"), nil),
	}
	for _, tok := range tokens {
		_, err := v.Verify(tok)
		if err == nil {
			t.Fatalf("Verify(%q) succeeded, want error", tok)
		}
		msg := err.Error()
		if strings.Contains(msg, string(testSecret)) || strings.Contains(msg, "BEGIN") || len(msg) > 64 {
			t.Errorf("error message %q may leak key material", msg)
		}
	}
}

func TestVerifyRoles(t *testing.T) {
	tests := []struct {
		name  string
		claim string // Config.RolesClaim
		set   map[string]any
		want  []Role
	}{
		{"array", "", map[string]any{"roles": []any{"moderator", "creator"}}, []Role{RoleCreator, RoleModerator}},
		{"space separated", "", map[string]any{"roles": "publisher admin"}, []Role{RoleAdmin, RolePublisher}},
		{"comma separated", "", map[string]any{"roles": "publisher,admin, creator"}, []Role{RoleAdmin, RoleCreator, RolePublisher}},
		{"upper case", "", map[string]any{"roles": []any{"ADMIN", "Clinical_Reviewer"}}, []Role{RoleAdmin, RoleClinicalReviewer}},
		{"unknown ignored", "", map[string]any{"roles": []any{"superuser", "org_member", "offline_access"}}, []Role{RoleOrgMember}},
		{"duplicates removed", "", map[string]any{"roles": []any{"admin", "admin", "ADMIN"}}, []Role{RoleAdmin}},
		{"non-strings ignored", "", map[string]any{"roles": []any{1, true, nil, "creator", map[string]any{}}}, []Role{RoleCreator}},
		{"missing", "", map[string]any{}, []Role{}},
		{"wrong type", "", map[string]any{"roles": 7}, []Role{}},
		{"nested", "realm_access.roles", map[string]any{"realm_access": map[string]any{"roles": []any{"moderator"}}}, []Role{RoleModerator}},
		{"nested string", "a.b.c", map[string]any{"a": map[string]any{"b": map[string]any{"c": "admin creator"}}}, []Role{RoleAdmin, RoleCreator}},
		{"nested missing", "realm_access.roles", map[string]any{"realm_access": map[string]any{}}, []Role{}},
		{"nested through non-object", "realm_access.roles", map[string]any{"realm_access": "admin"}, []Role{}},
		{"top level not used for nested path", "realm_access.roles", map[string]any{"roles": []any{"admin"}}, []Role{}},
		{"dotted claim name", "https://haven.example/roles", map[string]any{"https://haven.example/roles": []any{"publisher"}}, []Role{RolePublisher}},
		{"custom top level", "groups", map[string]any{"groups": []any{"admin"}, "roles": []any{"creator"}}, []Role{RoleAdmin}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			v := newVerifier(t, Config{Secret: testSecret, RolesClaim: tt.claim})
			c := claimsFor("user-5")
			for k, val := range tt.set {
				c[k] = val
			}
			vw := checkVerify(t, v, signed(t, jwt.SigningMethodHS256, testSecret, c, nil), "user-5", "")
			if vw == nil {
				return
			}
			if !slices.Equal(vw.Roles, tt.want) {
				t.Errorf("Roles = %v, want %v", vw.Roles, tt.want)
			}
		})
	}
}

func TestNewVerifierErrors(t *testing.T) {
	missing := t.TempDir() + "/missing.pem"
	tests := []struct {
		name    string
		config  Config
		wantErr string
	}{
		{"no key", Config{Issuer: "x"}, "no verification key configured"},
		{"empty secret", Config{Secret: []byte{}}, "secret is 0 bytes, need at least 32"},
		{"short secret", Config{Secret: []byte("short")}, "secret is 5 bytes, need at least 32"},
		{"missing key file", Config{PublicKeyFile: missing}, "read public key file"},
		{"garbage key file", Config{PublicKeyFile: writeFile(t, "bad.pem", []byte("garbage"))}, "no PEM public key"},
		{"missing jwks", Config{JWKSFile: missing}, "read JWKS file"},
		{"garbage jwks", Config{JWKSFile: writeFile(t, "bad.json", []byte("[1,2"))}, "parse JSON"},
		{"empty roles path segment", Config{Secret: testSecret, RolesClaim: "realm_access..roles"}, "invalid claim path"},
		{"trailing dot", Config{Secret: testSecret, RolesClaim: "roles."}, "invalid claim path"},
		{"negative leeway", Config{Secret: testSecret, Leeway: -time.Second}, "negative leeway"},
		{"good secret, bad key file", Config{Secret: testSecret, PublicKeyFile: missing}, "read public key file"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			v, err := NewVerifier(tt.config)
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
				t.Fatalf("NewVerifier error = %v, want containing %q", err, tt.wantErr)
			}
			if v != nil {
				t.Errorf("NewVerifier returned a verifier with an error")
			}
			if !strings.HasPrefix(err.Error(), "auth: ") {
				t.Errorf("error %q lacks the auth: prefix", err)
			}
		})
	}
}

func TestVerifierCopiesSecret(t *testing.T) {
	secret := slices.Clone(testSecret)
	v := newVerifier(t, Config{Secret: secret})
	token := signed(t, jwt.SigningMethodHS256, testSecret, claimsFor("u"), nil)
	secret[0] ^= 0xff
	checkVerify(t, v, token, "u", "")
}

func TestVerifyConcurrent(t *testing.T) {
	k := keys()
	v := newVerifier(t, Config{Secret: testSecret, PublicKeyFile: writeFile(t, "ec.pem", publicPEM(t, &k.ec.PublicKey))})
	good := signed(t, jwt.SigningMethodES256, k.ec, claimsFor("u"), nil)
	bad := signed(t, jwt.SigningMethodHS256, testSecret, jwt.MapClaims{"sub": "u"}, nil)
	var (
		wg       sync.WaitGroup
		failures atomic.Int64
	)
	for range 16 {
		wg.Go(func() {
			for range 20 {
				if _, err := v.Verify(good); err != nil {
					failures.Add(1)
				}
				if _, err := v.Verify(bad); err == nil {
					failures.Add(1)
				}
			}
		})
	}
	wg.Wait()
	if n := failures.Load(); n != 0 {
		t.Errorf("%d of 640 concurrent verifications gave the wrong result", n)
	}
}
