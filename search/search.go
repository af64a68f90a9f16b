// Package search finds live content, creators and organizations for a query, and leads the result
// with crisis support when the query signals risk.
package search

import (
	"haven/clock"
	"haven/ent"
)

// Service runs searches.
type Service struct {
	Client  *ent.Client
	Clock   clock.Clock
	Dialect string // dialect.Postgres uses full-text search; SQLite a LIKE-based equivalent
}
