package graph

import (
	"log/slog"

	"haven/audit"
	"haven/clock"
	"haven/credential"
	"haven/crisisadmin"
	"haven/dimcache"
	"haven/ent"
	"haven/hub"
	"haven/inbox"
	"haven/profile"
	"haven/queuefeed"
	"haven/search"
	"haven/workflow"
)

// Services are what the resolvers call: the ent client for reads, and the domain services for
// every change. The application builds them (see package app); the resolvers only use them.
type Services struct {
	Client      *ent.Client
	Clock       clock.Clock
	Logger      *slog.Logger
	Audit       *audit.Log
	Workflow    *workflow.Service
	Hub         *hub.Service
	Credentials *credential.Service
	Search      *search.Service
	Profiles    *profile.Service
	// CrisisResources administers the crisis resources search answers with.
	CrisisResources *crisisadmin.Service
	// Notify is the feed of moderation-queue changes the subscription reads.
	Notify *queuefeed.Broker
	// Inbox holds the viewers' notifications and the report receipts.
	Inbox *inbox.Service
	// Dims holds creators, organizations and topics in memory for the public read path, which
	// then writes its answers directly (fastread.go); nil leaves every answer to gqlgen.
	Dims *dimcache.Cache
}

// Resolver is the root of the GraphQL resolvers: thin functions that read arguments, call the
// domain packages or the ent client, and return what they get.
type Resolver struct {
	Services
}

// NewResolver returns the resolvers over s.
func NewResolver(s Services) *Resolver { return &Resolver{Services: s} }
