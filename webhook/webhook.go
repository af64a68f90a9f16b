// Package webhook tells other systems of Haven's changes: admins register HTTPS endpoints and the
// event types they want; every change Haven records (an audit event) that is one of those events
// becomes an outbox row per endpoint, written in the change's own transaction by an audit-log
// observer; a delivery worker on every replica signs and posts the rows (Standard Webhooks:
// webhook-id, webhook-timestamp, webhook-signature), retries failures with exponential backoff and
// jitter for a day, and disables an endpoint that has failed for a day; the worker also deletes
// finished deliveries older than the retention (prune.go). Outbound calls go only to public
// addresses (outbound.go). docs/webhooks.md is the receiver's guide.
package webhook

import (
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"net/http"
	"net/url"
	"strings"
	"time"

	"haven/access"
	"haven/audit"
	"haven/auth"
	"haven/clock"
	"haven/database"
	"haven/ent"
	"haven/ent/privacy"
	"haven/ent/webhookdelivery"
	"haven/ent/webhookendpoint"
	"haven/errcode"
	"haven/limit"
)

// Alerter tells the admins that an endpoint was disabled after a day of failures. It runs in
// the transaction that disables the endpoint (the in-app notifications implement it).
type Alerter interface {
	EndpointDisabled(ctx context.Context, tx *ent.Tx, endpointID int, url string) error
}

// Defaults of the delivery schedule.
const (
	// RetryFor is how long a delivery is retried before it is marked failed.
	RetryFor = 24 * time.Hour
	// DisableAfter is how long an endpoint may fail without a success before it is disabled.
	DisableAfter = 24 * time.Hour
	// FirstRetry is the delay after a first failed attempt; each later one doubles, with jitter.
	FirstRetry = 30 * time.Second
	// MaxRetryDelay caps the delay between two attempts.
	MaxRetryDelay = 2 * time.Hour
)

// Service registers endpoints, writes the outbox and delivers it.
type Service struct {
	Client *ent.Client
	Clock  clock.Clock
	Audit  *audit.Log
	// Dialect is the database's (dialect.Postgres claims with SKIP LOCKED).
	Dialect string
	Logger  *slog.Logger
	// HTTP posts the deliveries; NewClient makes the safe one. Set before the worker starts.
	HTTP *http.Client
	// Timeout bounds one attempt (the HTTP client's own timeout is the same); a worker's lease
	// on the deliveries it took lasts Timeout plus a margin.
	Timeout time.Duration
	// RequireHTTPS refuses endpoints that are not https (production).
	RequireHTTPS bool
	// Alerter, when set, hears of endpoints disabled after a day of failures.
	Alerter Alerter
	// Jitter returns a factor to multiply a retry delay by (default: uniform in [0.8, 1.2)).
	Jitter func() float64
	// Retention is how long a finished (delivered or failed) delivery is kept before the
	// worker deletes it (DefaultRetention when zero).
	Retention time.Duration
	// PruneBatch bounds how many deliveries one DELETE removes (DefaultPruneBatch when zero).
	PruneBatch int

	wake chan struct{}
}

// New returns a Service with the safe HTTP client of opts.
func New(client *ent.Client, clk clock.Clock, log *audit.Log, dialect string, opts ClientOptions) *Service {
	s := &Service{Client: client, Clock: clk, Audit: log, Dialect: dialect, Logger: slog.Default(),
		HTTP: NewClient(opts), Timeout: opts.Timeout}
	return s
}

// Observe registers the outbox writer with the audit log: call it once while Haven is built.
func (s *Service) Observe(l *audit.Log) { l.Observe(s.enqueue) }

// enqueue is the audit observer: when e is a webhook event, it writes one delivery per enabled
// endpoint that asked for its type, in the change's transaction (ctx already allows the writes).
func (s *Service) enqueue(ctx context.Context, tx *ent.Tx, e *ent.AuditEvent) error {
	endpoints, err := tx.WebhookEndpoint.Query().Where(webhookendpoint.Enabled(true)).All(ctx)
	if err != nil {
		return fmt.Errorf("webhook: load endpoints: %w", err)
	}
	if len(endpoints) == 0 {
		return nil
	}
	typ, data, err := eventOf(ctx, tx, e)
	if err != nil || typ == "" {
		return err
	}
	body, err := json.Marshal(Payload{Type: typ, Timestamp: e.At.UTC(), Data: data})
	if err != nil {
		return fmt.Errorf("webhook: payload: %w", err)
	}
	now := s.Clock.Now()
	var creates []*ent.WebhookDeliveryCreate
	for _, ep := range endpoints {
		if !containsString(ep.EventTypes, typ) {
			continue
		}
		creates = append(creates, tx.WebhookDelivery.Create().
			SetEndpointID(ep.ID).SetMessageID(fmt.Sprintf("msg_%d_%d", e.ID, ep.ID)).SetEventType(typ).
			SetAuditEventID(e.ID).SetPayload(string(body)).SetNextAttemptAt(now).
			SetGiveUpAt(e.At.Add(RetryFor)).SetCreatedAt(now))
	}
	if len(creates) == 0 {
		return nil
	}
	if err := tx.WebhookDelivery.CreateBulk(creates...).Exec(ctx); err != nil {
		return fmt.Errorf("webhook: write outbox: %w", err)
	}
	database.AfterCommit(ctx, func(context.Context) { s.Wake() })
	return nil
}

