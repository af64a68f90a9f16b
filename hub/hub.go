// Package hub runs the campaign hub pages: campaigns, placements (features, spotlights, partner
// organizations), events and registrations, and ad-credit grants within a campaign budget.
package hub

import (
	"haven/audit"
	"haven/clock"
	"haven/ent"
)

// Service performs hub operations. Every change it makes is audited in its own transaction.
type Service struct {
	Client *ent.Client
	Clock  clock.Clock
	Audit  *audit.Log
}
