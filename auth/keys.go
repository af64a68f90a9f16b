package auth

import (
	"crypto"
	"crypto/ecdsa"
	"crypto/ed25519"
	"crypto/elliptic"
	"crypto/rsa"
	"crypto/x509"
	"encoding/json"
	"encoding/pem"
	"errors"
	"fmt"
	"os"
	"strings"

	"github.com/MicahParks/jwkset"
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
		if k.E < 3 || k.E%2 == 0 {
			return "", errors.New("RSA exponent out of range")
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

// parseJWKS reads a JWK Set document with jwkset, which decodes and validates
// each key, and keeps the keys Haven verifies with.
func parseJWKS(data []byte) ([]publicKey, error) {
	var set jwkset.JWKSMarshal
	if err := json.Unmarshal(data, &set); err != nil {
		return nil, fmt.Errorf("parse JSON: %w", err)
	}
	var keys []publicKey
	seen := make(map[string]bool)
	for i, m := range set.Keys {
		key, ok, err := signingKey(m)
		if err != nil {
			if m.KID != "" {
				return nil, fmt.Errorf("key %q: %w", m.KID, err)
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

// signingKey converts one JWK. It reports false for a key Haven does not use:
// one for encryption, a symmetric key, another curve, or one whose "alg"
// names another algorithm than its type verifies.
func signingKey(m jwkset.JWKMarshal) (publicKey, bool, error) {
	if m.USE != "" && m.USE != jwkset.UseSig {
		return publicKey{}, false, nil
	}
	switch {
	case m.KTY == jwkset.KtyRSA:
	case m.KTY == jwkset.KtyEC && m.CRV == jwkset.CrvP256:
	case m.KTY == jwkset.KtyOKP && m.CRV == jwkset.CrvEd25519:
	default:
		return publicKey{}, false, nil
	}
	m.D, m.P, m.Q, m.DP, m.DQ, m.QI = "", "", "", "", "", "" // public parts only
	jwk, err := jwkset.NewJWKFromMarshal(m, jwkset.JWKMarshalOptions{}, jwkset.JWKValidateOptions{})
	if err != nil {
		return publicKey{}, false, err
	}
	alg, err := algorithmFor(jwk.Key())
	if err != nil {
		return publicKey{}, false, err
	}
	if m.ALG != "" && string(m.ALG) != alg {
		return publicKey{}, false, nil
	}
	return publicKey{kid: m.KID, alg: alg, key: jwk.Key()}, true, nil
}
