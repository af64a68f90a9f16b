package auth

import (
	"crypto"
	"crypto/ecdsa"
	"crypto/ed25519"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/base64"
	"encoding/json"
	"encoding/pem"
	"errors"
	"math/big"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"
)

// testKeys holds keys generated once for the whole test binary; RSA key
// generation is slow.
type testKeys struct {
	rsa, rsaOther *rsa.PrivateKey
	ec, ecOther   *ecdsa.PrivateKey
	ed, edOther   ed25519.PrivateKey
}

var keys = sync.OnceValue(func() testKeys {
	must := func(err error) {
		if err != nil {
			panic(err)
		}
	}
	var k testKeys
	var err error
	k.rsa, err = rsa.GenerateKey(rand.Reader, 2048)
	must(err)
	k.rsaOther, err = rsa.GenerateKey(rand.Reader, 2048)
	must(err)
	k.ec, err = ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	must(err)
	k.ecOther, err = ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	must(err)
	_, k.ed, err = ed25519.GenerateKey(rand.Reader)
	must(err)
	_, k.edOther, err = ed25519.GenerateKey(rand.Reader)
	must(err)
	return k
})

// writeFile writes data to a new file in a temporary directory.
func writeFile(t *testing.T, name string, data []byte) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(path, data, 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

// publicPEM returns the PKIX PEM encoding of pub.
func publicPEM(t *testing.T, pub crypto.PublicKey) []byte {
	t.Helper()
	der, err := x509.MarshalPKIXPublicKey(pub)
	if err != nil {
		t.Fatal(err)
	}
	return pem.EncodeToMemory(&pem.Block{Type: "PUBLIC KEY", Bytes: der})
}

// certificatePEM returns a self-signed certificate for priv.
func certificatePEM(t *testing.T, priv crypto.Signer) []byte {
	t.Helper()
	tmpl := &x509.Certificate{
		SerialNumber: big.NewInt(1),
		Subject:      pkix.Name{CommonName: "haven test"},
		NotBefore:    time.Now().Add(-time.Hour),
		NotAfter:     time.Now().Add(time.Hour),
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, priv.Public(), priv)
	if err != nil {
		t.Fatal(err)
	}
	return pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der})
}

func b64(b []byte) string { return base64.RawURLEncoding.EncodeToString(b) }

// jwkFor returns the JWK of pub with the given key id.
func jwkFor(t *testing.T, kid string, pub crypto.PublicKey) map[string]any {
	t.Helper()
	switch k := pub.(type) {
	case *rsa.PublicKey:
		return map[string]any{"kty": "RSA", "kid": kid, "n": b64(k.N.Bytes()), "e": b64(big.NewInt(int64(k.E)).Bytes())}
	case *ecdsa.PublicKey:
		raw, err := k.Bytes()
		if err != nil {
			t.Fatal(err)
		}
		return map[string]any{"kty": "EC", "kid": kid, "crv": "P-256", "x": b64(raw[1:33]), "y": b64(raw[33:])}
	case ed25519.PublicKey:
		return map[string]any{"kty": "OKP", "kid": kid, "crv": "Ed25519", "x": b64(k)}
	}
	t.Fatalf("jwkFor: unsupported key %T", pub)
	return nil
}

