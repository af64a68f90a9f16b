package database

import (
	"context"
	"fmt"
	"time"

	"entgo.io/ent/dialect"

	"haven/clock"
)

// OptimizeInterval is how often a replica on SQLite lets SQLite refresh its planner statistics.
const OptimizeInterval = time.Hour

// Optimize lets SQLite gather the statistics its query planner reads (PRAGMA optimize, which runs
// ANALYZE, bounded to a sample, on the tables whose statistics are missing or stale; with all set,
// every table is checked, as SQLite advises when a connection opens). Without statistics the
// planner assumes an equality on an indexed column selects about ten rows, so a read of a page by
// ID for an anonymous reader (`status = 'LIVE' AND id IN (…)`, the privacy rule's predicate and the
// page's IDs) walked every live row's entry in the status index rather than looking the IDs up:
// a full index scan per search or hub page on a large database. On PostgreSQL, autovacuum keeps
// the statistics, and Optimize does nothing.
func (db *DB) Optimize(ctx context.Context, all bool) error {
	if db.Dialect != dialect.SQLite {
		return nil
	}
	pragma := "PRAGMA optimize"
	if all {
		pragma = "PRAGMA optimize=0x10002"
	}
	if _, err := db.Client.ExecContext(ctx, pragma); err != nil {
		return fmt.Errorf("database: %s: %w", pragma, err)
	}
	return nil
}

// RunOptimizer optimizes at once, checking every table, and then every interval, until ctx ends.
func (db *DB) RunOptimizer(ctx context.Context, interval time.Duration, onError func(error)) {
	first := true
	clock.Every(ctx, interval, func(ctx context.Context) {
		if err := db.Optimize(ctx, first); err != nil && ctx.Err() == nil {
			onError(err)
		}
		first = false
	})
}
