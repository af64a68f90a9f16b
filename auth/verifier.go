package auth

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/golang-jwt/jwt/v5"
)

// MinSecretLen is the shortest HS256 secret accepted, in bytes.
const MinSecretLen = 32

// MaxTokenLen is the longest token accepted, in bytes. Longer tokens are
// refused before they are parsed.
const MaxTokenLen = 8 << 10

// DefaultRolesClaim is the claim that holds roles when Config.RolesClaim is
// empty.
const DefaultRolesClaim = "roles"

// DefaultLeeway is the clock skew tolerated when Config.Leeway is zero.
const DefaultLeeway = 30 * time.Second

// ErrUnauthenticated is wrapped by every error that [Verifier.Verify]
// returns. The message of such an error is safe to show to a person.
var ErrUnauthenticated = errors.New("unauthenticated")

// Config configures a [Verifier]. At least one of Secret, PublicKeyFile and
// JWKSFile must be set; when several are, each key verifies only tokens of
// its own algorithm.
type Config struct {
	// Secret is the HS256 key, at least MinSecretLen bytes.
	Secret []byte
	// PublicKeyFile names a PEM file holding an RSA public key (RS256), an
	// EC P-256 public key (ES256), an Ed25519 public key (EdDSA), or a
	// certificate for one of those.
	PublicKeyFile string
	// JWKSFile names a JWKS JSON file. A token's "kid" header selects the
	// key. RSA, EC P-256 and OKP Ed25519 keys are supported; a key's "alg",
	// when present, must match its type.
	JWKSFile string
	// Issuer and Audience, when non-empty, are required in the "iss" and
	// "aud" claims.
	Issuer   string
	Audience string
	// RolesClaim names the claim that holds the viewer's roles; a dotted
	// path such as "realm_access.roles" reaches a nested claim. The claim
	// may be an array of strings or one string of roles separated by spaces
	// or commas. It defaults to DefaultRolesClaim.
	RolesClaim string
	// Leeway is the clock skew tolerated for "exp", "nbf" and "iat".
	// It defaults to DefaultLeeway.
	Leeway time.Duration
}

// A Verifier checks JSON Web Tokens. It is safe for concurrent use.
type Verifier struct {
	parser    *jwt.Parser
	secret    []byte
	pem       *publicKey           // from Config.PublicKeyFile
	jwks      map[string]publicKey // JWKS keys with a key id
	jwksNoKid []publicKey          // JWKS keys without one
	methods   []string             // allowed algorithms
	rolesPath string
	issuer    string
	audience  string
}

// NewVerifier returns a Verifier for c. It reads and parses the key files.
func NewVerifier(c Config) (*Verifier, error) {
	v := &Verifier{
		jwks:      make(map[string]publicKey),
		rolesPath: c.RolesClaim,
		issuer:    c.Issuer,
		audience:  c.Audience,
	}
	if v.rolesPath == "" {
		v.rolesPath = DefaultRolesClaim
	}
	if err := checkClaimPath(v.rolesPath); err != nil {
		return nil, fmt.Errorf("auth: roles claim: %w", err)
	}
	if c.Leeway < 0 {
		return nil, fmt.Errorf("auth: negative leeway %v", c.Leeway)
	}
	if c.Leeway == 0 {
		c.Leeway = DefaultLeeway
	}
	if c.Secret == nil && c.PublicKeyFile == "" && c.JWKSFile == "" {
		return nil, errors.New("auth: no verification key configured (want a secret, a public key file or a JWKS file)")
	}
	if c.Secret != nil {
		if len(c.Secret) < MinSecretLen {
			return nil, fmt.Errorf("auth: secret is %d bytes, need at least %d", len(c.Secret), MinSecretLen)
		}
		v.secret = slices.Clone(c.Secret)
		v.allow(algHS256)
	}
	if c.PublicKeyFile != "" {
		key, err := readPublicKeyFile(c.PublicKeyFile)
		if err != nil {
			return nil, err
		}
		v.pem = &key
		v.allow(key.alg)
	}
	if c.JWKSFile != "" {
		keys, err := readJWKSFile(c.JWKSFile)
		if err != nil {
			return nil, err
		}
		for _, k := range keys {
			if k.kid == "" {
				v.jwksNoKid = append(v.jwksNoKid, k)
			} else {
				v.jwks[k.kid] = k
			}
			v.allow(k.alg)
		}
	}

	opts := []jwt.ParserOption{
		jwt.WithValidMethods(v.methods),
		jwt.WithExpirationRequired(),
		jwt.WithIssuedAt(),
		jwt.WithLeeway(c.Leeway),
		jwt.WithStrictDecoding(),
	}
	if c.Issuer != "" {
		opts = append(opts, jwt.WithIssuer(c.Issuer))
	}
	if c.Audience != "" {
		opts = append(opts, jwt.WithAudience(c.Audience))
	}
	v.parser = jwt.NewParser(opts...)
	return v, nil
}

