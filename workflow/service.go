package workflow

import (
	"haven/audit"
	"haven/clock"
	"haven/ent"
)

// Service runs the submission workflow: every move of a submission, checked against the
// transition table and the separation-of-duties rules, made with its audit event in one
// transaction.
type Service struct {
	client *ent.Client
	clock  clock.Clock
	audit  *audit.Log
}

// New returns a workflow service.
func New(client *ent.Client, clk clock.Clock, al *audit.Log) *Service {
	return &Service{client: client, clock: clk, audit: al}
}
