// Package credential handles professional credentials: creators submit licenses, admins verify
// them, and a verified, unexpired license gives the creator a verified-professional badge.
package credential

import (
	"haven/audit"
	"haven/clock"
	"haven/ent"
)

// Service submits and verifies credentials and manages crisis resources.
type Service struct {
	Client *ent.Client
	Clock  clock.Clock
	Audit  *audit.Log
}