func (v *Verifier) allow(alg string) {
	if !slices.Contains(v.methods, alg) {
		v.methods = append(v.methods, alg)
	}
}

// Verify checks token and returns the viewer it identifies. The viewer's
// roles are the known roles in the configured roles claim; unknown roles
// are ignored. Every error wraps [ErrUnauthenticated] and has a message
// safe to show to a person.
func (v *Verifier) Verify(token string) (*Viewer, error) {
	if len(token) > MaxTokenLen {
		return nil, &verifyError{msg: "token too large"}
	}
	claims := jwt.MapClaims{}
	tok, err := v.parser.ParseWithClaims(token, claims, v.keyFor)
	if err != nil || tok == nil || !tok.Valid {
		return nil, v.classify(tok, claims, err)
	}
	sub, err := claims.GetSubject()
	if err != nil || sub == "" {
		return nil, &verifyError{msg: "token has no subject", err: err}
	}
	vw := &Viewer{
		Subject: sub,
		Roles:   normalizeRoles(roleNames(lookupClaim(claims, v.rolesPath))),
	}
	if exp, err := claims.GetExpirationTime(); err == nil && exp != nil {
		vw.ExpiresAt = exp.Time
	}
	return vw, nil
}

// Errors returned by keyFor; classify turns them into messages.
var (
	errAlgorithm    = errors.New("signing algorithm not allowed")
	errUnknownKey   = errors.New("unknown signing key")
	errCritical     = errors.New("unsupported critical header")
	errKeyIDType    = errors.New("key id is not a string")
	errAmbiguousKey = errors.New("token has no key id")
)

// keyFor returns the key that must have signed t. A key only ever verifies
// the algorithm bound to its type.
func (v *Verifier) keyFor(t *jwt.Token) (any, error) {
	if _, ok := t.Header["crit"]; ok {
		return nil, errCritical
	}
	alg := t.Method.Alg()
	if alg == algHS256 {
		if v.secret == nil {
			return nil, errAlgorithm
		}
		return v.secret, nil
	}
	var kid string
	if raw, ok := t.Header["kid"]; ok {
		if kid, ok = raw.(string); !ok {
			return nil, errKeyIDType
		}
	}
	if kid != "" {
		if k, ok := v.jwks[kid]; ok {
			if k.alg != alg {
				return nil, errAlgorithm
			}
			return k.key, nil
		}
	}
	if v.pem != nil && v.pem.alg == alg {
		return v.pem.key, nil
	}
	if kid == "" {
		var match []publicKey
		for _, k := range v.jwksNoKid {
			if k.alg == alg {
				match = append(match, k)
			}
		}
		for _, k := range v.jwks {
			if k.alg == alg {
				match = append(match, k)
			}
		}
		switch len(match) {
		case 0:
			return nil, errAlgorithm
		case 1:
			return match[0].key, nil
		}
		return nil, errAmbiguousKey
	}
	return nil, errUnknownKey
}

