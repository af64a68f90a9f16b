package main

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"strings"

	"entgo.io/ent/dialect"

	"haven/app"
	"haven/auth"
	"haven/config"
	"haven/database"
	"haven/ent"
	"haven/ent/account"
	"haven/ent/campaign"
)

// The rows that mark a database as holding the demo hub: the seed writes both in one transaction.
const (
	demoCampaignSlug = "mental-health-awareness"
	demoAdminSubject = "demo-admin"
)

// demoCommand runs `server demo reset`: it empties a demo database and seeds the demo hub afresh,
// dated from now, so the README's demo can be walked again from its first step.
func demoCommand(ctx context.Context, args []string, getenv func(string) string, stdout io.Writer) error {
	if len(args) != 1 || args[0] != "reset" {
		return errors.New(`demo: want "demo reset" (empties the demo database and seeds the demo hub again)`)
	}
	cfg, err := config.Load(getenv)
	if err != nil {
		return err
	}
	if cfg.Production() {
		return errors.New("demo reset: refused with APP_ENV=production")
	}
	// A running server caches account IDs and would act on rows that no longer exist.
	ln, err := net.Listen("tcp", cfg.ListenAddr)
	if err != nil {
		return fmt.Errorf("demo reset: %s (LISTEN_ADDR) is in use; stop the server first", cfg.ListenAddr)
	}
	ln.Close()
	dropped, err := resetDemo(ctx, cfg)
	if err != nil {
		return err
	}
	where := "the database"
	if cfg.SQLitePath != "" {
		where = cfg.SQLitePath
	}
	fmt.Fprintf(stdout, "The demo hub in %s is fresh: %d tables dropped and built again, the demo seeded and dated from today.\n", where, dropped)
	fmt.Fprintln(stdout, "Start the server as before (go run ./server, with the same environment) and begin at the demo's first step.")
	return nil
}

// resetDemo drops every table of a database that is empty or holds the demo hub, then builds
// Haven on it again with the demo seeded, dated from now. It refuses any other database, so that it can
// never erase real data. It returns how many tables it dropped.
func resetDemo(ctx context.Context, cfg config.Config) (int, error) {
	db, err := database.Open(cfg.Driver, cfg.DSN)
	if err != nil {
		return 0, err
	}
	defer db.Close()
	if err := db.Migrate(ctx); err != nil {
		return 0, err
	}
	if ok, err := demoOrEmpty(ctx, db.Client); err != nil {
		return 0, fmt.Errorf("demo reset: %w", err)
	} else if !ok {
		return 0, errors.New("demo reset: the database holds data that is not the demo hub; refusing to erase it")
	}
	dropped, err := dropTables(ctx, db)
	if err != nil {
		return 0, fmt.Errorf("demo reset: %w", err)
	}
	cfg.SeedDemo = true
	a, err := app.New(ctx, cfg, app.Options{Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
	if err != nil {
		return 0, err
	}
	defer a.Close()
	return dropped, a.Seed(ctx)
}

// demoPresent reports whether the database holds the demo hub.
func demoPresent(ctx context.Context, c *ent.Client) (bool, error) {
	ctx = auth.SystemContext(ctx)
	seeded, err := c.Campaign.Query().Where(campaign.Slug(demoCampaignSlug)).Exist(ctx)
	if err != nil || !seeded {
		return false, err
	}
	return c.Account.Query().Where(account.Subject(demoAdminSubject)).Exist(ctx)
}

// demoOrEmpty reports whether the database holds the demo hub or nothing at all.
func demoOrEmpty(ctx context.Context, c *ent.Client) (bool, error) {
	if ok, err := demoPresent(ctx, c); err != nil || ok {
		return ok, err
	}
	sys := auth.SystemContext(ctx)
	for _, exist := range []func(context.Context) (bool, error){c.Campaign.Query().Exist, c.Account.Query().Exist, c.Content.Query().Exist} {
		if found, err := exist(sys); err != nil || found {
			return false, err
		}
	}
	return true, nil
}

// dropTables drops every table of the database's schema in one transaction, whoever made it, so
// that the next start builds the whole schema anew.
func dropTables(ctx context.Context, db *database.DB) (int, error) {
	list := `SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'`
	if db.Dialect == dialect.Postgres {
		list = `SELECT tablename FROM pg_tables WHERE schemaname = current_schema()`
	}
	tables, err := queryStrings(ctx, db.SQL, list)
	if err != nil || len(tables) == 0 {
		return 0, err
	}
	quoted := make([]string, len(tables))
	for i, t := range tables {
		quoted[i] = `"` + strings.ReplaceAll(t, `"`, `""`) + `"`
	}
	if db.Dialect == dialect.Postgres {
		_, err := db.SQL.ExecContext(ctx, "DROP TABLE IF EXISTS "+strings.Join(quoted, ", ")+" CASCADE")
		return len(tables), err
	}
	// SQLite checks foreign keys while a dropped table's rows are deleted, against tables that
	// may be gone already; the check is switched off on one connection, outside a transaction
	// (where the pragma takes effect), for the drops, and on again before the connection returns
	// to the pool. Triggers go with their tables and do not fire.
	conn, err := db.SQL.Conn(ctx)
	if err != nil {
		return 0, err
	}
	defer conn.Close()
	if _, err := conn.ExecContext(ctx, "PRAGMA foreign_keys = OFF"); err != nil {
		return 0, err
	}
	defer conn.ExecContext(context.WithoutCancel(ctx), "PRAGMA foreign_keys = ON")
	tx, err := conn.BeginTx(ctx, nil)
	if err != nil {
		return 0, err
	}
	defer tx.Rollback()
	for _, q := range quoted {
		if _, err := tx.ExecContext(ctx, "DROP TABLE IF EXISTS "+q); err != nil {
			return 0, err
		}
	}
	return len(tables), tx.Commit()
}

func queryStrings(ctx context.Context, db *sql.DB, query string) ([]string, error) {
	rows, err := db.QueryContext(ctx, query)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var s string
		if err := rows.Scan(&s); err != nil {
			return nil, err
		}
		out = append(out, s)
	}
	return out, rows.Err()
}
