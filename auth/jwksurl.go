package auth

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/url"
	"sync"
	"time"

	"github.com/MicahParks/jwkset"
	"golang.org/x/time/rate"
)

// Defaults for a JWK Set fetched from a URL.
const (
	DefaultJWKSRefresh    = 15 * time.Minute
	DefaultJWKSMinRefresh = 30 * time.Second
	// jwksRetry is how soon a failed periodic fetch is tried again.
	jwksRetry = 30 * time.Second
	// maxJWKSBytes bounds the document: real sets are a few kilobytes.
	maxJWKSBytes = 1 << 20
)

// remoteKeys is an identity provider's JWK Set, fetched from its URL and kept in jwkset's
// storage. The keys are replaced only by a fetch that succeeded, so while the provider is down
// the last good set keeps verifying tokens.
type remoteKeys struct {
	url    string
	client *http.Client
	logger *slog.Logger
	store  jwkset.Storage
	// unknownKID allows a fetch for a token whose kid is not in the set (the provider rotated)
	// at most once per JWKSMinRefresh; other unknown kids meanwhile are refused at once.
	unknownKID *rate.Limiter
	refresh    time.Duration

	fetchMu sync.Mutex // one fetch at a time
	stop    context.CancelFunc
	done    chan struct{}
}

func newRemoteKeys(c Config, logger *slog.Logger) (*remoteKeys, error) {
	u, err := url.Parse(c.JWKSURL)
	if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
		return nil, fmt.Errorf("auth: JWKS URL %q: want an http(s) URL", c.JWKSURL)
	}
	r := &remoteKeys{
		url: c.JWKSURL, client: c.HTTPClient, logger: logger, store: jwkset.NewMemoryStorage(),
		refresh: c.JWKSRefresh, done: make(chan struct{}),
	}
	if r.client == nil {
		r.client = &http.Client{Timeout: 10 * time.Second}
	}
	if r.refresh <= 0 {
		r.refresh = DefaultJWKSRefresh
	}
	minRefresh := c.JWKSMinRefresh
	if minRefresh <= 0 {
		minRefresh = DefaultJWKSMinRefresh
	}
	r.unknownKID = rate.NewLimiter(rate.Every(minRefresh), 1)
	// Fetch at start. A provider that is down now must not keep Haven down: the failure is
	// logged and the background loop keeps trying.
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	err = r.fetch(ctx)
	cancel()
	if err != nil {
		logger.Error("auth: JWK Set not fetched at start; retrying", "url", r.url, "error", err)
	}
	var loopCtx context.Context
	loopCtx, r.stop = context.WithCancel(context.Background())
	go r.loop(loopCtx, err == nil)
	return r, nil
}

// loop fetches the set every refresh interval, and sooner after a failure.
func (r *remoteKeys) loop(ctx context.Context, ok bool) {
	defer close(r.done)
	for {
		wait := r.refresh
		if !ok {
			wait = min(jwksRetry, r.refresh)
		}
		select {
		case <-ctx.Done():
			return
		case <-time.After(wait):
		}
		fctx, cancel := context.WithTimeout(ctx, 10*time.Second)
		err := r.fetch(fctx)
		cancel()
		if ok = err == nil; !ok && ctx.Err() == nil {
			r.logger.Warn("auth: JWK Set refresh failed; the last good set keeps serving", "url", r.url, "error", err)
		}
	}
}

// close stops the background refresh.
func (r *remoteKeys) close() {
	r.stop()
	<-r.done
}

// fetch gets the set and replaces the stored keys with its usable signing keys.
func (r *remoteKeys) fetch(ctx context.Context) error {
	r.fetchMu.Lock()
	defer r.fetchMu.Unlock()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, r.url, nil)
	if err != nil {
		return err
	}
	req.Header.Set("Accept", "application/jwk-set+json, application/json")
	res, err := r.client.Do(req)
	if err != nil {
		return err
	}
	defer res.Body.Close()
	if res.StatusCode != http.StatusOK {
		return fmt.Errorf("status %d", res.StatusCode)
	}
	data, err := io.ReadAll(io.LimitReader(res.Body, maxJWKSBytes))
	if err != nil {
		return err
	}
	keys, err := parseJWKS(data)
	if err != nil {
		return err
	}
	set := make([]jwkset.JWK, 0, len(keys))
	for _, k := range keys {
		if k.kid == "" {
			continue // a provider's keys are chosen by kid
		}
		jwk, err := jwkset.NewJWKFromKey(k.key, jwkset.JWKOptions{Metadata: jwkset.JWKMetadataOptions{
			KID: k.kid, ALG: jwkset.ALG(k.alg), USE: jwkset.UseSig,
		}})
		if err != nil {
			return fmt.Errorf("key %q: %w", k.kid, err)
		}
		set = append(set, jwk)
	}
	return r.store.KeyReplaceAll(ctx, set)
}

// key returns the key with kid, fetching the set again first when kid is unknown and the
// unknown-kid allowance permits.
func (r *remoteKeys) key(kid string) (publicKey, error) {
	ctx := context.Background()
	jwk, err := r.store.KeyRead(ctx, kid)
	if errors.Is(err, jwkset.ErrKeyNotFound) && r.unknownKID.Allow() {
		fctx, cancel := context.WithTimeout(ctx, 5*time.Second)
		if ferr := r.fetch(fctx); ferr != nil {
			r.logger.Warn("auth: JWK Set fetch for an unknown key id failed", "url", r.url, "error", ferr)
		}
		cancel()
		jwk, err = r.store.KeyRead(ctx, kid)
	}
	if err != nil {
		return publicKey{}, errUnknownKey
	}
	m := jwk.Marshal()
	return publicKey{kid: kid, alg: string(m.ALG), key: jwk.Key()}, nil
}