// classify turns a parse failure into an error safe to show to a person.
func (v *Verifier) classify(tok *jwt.Token, claims jwt.MapClaims, err error) error {
	msg := "invalid token"
	switch {
	case err == nil:
		// An invalid token without an error; keep the generic message.
	case errors.Is(err, jwt.ErrTokenMalformed):
		msg = "malformed token"
	case errors.Is(err, errAlgorithm):
		msg = "token signing algorithm not allowed"
	case errors.Is(err, errUnknownKey):
		msg = "unknown token signing key"
	case errors.Is(err, errAmbiguousKey):
		msg = "token has no key id"
	case errors.Is(err, errCritical):
		msg = "unsupported critical token header"
	case errors.Is(err, errKeyIDType):
		msg = "malformed token"
	case errors.Is(err, jwt.ErrTokenSignatureInvalid):
		msg = "invalid token signature"
		if tok != nil && tok.Method != nil && !slices.Contains(v.methods, tok.Method.Alg()) {
			msg = "token signing algorithm not allowed"
		}
	case errors.Is(err, jwt.ErrTokenUnverifiable):
		// The alg header is missing or names no known algorithm.
		msg = "token signing algorithm not allowed"
	case errors.Is(err, jwt.ErrTokenExpired):
		msg = "token expired"
	case errors.Is(err, jwt.ErrTokenNotValidYet):
		msg = "token not yet valid"
	case errors.Is(err, jwt.ErrTokenUsedBeforeIssued):
		msg = "token issued in the future"
	case errors.Is(err, jwt.ErrTokenInvalidIssuer):
		msg = "token has the wrong issuer"
	case errors.Is(err, jwt.ErrTokenInvalidAudience):
		msg = "token has the wrong audience"
	case errors.Is(err, jwt.ErrTokenRequiredClaimMissing):
		msg = "token is missing a required claim"
		if _, ok := claims["exp"]; !ok {
			msg = "token has no expiry"
		} else if _, ok := claims["iss"]; !ok && v.issuer != "" {
			msg = "token has no issuer"
		} else if v.audience != "" {
			msg = "token has no audience"
		}
	case errors.Is(err, jwt.ErrInvalidType):
		msg = "token has an invalid claim"
	}
	return &verifyError{msg: msg, err: err}
}

// A verifyError is a verification failure whose message is safe to show.
// It wraps ErrUnauthenticated and, for diagnosis, the underlying cause.
type verifyError struct {
	msg string
	err error
}

func (e *verifyError) Error() string { return e.msg }

func (e *verifyError) Unwrap() []error {
	if e.err == nil {
		return []error{ErrUnauthenticated}
	}
	return []error{ErrUnauthenticated, e.err}
}

// checkClaimPath reports whether path is a usable dotted claim path.
func checkClaimPath(path string) error {
	for _, part := range strings.Split(path, ".") {
		if part == "" {
			return fmt.Errorf("invalid claim path %q", path)
		}
	}
	return nil
}

// lookupClaim returns the claim at path. A claim whose name is the whole
// path, dots included, wins over a nested one.
func lookupClaim(claims map[string]any, path string) any {
	if c, ok := claims[path]; ok {
		return c
	}
	var cur any = claims
	for _, part := range strings.Split(path, ".") {
		m, ok := cur.(map[string]any)
		if !ok {
			return nil
		}
		if cur, ok = m[part]; !ok {
			return nil
		}
	}
	return cur
}

// roleNames returns the role names in a roles claim: an array of strings,
// or one string separated by spaces or commas. Anything else holds none.
func roleNames(claim any) []string {
	switch c := claim.(type) {
	case string:
		return strings.FieldsFunc(c, func(r rune) bool { return r == ' ' || r == ',' })
	case []any:
		names := make([]string, 0, len(c))
		for _, e := range c {
			if s, ok := e.(string); ok {
				names = append(names, s)
			}
		}
		return names
	}
	return nil
}
