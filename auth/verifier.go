package auth

import (
	"errors"
	"fmt"
	"log/slog"
	"net/http"
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
	// RolesClaim names the claims that hold the viewer's roles: one path or
	// several separated by commas, whose roles are merged. A path is dotted
	// ("realm_access.roles") or a JSON Pointer ("/resource_access/haven/roles",
	// "/https:~1~1example.com~1claims/roles"); see claimPath. A claim may be
	// an array of strings or one string of roles separated by spaces or
	// commas. It defaults to DefaultRolesClaim.
	RolesClaim string
	// Leeway is the clock skew tolerated for "exp", "nbf" and "iat".
	// It defaults to DefaultLeeway.
	Leeway time.Duration
	// JWKSURL is the identity provider's JWK Set URL (its jwks_uri). The set
	// is fetched when the Verifier is made, kept, refreshed every
	// JWKSRefresh and, at most once per JWKSMinRefresh, when a token names
	// an unknown "kid"; while the provider cannot be reached the last set
	// fetched keeps serving.
	JWKSURL string
	// JWKSRefresh is how often the set is fetched again (default
	// DefaultJWKSRefresh).
	JWKSRefresh time.Duration
	// JWKSMinRefresh is the least time between two fetches for unknown key
	// ids (default DefaultJWKSMinRefresh), so forged kids cannot make Haven
	// hammer the provider.
	JWKSMinRefresh time.Duration
	// HTTPClient fetches the JWK Set (default: a client with a 10 s timeout).
	HTTPClient *http.Client
	// Logger receives warnings: a roles path that matched nothing, a failed
	// JWK Set fetch (default slog.Default()).
	Logger *slog.Logger
}

// A Verifier checks JSON Web Tokens. It is safe for concurrent use.
type Verifier struct {
	parser     *jwt.Parser
	secret     []byte
	pem        *publicKey           // from Config.PublicKeyFile
	jwks       map[string]publicKey // JWKS keys with a key id
	jwksNoKid  []publicKey          // JWKS keys without one
	methods    []string             // allowed algorithms
	remote     *remoteKeys          // from Config.JWKSURL
	rolesPaths []claimPath
	warned     warnedPaths // roles paths already reported as matching nothing
	logger     *slog.Logger
	issuer     string
	audience   string
}

// NewVerifier returns a Verifier for c. It reads and parses the key files.
func NewVerifier(c Config) (*Verifier, error) {
	v := &Verifier{
		jwks:     make(map[string]publicKey),
		issuer:   c.Issuer,
		audience: c.Audience,
		logger:   defaultLogger(c.Logger),
	}
	if c.RolesClaim == "" {
		c.RolesClaim = DefaultRolesClaim
	}
	var err error
	if v.rolesPaths, err = parseClaimPaths(c.RolesClaim); err != nil {
		return nil, fmt.Errorf("auth: roles claim: %w", err)
	}
	if c.Leeway < 0 {
		return nil, fmt.Errorf("auth: negative leeway %v", c.Leeway)
	}
	if c.Leeway == 0 {
		c.Leeway = DefaultLeeway
	}
	if c.Secret == nil && c.PublicKeyFile == "" && c.JWKSFile == "" && c.JWKSURL == "" {
		return nil, errors.New("auth: no verification key configured (want a secret, a public key file, a JWKS file or a JWKS URL)")
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

	if c.JWKSURL != "" {
		if v.remote, err = newRemoteKeys(c, v.logger); err != nil {
			return nil, err
		}
		for _, alg := range []string{algRS256, algES256, algEdDSA} {
			v.allow(alg) // the provider may rotate to any key type
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
		Roles:   normalizeRoles(v.rolesFrom(claims)),
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
	if v.remote != nil && kid != "" {
		k, err := v.remote.key(kid)
		if err != nil {
			return nil, err
		}
		if k.alg != alg {
			return nil, errAlgorithm
		}
		return k.key, nil
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

// Close stops the background refresh of a JWK Set URL. A Verifier without one needs no Close.
func (v *Verifier) Close() {
	if v.remote != nil {
		v.remote.close()
	}
}
