package auth

import (
	"crypto"
	"crypto/ecdsa"
	"crypto/ed25519"
	"crypto/elliptic"
	"crypto/rsa"
	"crypto/x509"
	"encoding/base64"
	"encoding/json"
	"encoding/pem"
	"errors"
	"fmt"
	"math/big"
	"os"
	"strings"
)

// Signing algorithms, as named in a token's "alg" header.
const (
	algHS256 = "HS256"
	algRS256 = "RS256"
	algES256 = "ES256"
	algEdDSA = "EdDSA"
)

// minRSABits is the smallest RSA modulus accepted for verification.
const minRSABits = 2048

// A publicKey is a verification key bound to the one algorithm it may verify.
type publicKey struct {
	kid string
	alg string
	key crypto.PublicKey
}

// algorithmFor returns the signing algorithm bound to key. Each key type
// verifies exactly one algorithm, so a token cannot pick a weaker one.
func algorithmFor(key crypto.PublicKey) (string, error) {
	switch k := key.(type) {
	case *rsa.PublicKey:
		if n := k.N.BitLen(); n < minRSABits {
			return "", fmt.Errorf("RSA key is %d bits, need at least %d", n, minRSABits)
		}
		return algRS256, nil
	case *ecdsa.PublicKey:
		if k.Curve != elliptic.P256() {
			return "", fmt.Errorf("EC key uses curve %s, want P-256", k.Curve.Params().Name)
		}
		return algES256, nil
	case ed25519.PublicKey:
		if len(k) != ed25519.PublicKeySize {
			return "", errors.New("Ed25519 key has the wrong length")
		}
		return algEdDSA, nil
	}
	return "", fmt.Errorf("unsupported key type %T", key)
}

// readPublicKeyFile reads a PEM file holding a public key or a certificate.
func readPublicKeyFile(name string) (publicKey, error) {
	data, err := os.ReadFile(name)
	if err != nil {
		return publicKey{}, fmt.Errorf("auth: read public key file: %w", err)
	}
	key, err := parsePublicKeyPEM(data)
	if err != nil {
		return publicKey{}, fmt.Errorf("auth: public key file %s: %w", name, err)
	}
	alg, err := algorithmFor(key)
	if err != nil {
		return publicKey{}, fmt.Errorf("auth: public key file %s: %w", name, err)
	}
	return publicKey{alg: alg, key: key}, nil
}

// parsePublicKeyPEM returns the first public key or certificate key in data.
// It refuses private keys so that a misconfigured deployment fails loudly.
func parsePublicKeyPEM(data []byte) (crypto.PublicKey, error) {
	for {
		var block *pem.Block
		block, data = pem.Decode(data)
		if block == nil {
			return nil, errors.New("no PEM public key or certificate found")
		}
		switch {
		case block.Type == "PUBLIC KEY":
			key, err := x509.ParsePKIXPublicKey(block.Bytes)
			if err != nil {
				return nil, fmt.Errorf("parse public key: %w", err)
			}
			return key, nil
		case block.Type == "RSA PUBLIC KEY":
			key, err := x509.ParsePKCS1PublicKey(block.Bytes)
			if err != nil {
				return nil, fmt.Errorf("parse RSA public key: %w", err)
			}
			return key, nil
		case block.Type == "CERTIFICATE":
			cert, err := x509.ParseCertificate(block.Bytes)
			if err != nil {
				return nil, fmt.Errorf("parse certificate: %w", err)
			}
			return cert.PublicKey, nil
		case strings.HasSuffix(block.Type, "PRIVATE KEY"):
			return nil, errors.New("file holds a private key; configure the public key instead")
		}
	}
}

// A jwk is one JSON Web Key (RFC 7517) of a JWKS document.
type jwk struct {
	Kty string `json:"kty"`
	Kid string `json:"kid"`
	Alg string `json:"alg"`
	Use string `json:"use"`
	Crv string `json:"crv"`
	N   string `json:"n"`
	E   string `json:"e"`
	X   string `json:"x"`
	Y   string `json:"y"`
}

// readJWKSFile reads a JWKS file. Keys that cannot sign tokens for Haven
// (encryption keys, symmetric keys, other curves or algorithms) are skipped;
// a malformed key or a file without usable keys is an error.
func readJWKSFile(name string) ([]publicKey, error) {
	data, err := os.ReadFile(name)
	if err != nil {
		return nil, fmt.Errorf("auth: read JWKS file: %w", err)
	}
	keys, err := parseJWKS(data)
	if err != nil {
		return nil, fmt.Errorf("auth: JWKS file %s: %w", name, err)
	}
	return keys, nil
}

