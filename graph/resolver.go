package graph

import (
	"log/slog"

	"haven/audit"
	"haven/clock"
	"haven/credential"
	"haven/database"
	"haven/ent"
	"haven/hub"
	"haven/notify"
	"haven/profile"
	"haven/search"
	"haven/workflow"
)

// Resolver is the root of the GraphQL resolvers: thin functions that read arguments, call the
// domain packages or the ent client, and return what they get. It holds the dependencies.
type Resolver struct {
	Client      *ent.Client
	Clock       clock.Clock
	Logger      *slog.Logger
	Audit       *audit.Log
	Workflow    *workflow.Service
	Hub         *hub.Service
	Credentials *credential.Service
	Search      *search.Service
	Profiles    *profile.Service
	Notify      *notify.Broker
}

// NewResolver wires the resolvers to the database and the domain services. broker carries
// moderation-queue changes to subscribers.
func NewResolver(db *database.DB, clk clock.Clock, log *slog.Logger, broker *notify.Broker) *Resolver {
	al := &audit.Log{Dialect: db.Dialect, Clock: clk}
	return &Resolver{
		Client: db.Client, Clock: clk, Logger: log, Audit: al,
		Workflow:    workflow.New(db.Client, clk, al).WithNotifier(broker),
		Notify:      broker,
		Hub:         &hub.Service{Client: db.Client, Clock: clk, Audit: al, Dialect: db.Dialect},
		Credentials: &credential.Service{Client: db.Client, Clock: clk, Audit: al},
		Profiles:    &profile.Service{Client: db.Client, Audit: al},
		Search:      &search.Service{Client: db.Client, Clock: clk, Dialect: db.Dialect, Audit: al},
	}
}
