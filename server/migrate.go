package main

import (
	"context"
	"fmt"
	"io"
	"log/slog"

	"haven/config"
	"haven/database"
	"haven/migration"
)

// migrateCommand runs `server migrate up` (apply the pending migrations, under the same lock
// replicas take at start) or `server migrate status` (list every migration and whether the
// database has it) against DATABASE_URL.
func migrateCommand(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	if len(args) != 1 || (args[0] != "up" && args[0] != "status") {
		return fmt.Errorf("migrate: want `server migrate up` or `server migrate status`")
	}
	cfg, err := config.Load(getenv)
	if err != nil {
		return err
	}
	db, err := database.Open(cfg.Driver, cfg.DSN)
	if err != nil {
		return err
	}
	defer db.Close()
	if args[0] == "up" {
		applied, err := migration.Up(ctx, db.SQL, db.Dialect, slog.New(slog.NewTextHandler(stderr, nil)))
		if err != nil {
			return err
		}
		fmt.Fprintf(stdout, "applied %d migration(s)\n", len(applied))
		return nil
	}
	list, err := migration.List(ctx, db.SQL, db.Dialect)
	if err != nil {
		return err
	}
	pending := 0
	for _, s := range list {
		state := "applied " + s.AppliedAt.UTC().Format("2006-01-02 15:04:05Z")
		if !s.Applied {
			state = "pending"
			pending++
		}
		fmt.Fprintf(stdout, "%-28s %s\n", state, s.File)
	}
	fmt.Fprintf(stdout, "%d applied, %d pending\n", len(list)-pending, pending)
	return nil
}