func parseJWKS(data []byte) ([]publicKey, error) {
	var set struct {
		Keys []jwk `json:"keys"`
	}
	if err := json.Unmarshal(data, &set); err != nil {
		return nil, fmt.Errorf("parse JSON: %w", err)
	}
	var keys []publicKey
	seen := make(map[string]bool)
	for i, k := range set.Keys {
		key, ok, err := k.publicKey()
		if err != nil {
			if k.Kid != "" {
				return nil, fmt.Errorf("key %q: %w", k.Kid, err)
			}
			return nil, fmt.Errorf("key %d: %w", i, err)
		}
		if !ok {
			continue
		}
		if key.kid != "" {
			if seen[key.kid] {
				return nil, fmt.Errorf("duplicate key id %q", key.kid)
			}
			seen[key.kid] = true
		}
		keys = append(keys, key)
	}
	if len(keys) == 0 {
		return nil, errors.New("no usable signing keys (want RSA, EC P-256 or Ed25519)")
	}
	return keys, nil
}

// publicKey converts k. It reports false for a key Haven does not use.
func (k jwk) publicKey() (publicKey, bool, error) {
	if k.Use != "" && k.Use != "sig" {
		return publicKey{}, false, nil
	}
	var (
		key crypto.PublicKey
		err error
	)
	switch {
	case k.Kty == "RSA":
		key, err = k.rsaKey()
	case k.Kty == "EC" && k.Crv == "P-256":
		key, err = k.ecKey()
	case k.Kty == "OKP" && k.Crv == "Ed25519":
		key, err = k.ed25519Key()
	default:
		return publicKey{}, false, nil
	}
	if err != nil {
		return publicKey{}, false, err
	}
	alg, err := algorithmFor(key)
	if err != nil {
		return publicKey{}, false, err
	}
	if k.Alg != "" && k.Alg != alg {
		return publicKey{}, false, nil
	}
	return publicKey{kid: k.Kid, alg: alg, key: key}, true, nil
}

func (k jwk) rsaKey() (*rsa.PublicKey, error) {
	n, err := decodeBase64URL("n", k.N)
	if err != nil {
		return nil, err
	}
	e, err := decodeBase64URL("e", k.E)
	if err != nil {
		return nil, err
	}
	if len(e) == 0 || len(e) > 4 {
		return nil, errors.New("RSA exponent out of range")
	}
	exp := int(new(big.Int).SetBytes(e).Int64())
	if exp < 3 || exp%2 == 0 {
		return nil, errors.New("RSA exponent out of range")
	}
	return &rsa.PublicKey{N: new(big.Int).SetBytes(n), E: exp}, nil
}

func (k jwk) ecKey() (*ecdsa.PublicKey, error) {
	x, err := decodeBase64URL("x", k.X)
	if err != nil {
		return nil, err
	}
	y, err := decodeBase64URL("y", k.Y)
	if err != nil {
		return nil, err
	}
	if len(x) != 32 || len(y) != 32 {
		return nil, errors.New("P-256 coordinates must be 32 bytes")
	}
	point := append(append([]byte{4}, x...), y...)
	key, err := ecdsa.ParseUncompressedPublicKey(elliptic.P256(), point)
	if err != nil {
		return nil, fmt.Errorf("parse EC key: %w", err)
	}
	return key, nil
}

func (k jwk) ed25519Key() (ed25519.PublicKey, error) {
	x, err := decodeBase64URL("x", k.X)
	if err != nil {
		return nil, err
	}
	if len(x) != ed25519.PublicKeySize {
		return nil, fmt.Errorf("Ed25519 key must be %d bytes", ed25519.PublicKeySize)
	}
	return ed25519.PublicKey(x), nil
}

// decodeBase64URL decodes the JWK member named field, tolerating padding.
func decodeBase64URL(field, s string) ([]byte, error) {
	if s == "" {
		return nil, fmt.Errorf("missing %q", field)
	}
	b, err := base64.RawURLEncoding.DecodeString(strings.TrimRight(s, "="))
	if err != nil {
		return nil, fmt.Errorf("decode %q: %w", field, err)
	}
	return b, nil
}