// jwksJSON encodes keys as a JWKS document.
func jwksJSON(t *testing.T, keys ...map[string]any) []byte {
	t.Helper()
	b, err := json.Marshal(map[string]any{"keys": keys})
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestParsePublicKeyPEM(t *testing.T) {
	k := keys()
	rsaPKCS1 := pem.EncodeToMemory(&pem.Block{Type: "RSA PUBLIC KEY", Bytes: x509.MarshalPKCS1PublicKey(&k.rsa.PublicKey)})
	privDER, err := x509.MarshalPKCS8PrivateKey(k.ec)
	if err != nil {
		t.Fatal(err)
	}
	private := pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: privDER})
	p384, err := ecdsa.GenerateKey(elliptic.P384(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	rsa1024, err := rsa.GenerateKey(rand.Reader, 1024)
	if err != nil {
		t.Fatal(err)
	}
	junk := pem.EncodeToMemory(&pem.Block{Type: "PUBLIC KEY", Bytes: []byte("junk")})
	comment := []byte("-----BEGIN COMMENT-----\naGVsbG8=\n-----END COMMENT-----\n")

	tests := []struct {
		name    string
		data    []byte
		wantAlg string
		wantErr string
	}{
		{"rsa pkix", publicPEM(t, &k.rsa.PublicKey), algRS256, ""},
		{"rsa pkcs1", rsaPKCS1, algRS256, ""},
		{"rsa certificate", certificatePEM(t, k.rsa), algRS256, ""},
		{"ec", publicPEM(t, &k.ec.PublicKey), algES256, ""},
		{"ec certificate", certificatePEM(t, k.ec), algES256, ""},
		{"ed25519", publicPEM(t, k.ed.Public()), algEdDSA, ""},
		{"ed25519 certificate", certificatePEM(t, k.ed), algEdDSA, ""},
		{"other block first", append(comment, publicPEM(t, k.ed.Public())...), algEdDSA, ""},
		{"empty", nil, "", "no PEM public key"},
		{"not pem", []byte("hello"), "", "no PEM public key"},
		{"junk der", junk, "", "parse public key"},
		{"private key", private, "", "private key"},
		{"p384", publicPEM(t, &p384.PublicKey), "", "want P-256"},
		{"rsa 1024", publicPEM(t, &rsa1024.PublicKey), "", "need at least 2048"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			key, err := readPublicKeyFile(writeFile(t, "key.pem", tt.data))
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("readPublicKeyFile error = %v, want containing %q", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatalf("readPublicKeyFile: %v", err)
			}
			if key.alg != tt.wantAlg {
				t.Errorf("alg = %q, want %q", key.alg, tt.wantAlg)
			}
		})
	}
}

func TestParseJWKS(t *testing.T) {
	k := keys()
	rsaKey := jwkFor(t, "r1", &k.rsa.PublicKey)
	ecKey := jwkFor(t, "e1", &k.ec.PublicKey)
	edKey := jwkFor(t, "o1", k.ed.Public())
	with := func(m map[string]any, kv ...string) map[string]any {
		c := make(map[string]any, len(m))
		for k, v := range m {
			c[k] = v
		}
		for i := 0; i+1 < len(kv); i += 2 {
			c[kv[i]] = kv[i+1]
		}
		return c
	}

	tests := []struct {
		name     string
		data     []byte
		wantKids []string // kids of the usable keys, in order
		wantErr  string
	}{
		{"all types", jwksJSON(t, rsaKey, ecKey, edKey), []string{"r1", "e1", "o1"}, ""},
		{"matching alg", jwksJSON(t, with(rsaKey, "alg", "RS256"), with(ecKey, "alg", "ES256"), with(edKey, "alg", "EdDSA")), []string{"r1", "e1", "o1"}, ""},
		{"padded base64", jwksJSON(t, with(edKey, "x", b64(k.ed.Public().(ed25519.PublicKey))+"=")), []string{"o1"}, ""},
		{"no kid", jwksJSON(t, with(edKey, "kid", "")), []string{""}, ""},
		{"skips mismatched alg", jwksJSON(t, with(rsaKey, "alg", "RS512"), with(ecKey, "alg", "RS256"), edKey), []string{"o1"}, ""},
		{"skips encryption keys", jwksJSON(t, with(rsaKey, "use", "enc"), edKey), []string{"o1"}, ""},
		{"skips oct and other curves", jwksJSON(t, map[string]any{"kty": "oct", "kid": "s", "k": "c2VjcmV0"}, with(ecKey, "crv", "P-384"), ecKey), []string{"e1"}, ""},
		{"not json", []byte("{"), nil, "parse JSON"},
		{"no keys", []byte(`{"keys":[]}`), nil, "no usable signing keys"},
		{"only unusable keys", jwksJSON(t, with(rsaKey, "use", "enc")), nil, "no usable signing keys"},
		{"duplicate kid", jwksJSON(t, ecKey, with(edKey, "kid", "e1")), nil, `duplicate key id "e1"`},
		{"bad base64", jwksJSON(t, with(edKey, "x", "!!!")), nil, `key "o1": failed to unmarshal JSON Web Key: failed to decode OKP key parameter "x"`},
		{"missing modulus", jwksJSON(t, with(rsaKey, "n", "")), nil, `key "r1": failed to unmarshal JSON Web Key: unable to unmarshal JWK due to invalid attributes: RSA requires parameters "n" and "e"`},
		{"even exponent", jwksJSON(t, with(rsaKey, "e", b64([]byte{4}))), nil, "exponent"},
		{"short rsa", jwksJSON(t, with(rsaKey, "n", b64(make([]byte, 128)))), nil, "need at least 2048"},
		{"short ec coordinate", jwksJSON(t, with(ecKey, "x", b64([]byte{1, 2}))), nil, `key "e1": failed to unmarshal JSON Web Key: unable to unmarshal JWK due to invalid attributes: invalid key: EC point is not on the specified curve`},
		{"ec point off curve", jwksJSON(t, with(ecKey, "y", b64(make([]byte, 32)))), nil, `key "e1": failed to unmarshal JSON Web Key: unable to unmarshal JWK due to invalid attributes: invalid key: EC point is not on the specified curve`},
		{"short ed25519", jwksJSON(t, with(edKey, "x", b64([]byte{1}))), nil, `key "o1": failed to unmarshal JSON Web Key: unable to unmarshal JWK due to invalid attributes: OKP key should be 32 bytes`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := parseJWKS(tt.data)
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("parseJWKS error = %v, want containing %q", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatalf("parseJWKS: %v", err)
			}
			var kids []string
			for _, k := range got {
				kids = append(kids, k.kid)
			}
			if strings.Join(kids, ",") != strings.Join(tt.wantKids, ",") || len(kids) != len(tt.wantKids) {
				t.Errorf("kids = %q, want %q", kids, tt.wantKids)
			}
		})
	}
}

