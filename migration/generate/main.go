// Command generate writes Haven's next versioned migration for each database from ent/schema.
//
//	go run ./migration/generate -name add_report_index
//
// For each dialect it replays the committed migration files on an empty development database
// (an in-memory SQLite; a scratch PostgreSQL database created on the server named by
// -postgres, or MIGRATION_DEV_DATABASE_URL, and dropped afterwards), compares the result with
// ent/schema and, when they differ, writes one new goose file with the difference. Nothing is
// written when the files already match the schema. Hand-written migration files (triggers,
// functions, columns and indexes ent cannot express) sit beside the generated ones; the command
// rehashes the directory (atlas.sum) before it replays it, so adding one needs no other step.
//
// A generated file never drops or alters what ent/schema does not name: the objects of
// hand-written files, and columns or indexes left out of ent/schema (drop those in a
// hand-written migration). See package haven/migration/generator.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"entgo.io/ent/dialect"

	"haven/migration/generator"
)

func main() {
	name := flag.String("name", "", "what the migration does, in snake_case (becomes part of the file name)")
	only := flag.String("dialect", "all", "all, postgres or sqlite")
	pgURL := flag.String("postgres", os.Getenv("MIGRATION_DEV_DATABASE_URL"), "PostgreSQL server for the scratch development database (default $MIGRATION_DEV_DATABASE_URL)")
	dir := flag.String("dir", "migration", "the migration directory (holding postgres/ and sqlite/)")
	flag.Parse()
	if *name == "" {
		fail(errors.New("-name is required"))
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	// One version for both dialects, so that a change has the same number everywhere.
	version := time.Now().UTC().Format("20060102150405")
	if *only == "all" || *only == "sqlite" {
		if _, err := generator.Generate(ctx, generator.Options{
			Dialect: dialect.SQLite, Dir: filepath.Join(*dir, "sqlite"), Name: *name, Version: version, Log: os.Stdout,
		}); err != nil {
			fail(fmt.Errorf("sqlite: %w", err))
		}
	}
	if *only == "all" || *only == "postgres" {
		if *pgURL == "" {
			fail(errors.New("postgres: set -postgres or MIGRATION_DEV_DATABASE_URL to a server where a scratch database may be created"))
		}
		if _, err := generator.Generate(ctx, generator.Options{
			Dialect: dialect.Postgres, Dir: filepath.Join(*dir, "postgres"), Name: *name, Version: version, Server: *pgURL, Log: os.Stdout,
		}); err != nil {
			fail(fmt.Errorf("postgres: %w", err))
		}
	}
}

func fail(err error) {
	fmt.Fprintln(os.Stderr, "migration/generate:", err)
	os.Exit(1)
}
