// Package migration holds Haven's versioned schema migrations, one directory of goose SQL files
// per database (postgres/, sqlite/), embedded in the binary, and applies them.
//
// Most files are written by `go run ./migration/generate -name NAME` from ent/schema; files
// for what ent/schema cannot express (triggers, functions, expression and CONCURRENTLY built
// indexes) are written by hand beside them. See docs/operators.md (Schema migrations).
//
// Up applies pending files under a PostgreSQL advisory lock, so any number of replicas starting
// at once apply each file exactly once and all come up; with nothing pending it changes nothing.
// A database made by the auto-migration of earlier releases (the baseline schema, without the
// version table) is adopted: the baseline is recorded as applied and the later files run.
package migration

import (
	"context"
	"database/sql"
	"embed"
	"fmt"
	"io/fs"
	"log/slog"
	"path"
	"sync"
	"time"

	"entgo.io/ent/dialect"
	"github.com/pressly/goose/v3"
	goosedb "github.com/pressly/goose/v3/database"
)

//go:embed postgres/*.sql sqlite/*.sql
var files embed.FS

// Baseline is the version of the first file in each directory: the schema that the
// auto-migration of earlier releases created.
const Baseline int64 = 20261201203249

// VersionTable is the table recording applied versions (goose's own layout, so goose's tools
// read it too).
const VersionTable = "goose_db_version"

// lockKey is the PostgreSQL advisory lock taken while migrating ("haven.migration" in ASCII).
const lockKey int64 = 0x686176656e6d6967

// lockPoll is how often a replica waiting for another's migration tries the lock again. It
// polls with pg_try_advisory_lock rather than blocking in pg_advisory_lock: a blocked waiter
// would hold a snapshot that CREATE INDEX CONCURRENTLY, run by the lock's holder, waits for.
const lockPoll = 100 * time.Millisecond

// Status is one migration file and whether the database has it.
type Status struct {
	Version   int64
	File      string
	Applied   bool
	AppliedAt time.Time
}

// Applied is one file Up applied.
type Applied struct {
	Version  int64
	File     string
	Duration time.Duration
}

// sqliteMu serializes migrations of SQLite databases within the process (SQLite has no
// advisory locks; a SQLite database serves one process).
var sqliteMu sync.Mutex

// Up applies every pending migration. entDialect is dialect.Postgres or dialect.SQLite.
func Up(ctx context.Context, db *sql.DB, entDialect string, log *slog.Logger) ([]Applied, error) {
	if log == nil {
		log = slog.Default()
	}
	unlock, err := lock(ctx, db, entDialect)
	if err != nil {
		return nil, fmt.Errorf("migration: lock: %w", err)
	}
	defer unlock()
	if err := adoptLegacy(ctx, db, entDialect, log); err != nil {
		return nil, fmt.Errorf("migration: adopt: %w", err)
	}
	p, err := provider(db, entDialect)
	if err != nil {
		return nil, err
	}
	results, err := p.Up(ctx)
	var out []Applied
	for _, r := range results {
		if r.Error != nil {
			continue
		}
		out = append(out, Applied{Version: r.Source.Version, File: baseName(r.Source.Path), Duration: r.Duration})
		log.InfoContext(ctx, "migration applied", "file", baseName(r.Source.Path), "duration", r.Duration)
	}
	if err != nil {
		return out, fmt.Errorf("migration: up: %w", err)
	}
	return out, nil
}

// Pending reports the migrations the database does not have yet.
func Pending(ctx context.Context, db *sql.DB, entDialect string) ([]Status, error) {
	all, err := List(ctx, db, entDialect)
	if err != nil {
		return nil, err
	}
	var out []Status
	for _, s := range all {
		if !s.Applied {
			out = append(out, s)
		}
	}
	return out, nil
}

// List reports every migration file and whether the database has it. A database without the
// version table has none (a legacy database shows its baseline as applied once Up adopted it).
func List(ctx context.Context, db *sql.DB, entDialect string) ([]Status, error) {
	p, err := provider(db, entDialect)
	if err != nil {
		return nil, err
	}
	exists, err := tableExists(ctx, db, entDialect, VersionTable)
	if err != nil {
		return nil, err
	}
	if !exists {
		var out []Status
		for _, s := range p.ListSources() {
			out = append(out, Status{Version: s.Version, File: baseName(s.Path)})
		}
		return out, nil
	}
	st, err := p.Status(ctx)
	if err != nil {
		return nil, fmt.Errorf("migration: status: %w", err)
	}
	out := make([]Status, 0, len(st))
	for _, s := range st {
		out = append(out, Status{
			Version: s.Source.Version, File: baseName(s.Source.Path),
			Applied: s.State == goose.StateApplied, AppliedAt: s.AppliedAt,
		})
	}
	return out, nil
}