// TestKeyFor checks key selection directly, including cases the parser's
// algorithm allow-list already stops, so that each key stays bound to its
// own algorithm even if that list were wrong.
func TestKeyFor(t *testing.T) {
	k := keys()
	rsaJWKS := writeFile(t, "jwks.json", jwksJSON(t, jwkFor(t, "r1", &k.rsa.PublicKey)))
	ecFile := writeFile(t, "ec.pem", publicPEM(t, &k.ec.PublicKey))
	v := newVerifier(t, Config{PublicKeyFile: ecFile, JWKSFile: rsaJWKS})

	tests := []struct {
		name    string
		method  jwt.SigningMethod
		header  map[string]any
		wantKey any
		wantErr error
	}{
		{"hs256 without secret", jwt.SigningMethodHS256, nil, nil, errAlgorithm},
		{"rs256 by kid", jwt.SigningMethodRS256, map[string]any{"kid": "r1"}, &k.rsa.PublicKey, nil},
		{"rs256 unknown kid", jwt.SigningMethodRS256, map[string]any{"kid": "zz"}, nil, errUnknownKey},
		{"rs256 no kid, one jwks key", jwt.SigningMethodRS256, nil, &k.rsa.PublicKey, nil},
		{"es256 unknown kid falls back to key file", jwt.SigningMethodES256, map[string]any{"kid": "zz"}, &k.ec.PublicKey, nil},
		{"es256 with rsa kid", jwt.SigningMethodES256, map[string]any{"kid": "r1"}, nil, errAlgorithm},
		{"eddsa without key", jwt.SigningMethodEdDSA, nil, nil, errAlgorithm},
		{"eddsa unknown kid", jwt.SigningMethodEdDSA, map[string]any{"kid": "zz"}, nil, errUnknownKey},
		{"critical header", jwt.SigningMethodES256, map[string]any{"crit": []any{"b64"}}, nil, errCritical},
		{"numeric kid", jwt.SigningMethodRS256, map[string]any{"kid": 1.0}, nil, errKeyIDType},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tok := jwt.New(tt.method)
			for h, val := range tt.header {
				tok.Header[h] = val
			}
			key, err := v.keyFor(tok)
			if tt.wantErr != nil {
				if !errors.Is(err, tt.wantErr) || key != nil {
					t.Fatalf("keyFor = %v, %v; want nil, %v", key, err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatalf("keyFor: %v", err)
			}
			if eq, ok := tt.wantKey.(interface{ Equal(crypto.PublicKey) bool }); !ok || !eq.Equal(key) {
				t.Errorf("keyFor returned %T, want %T", key, tt.wantKey)
			}
		})
	}
}