// Wake tells this replica's worker that deliveries are waiting.
func (s *Service) Wake() {
	if s.wake == nil {
		return
	}
	select {
	case s.wake <- struct{}{}:
	default:
	}
}

func containsString(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// EndpointInput is what an admin registers.
type EndpointInput struct {
	URL        string
	EventTypes []string
}

// Registered is an endpoint with its secret, which is shown only here (on registration and on
// rotation).
type Registered struct {
	Endpoint *ent.WebhookEndpoint
	Secret   string
}

// validate checks the input; every problem is a BAD_USER_INPUT naming its field.
func (s *Service) validate(in EndpointInput) ([]string, error) {
	if err := limit.HTTPURL(in.URL); err != nil {
		return nil, errcode.Input("url", "%v", err)
	}
	u, _ := url.Parse(in.URL)
	if s.RequireHTTPS && u.Scheme != "https" {
		return nil, errcode.Input("url", "must be an https URL in production")
	}
	if u.User != nil {
		return nil, errcode.Input("url", "must not carry a user name or password")
	}
	if u.Fragment != "" {
		return nil, errcode.Input("url", "must not have a fragment")
	}
	if len(in.EventTypes) == 0 {
		return nil, errcode.Input("eventTypes", "name at least one event type (%s)", strings.Join(EventTypes, ", "))
	}
	var types []string
	for _, t := range in.EventTypes {
		if !KnownEventType(t) {
			return nil, errcode.Input("eventTypes", "unknown event type %q (want one of %s)", t, strings.Join(EventTypes, ", "))
		}
		if containsString(types, t) {
			return nil, errcode.Input("eventTypes", "%q is named twice", t)
		}
		types = append(types, t)
	}
	return types, nil
}

// Register adds an endpoint and returns it with its new secret. Admins only.
func (s *Service) Register(ctx context.Context, in EndpointInput) (*Registered, error) {
	v, err := access.Require(ctx, access.WebhookManage)
	if err != nil {
		return nil, err
	}
	types, err := s.validate(in)
	if err != nil {
		return nil, err
	}
	secret := NewSecret()
	var ep *ent.WebhookEndpoint
	err = database.WithTx(ctx, s.Client, func(ctx context.Context, tx *ent.Tx) error {
		ep, err = tx.WebhookEndpoint.Create().SetURL(in.URL).SetEventTypes(types).SetSecret(secret).
			SetCreatedBy(v.Subject).SetCreatedAt(s.Clock.Now()).SetUpdatedAt(s.Clock.Now()).Save(ctx)
		if err != nil {
			return fmt.Errorf("webhook: register: %w", err)
		}
		return s.record(ctx, tx, "webhook.register", ep.ID, strings.Join(types, ","))
	})
	if ep, err = database.Detach(ctx, ep, err); err != nil {
		return nil, err
	}
	return &Registered{Endpoint: ep, Secret: secret}, nil
}

// record appends the audit event of an admin's change (never the secret).
func (s *Service) record(ctx context.Context, tx *ent.Tx, action string, id int, note string) error {
	_, err := s.Audit.Append(ctx, tx, audit.Event{Action: action, EntityType: "WebhookEndpoint", EntityID: id, Note: note})
	return err
}

// SetEnabled disables or enables an endpoint. Enabling clears its failure run, so it gets a
// fresh day; deliveries still pending go out again. Admins only.
func (s *Service) SetEnabled(ctx context.Context, id int, enabled bool) (*ent.WebhookEndpoint, error) {
	if _, err := access.Require(ctx, access.WebhookManage); err != nil {
		return nil, err
	}
	var ep *ent.WebhookEndpoint
	err := database.WithTx(ctx, s.Client, func(ctx context.Context, tx *ent.Tx) error {
		cur, err := tx.WebhookEndpoint.Get(ctx, id)
		if err != nil {
			return notFound(err, "webhook endpoint", id)
		}
		u := tx.WebhookEndpoint.UpdateOne(cur).SetEnabled(enabled).SetUpdatedAt(s.Clock.Now())
		action := "webhook.disable"
		if enabled {
			action = "webhook.enable"
			u.ClearDisabledReason().ClearFailingSince()
		} else {
			u.SetDisabledReason("disabled by an admin")
		}
		if ep, err = u.Save(ctx); err != nil {
			return fmt.Errorf("webhook: %s: %w", action, err)
		}
		return s.record(ctx, tx, action, id, "")
	})
	ep, err = database.Detach(ctx, ep, err)
	if err == nil && enabled {
		s.Wake()
	}
	return ep, err
}

// RotateSecret replaces an endpoint's secret and returns the new one, shown only here. Every
// later attempt, retries included, is signed with the new secret. Admins only.
func (s *Service) RotateSecret(ctx context.Context, id int) (*Registered, error) {
	if _, err := access.Require(ctx, access.WebhookManage); err != nil {
		return nil, err
	}
	secret := NewSecret()
	var ep *ent.WebhookEndpoint
	err := database.WithTx(ctx, s.Client, func(ctx context.Context, tx *ent.Tx) error {
		cur, err := tx.WebhookEndpoint.Get(ctx, id)
		if err != nil {
			return notFound(err, "webhook endpoint", id)
		}
		if ep, err = tx.WebhookEndpoint.UpdateOne(cur).SetSecret(secret).SetUpdatedAt(s.Clock.Now()).Save(ctx); err != nil {
			return fmt.Errorf("webhook: rotate secret: %w", err)
		}
		return s.record(ctx, tx, "webhook.rotate_secret", id, "")
	})
	if ep, err = database.Detach(ctx, ep, err); err != nil {
		return nil, err
	}
	return &Registered{Endpoint: ep, Secret: secret}, nil
}

// Retry sends a failed delivery again now, with a fresh day of retries. Admins only.
func (s *Service) Retry(ctx context.Context, id int) (*ent.WebhookDelivery, error) {
	if _, err := access.Require(ctx, access.WebhookManage); err != nil {
		return nil, err
	}
	var d *ent.WebhookDelivery
	err := database.WithTx(ctx, s.Client, func(ctx context.Context, tx *ent.Tx) error {
		cur, err := tx.WebhookDelivery.Get(ctx, id)
		if err != nil {
			return notFound(err, "webhook delivery", id)
		}
		if cur.Status != webhookdelivery.StatusFAILED {
			return errcode.New(errcode.InvalidTransition, "only a FAILED delivery can be retried (this one is %s)", cur.Status)
		}
		now := s.Clock.Now()
		if d, err = tx.WebhookDelivery.UpdateOne(cur).SetStatus(webhookdelivery.StatusPENDING).
			SetNextAttemptAt(now).SetGiveUpAt(now.Add(RetryFor)).Save(ctx); err != nil {
			return fmt.Errorf("webhook: retry: %w", err)
		}
		_, err = s.Audit.Append(ctx, tx, audit.Event{Action: "webhook.retry_delivery", EntityType: "WebhookDelivery", EntityID: id})
		return err
	})
	d, err = database.Detach(ctx, d, err)
	if err == nil {
		s.Wake()
	}
	return d, err
}

// Endpoints lists every endpoint, newest first. Admins only.
func (s *Service) Endpoints(ctx context.Context) ([]*ent.WebhookEndpoint, error) {
	if _, err := access.Require(ctx, access.WebhookManage); err != nil {
		return nil, err
	}
	return s.Client.WebhookEndpoint.Query().Order(ent.Desc(webhookendpoint.FieldID)).All(ctx)
}

// MaxDeliveriesPage is the most deliveries one listing returns.
const MaxDeliveriesPage = 100

// DeliveryFilter narrows a listing of recent deliveries.
type DeliveryFilter struct {
	EndpointID *int
	Status     *webhookdelivery.Status
	First      int
}

// Deliveries lists recent deliveries, newest first. Admins only.
func (s *Service) Deliveries(ctx context.Context, f DeliveryFilter) ([]*ent.WebhookDelivery, error) {
	if _, err := access.Require(ctx, access.WebhookManage); err != nil {
		return nil, err
	}
	if f.First < 1 || f.First > MaxDeliveriesPage {
		return nil, errcode.Input("first", "must be from 1 to %d", MaxDeliveriesPage)
	}
	if f.Status != nil {
		if err := webhookdelivery.StatusValidator(*f.Status); err != nil {
			return nil, errcode.Input("status", "unknown status %q", *f.Status)
		}
	}
	q := s.Client.WebhookDelivery.Query()
	if f.EndpointID != nil {
		q.Where(webhookdelivery.EndpointID(*f.EndpointID))
	}
	if f.Status != nil {
		q.Where(webhookdelivery.StatusEQ(*f.Status))
	}
	return q.Order(ent.Desc(webhookdelivery.FieldID)).Limit(f.First).All(ctx)
}

func notFound(err error, what string, id int) error {
	if ent.IsNotFound(err) {
		return errcode.New(errcode.NotFound, "no %s %d", what, id)
	}
	return err
}

// system is the context the worker acts in.
func system(ctx context.Context) context.Context {
	return privacy.DecisionContext(auth.SystemContext(ctx), privacy.Allow)
}