// Files returns the embedded migration directory of a dialect, for tests and tools.
func Files(entDialect string) (fs.FS, error) {
	_, dir, err := gooseDialect(entDialect)
	if err != nil {
		return nil, err
	}
	return fs.Sub(files, dir)
}

func provider(db *sql.DB, entDialect string) (*goose.Provider, error) {
	gd, dir, err := gooseDialect(entDialect)
	if err != nil {
		return nil, err
	}
	fsys, err := fs.Sub(files, dir)
	if err != nil {
		return nil, err
	}
	p, err := goose.NewProvider(gd, db, fsys, goose.WithDisableGlobalRegistry(true))
	if err != nil {
		return nil, fmt.Errorf("migration: %w", err)
	}
	return p, nil
}

func gooseDialect(entDialect string) (goose.Dialect, string, error) {
	switch entDialect {
	case dialect.Postgres:
		return goose.DialectPostgres, "postgres", nil
	case dialect.SQLite:
		return goose.DialectSQLite3, "sqlite", nil
	}
	return "", "", fmt.Errorf("migration: unsupported dialect %q", entDialect)
}

// lock takes the migration lock: a session-level advisory lock on PostgreSQL, held on its own
// connection until unlock; a process mutex on SQLite.
func lock(ctx context.Context, db *sql.DB, entDialect string) (unlock func(), err error) {
	if entDialect != dialect.Postgres {
		sqliteMu.Lock()
		return sqliteMu.Unlock, nil
	}
	conn, err := db.Conn(ctx)
	if err != nil {
		return nil, err
	}
	for {
		var got bool
		if err := conn.QueryRowContext(ctx, `SELECT pg_try_advisory_lock($1)`, lockKey).Scan(&got); err != nil {
			conn.Close()
			return nil, err
		}
		if got {
			break
		}
		select {
		case <-ctx.Done():
			conn.Close()
			return nil, ctx.Err()
		case <-time.After(lockPoll):
		}
	}
	return func() {
		// If the unlock fails the connection is closed anyway, and PostgreSQL releases a
		// session lock with its session.
		_, _ = conn.ExecContext(context.WithoutCancel(ctx), `SELECT pg_advisory_unlock($1)`, lockKey)
		conn.Close()
	}, nil
}

// adoptLegacy records the baseline as applied on a database that the auto-migration of an
// earlier release created: it has Haven's tables but no version table. Its schema is the
// baseline's; the files after the baseline are written to run on it (they create what is
// missing and leave what exists).
func adoptLegacy(ctx context.Context, db *sql.DB, entDialect string, log *slog.Logger) error {
	hasVersions, err := tableExists(ctx, db, entDialect, VersionTable)
	if err != nil || hasVersions {
		return err
	}
	legacy, err := tableExists(ctx, db, entDialect, "audit_events")
	if err != nil || !legacy {
		return err
	}
	gd, _, err := gooseDialect(entDialect)
	if err != nil {
		return err
	}
	store, err := goosedb.NewStore(gd, VersionTable)
	if err != nil {
		return err
	}
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if err := store.CreateVersionTable(ctx, tx); err != nil {
		return err
	}
	for _, v := range []int64{0, Baseline} {
		if err := store.Insert(ctx, tx, goosedb.InsertRequest{Version: v}); err != nil {
			return err
		}
	}
	if err := tx.Commit(); err != nil {
		return err
	}
	log.InfoContext(ctx, "adopted a database made by auto-migration: baseline recorded as applied", "baseline", Baseline)
	return nil
}

func tableExists(ctx context.Context, db *sql.DB, entDialect, name string) (bool, error) {
	var q string
	switch entDialect {
	case dialect.Postgres:
		q = `SELECT EXISTS (SELECT 1 FROM information_schema.tables WHERE table_schema = current_schema() AND table_name = $1)`
	case dialect.SQLite:
		q = `SELECT EXISTS (SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?)`
	default:
		return false, fmt.Errorf("migration: unsupported dialect %q", entDialect)
	}
	var ok bool
	if err := db.QueryRowContext(ctx, q, name).Scan(&ok); err != nil {
		return false, err
	}
	return ok, nil
}

func baseName(p string) string { return path.Base(p) }
