// Command generate writes Haven's next versioned migration for each database from ent/schema.
//
//	go run ./migration/generate -name add_report_index
//
// For each dialect it replays the committed migration files on an empty development database
// (an in-memory SQLite; a scratch PostgreSQL database created on the server named by
// -postgres, or MIGRATION_DEV_DATABASE_URL, and dropped afterwards), compares the result with
// ent/schema and, when they differ, writes one new goose file with the difference. Nothing is
// written when the files already match the schema. Hand-written migration files (triggers,
// functions, indexes ent cannot express) sit beside the generated ones; the command rehashes the
// directory (atlas.sum) before it replays it, so adding one needs no other step.
//
// The generator never drops an index that ent/schema does not name: such an index was written
// by hand (or by an operator) and is dropped, if ever, by a hand-written migration.
package main

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"errors"
	"flag"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"text/template"
	"time"

	atlasmigrate "ariga.io/atlas/sql/migrate"
	atlasschema "ariga.io/atlas/sql/schema"
	"ariga.io/atlas/sql/sqltool"
	"entgo.io/ent/dialect"
	entsql "entgo.io/ent/dialect/sql"
	"entgo.io/ent/dialect/sql/schema"
	_ "github.com/lib/pq"
	_ "modernc.org/sqlite"

	entmigrate "haven/ent/migrate"
	_ "haven/search/stem" // registers haven_search_text, which the SQLite migrations call
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
	version = time.Now().UTC().Format("20060102150405")
	if *only == "all" || *only == "sqlite" {
		if err := generateSQLite(ctx, filepath.Join(*dir, "sqlite"), *name); err != nil {
			fail(fmt.Errorf("sqlite: %w", err))
		}
	}
	if *only == "all" || *only == "postgres" {
		if *pgURL == "" {
			fail(errors.New("postgres: set -postgres or MIGRATION_DEV_DATABASE_URL to a server where a scratch database may be created"))
		}
		if err := generatePostgres(ctx, filepath.Join(*dir, "postgres"), *pgURL, *name); err != nil {
			fail(fmt.Errorf("postgres: %w", err))
		}
	}
}

// version is the version of the files this run writes.
var version string

// gooseFormatter writes a goose file named VERSION_NAME.sql: the changes under "+goose Up" and
// their reverse under "+goose Down" (the layout of sqltool.GooseFormatter, with a version shared
// by both dialects instead of each file's own clock reading).
func gooseFormatter() (atlasmigrate.Formatter, error) {
	funcs := template.FuncMap{
		"version": func() string { return version },
		"rev": func(in []*atlasmigrate.Change) []*atlasmigrate.Change {
			out := make([]*atlasmigrate.Change, len(in))
			for i, c := range in {
				out[len(in)-1-i] = c
			}
			return out
		},
	}
	name := template.Must(template.New("name").Funcs(funcs).Parse(`{{ version }}{{ with .Name }}_{{ . }}{{ end }}.sql`))
	body := template.Must(template.New("body").Funcs(funcs).Parse(`-- +goose Up
{{ range .Changes }}{{ with .Comment }}-- {{ println . }}{{ end }}{{ printf "%s;\n" .Cmd }}{{ end }}
-- +goose Down
{{ range $c := rev .Changes }}{{ with $stmts := .ReverseStmts }}{{ with $c.Comment }}-- reverse: {{ println . }}{{ end }}{{ range $stmts }}{{ printf "%s;\n" . }}{{ end }}{{ end }}{{ end }}`))
	return atlasmigrate.NewTemplateFormatter(name, body)
}

func fail(err error) {
	fmt.Fprintln(os.Stderr, "migration/generate:", err)
	os.Exit(1)
}

func generateSQLite(ctx context.Context, dir, name string) error {
	db, err := sql.Open("sqlite", "file:haven_dev?mode=memory&_pragma=foreign_keys(1)")
	if err != nil {
		return err
	}
	defer db.Close()
	db.SetMaxOpenConns(1) // one in-memory database: one connection
	return diff(ctx, dialect.SQLite, db, dir, name)
}

func generatePostgres(ctx context.Context, dir, server, name string) error {
	admin, err := sql.Open("postgres", server)
	if err != nil {
		return err
	}
	defer admin.Close()
	b := make([]byte, 6)
	_, _ = rand.Read(b)
	scratch := "haven_migrate_dev_" + hex.EncodeToString(b)
	if _, err := admin.ExecContext(ctx, `CREATE DATABASE `+scratch); err != nil {
		return fmt.Errorf("create scratch database: %w", err)
	}
	defer admin.ExecContext(context.Background(), `DROP DATABASE IF EXISTS `+scratch+` WITH (FORCE)`)
	u, err := url.Parse(server)
	if err != nil {
		return err
	}
	u.Path = "/" + scratch
	db, err := sql.Open("postgres", u.String())
	if err != nil {
		return err
	}
	defer db.Close()
	return diff(ctx, dialect.Postgres, db, dir, name)
}

// diff replays dir on the empty database db and writes the difference to ent/schema as a new file.
func diff(ctx context.Context, d string, db *sql.DB, path, name string) error {
	dir, err := sqltool.NewGooseDir(path)
	if err != nil {
		return err
	}
	sum, err := dir.Checksum()
	if err != nil {
		return err
	}
	if err := atlasmigrate.WriteSumFile(dir, sum); err != nil {
		return err
	}
	before, err := dir.Files()
	if err != nil {
		return err
	}
	format, err := gooseFormatter()
	if err != nil {
		return err
	}
	m, err := schema.NewMigrate(entsql.OpenDB(d, db),
		schema.WithDir(dir),
		schema.WithMigrationMode(schema.ModeReplay),
		schema.WithDialect(d),
		schema.WithFormatter(format),
		schema.WithDropColumn(true),
		schema.WithDropIndex(true),
		schema.WithDiffHook(keepUnnamedIndexes),
	)
	if err != nil {
		return err
	}
	if err := m.NamedDiff(ctx, name, entmigrate.Tables...); err != nil {
		return err
	}
	after, err := dir.Files()
	if err != nil {
		return err
	}
	if len(after) == len(before) {
		fmt.Printf("%s: up to date with ent/schema\n", path)
		return nil
	}
	fmt.Printf("%s: wrote %s\n", path, after[len(after)-1].Name())
	return nil
}

// keepUnnamedIndexes removes from a plan the dropping of any index ent/schema does not name:
// the search indexes and anything an operator added live in hand-written migrations, and the
// generator must not undo them.
func keepUnnamedIndexes(next schema.Differ) schema.Differ {
	return schema.DiffFunc(func(current, desired *atlasschema.Schema) ([]atlasschema.Change, error) {
		changes, err := next.Diff(current, desired)
		if err != nil {
			return nil, err
		}
		known := map[string]bool{}
		for _, t := range desired.Tables {
			for _, idx := range t.Indexes {
				known[idx.Name] = true
			}
		}
		out := changes[:0]
		for _, c := range changes {
			if mt, ok := c.(*atlasschema.ModifyTable); ok {
				kept := mt.Changes[:0]
				for _, tc := range mt.Changes {
					if di, ok := tc.(*atlasschema.DropIndex); ok && !known[di.I.Name] {
						fmt.Printf("keeping index %s (not in ent/schema; drop it in a hand-written migration if meant)\n", di.I.Name)
						continue
					}
					kept = append(kept, tc)
				}
				if len(kept) == 0 {
					continue
				}
				mt.Changes = kept
			}
			out = append(out, c)
		}
		return out, nil
	})
}
