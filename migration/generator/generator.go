// Package generator writes Haven's next versioned migration of one database from ent/schema;
// `go run ./migration/generate` is its command line, and the migration tests run it too.
//
// It replays the committed files of a dialect's directory on an empty development database,
// compares the result with ent/schema and writes the difference as one goose file (nothing when
// there is none).
//
// Objects made by hand-written migrations (the full-text columns and indexes of contents, partial
// indexes, triggers, functions) are unknown to ent/schema. The generator never drops or alters
// them: before comparing, it adds to each ent table of the desired state
// every column, index, foreign key and check the replayed table has and ent/schema does not name,
// so the comparison finds them equal. The consequence is that a column, index or constraint left
// out of ent/schema is never dropped by a generated file either (its drop, which loses data and
// breaks replicas of the previous release still reading it, is written by hand, a release later).
// On SQLite, a change that ALTER TABLE cannot make rebuilds the table (create a copy, copy the
// rows, drop, rename), which drops the table's triggers; the generated file then creates them
// again, as the replayed files defined them.
package generator

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"net/url"
	"slices"
	"sort"
	"strings"
	"text/template"

	atlasmigrate "ariga.io/atlas/sql/migrate"
	atlasschema "ariga.io/atlas/sql/schema"
	atlassqlite "ariga.io/atlas/sql/sqlite"
	"ariga.io/atlas/sql/sqltool"
	"entgo.io/ent/dialect"
	entsql "entgo.io/ent/dialect/sql"
	"entgo.io/ent/dialect/sql/schema"
	_ "github.com/lib/pq"  // the PostgreSQL development database
	_ "modernc.org/sqlite" // the SQLite development database

	entmigrate "haven/ent/migrate"
)

// Options say what to generate.
type Options struct {
	// Dialect is dialect.SQLite or dialect.Postgres.
	Dialect string
	// Dir is the dialect's migration directory (migration/sqlite or migration/postgres).
	Dir string
	// Name is what the migration does, in snake_case; Version its version (a UTC timestamp
	// 20060102150405, the same for both dialects).
	Name, Version string
	// Server is, for PostgreSQL, a server where a scratch database may be created and dropped.
	Server string
	// Tables is the desired state; nil means ent/schema (ent/migrate.Tables).
	Tables []*schema.Table
	// Log receives what the generator did and kept; nil discards it.
	Log io.Writer
}

// Result is what one run did.
type Result struct {
	// File is the name of the file written, "" when the directory matched the desired state.
	File string
	// Kept names the objects of ent tables that ent/schema does not name and that the generated
	// file therefore leaves alone ("table.column", "table index name", ...), sorted.
	Kept []string
	// Triggers names the triggers the replayed directory defines (SQLite only), sorted.
	Triggers []string
}

// Generate writes the next migration of one dialect.
func Generate(ctx context.Context, o Options) (Result, error) {
	if o.Name == "" || o.Version == "" {
		return Result{}, errors.New("generator: name and version are required")
	}
	if o.Tables == nil {
		o.Tables = entmigrate.Tables
	}
	if o.Log == nil {
		o.Log = io.Discard
	}
	dir, err := sqltool.NewGooseDir(o.Dir)
	if err != nil {
		return Result{}, err
	}
	// Rehash first, so that a hand-written file added since the last run needs no other step.
	sum, err := dir.Checksum()
	if err != nil {
		return Result{}, err
	}
	if err := atlasmigrate.WriteSumFile(dir, sum); err != nil {
		return Result{}, err
	}
	g := &run{opts: o, dir: dir}
	switch o.Dialect {
	case dialect.SQLite:
		err = g.sqlite(ctx)
	case dialect.Postgres:
		err = g.postgres(ctx)
	default:
		err = fmt.Errorf("generator: unsupported dialect %q", o.Dialect)
	}
	if err != nil {
		return Result{}, err
	}
	sort.Strings(g.res.Kept)
	if len(g.res.Kept) > 0 {
		fmt.Fprintf(o.Log, "%s: kept %d objects ent/schema does not name (made by hand-written files, or left out of ent/schema: drop them in a hand-written migration if meant): %s\n",
			o.Dir, len(g.res.Kept), strings.Join(g.res.Kept, ", "))
	}
	for _, w := range g.warnings {
		fmt.Fprintf(o.Log, "%s: warning: %s\n", o.Dir, w)
	}
	if g.res.File == "" {
		fmt.Fprintf(o.Log, "%s: up to date with ent/schema\n", o.Dir)
	} else {
		fmt.Fprintf(o.Log, "%s: wrote %s\n", o.Dir, g.res.File)
	}
	return g.res, nil
}

type run struct {
	opts     Options
	dir      *sqltool.GooseDir
	res      Result
	warnings []string
	// triggers holds, per table, the SQL of its triggers in the replayed directory (SQLite).
	triggers map[string][]string
}

func (g *run) sqlite(ctx context.Context) error {
	// The triggers first, on a database of their own: the diff's development database is
	// emptied before the comparison, and the schema inspection does not read triggers.
	if err := g.sqliteTriggers(ctx); err != nil {
		return fmt.Errorf("replaying for triggers: %w", err)
	}
	db, err := openSQLiteMemory()
	if err != nil {
		return err
	}
	defer db.Close()
	return g.diff(ctx, db)
}

// openSQLiteMemory opens a new, private in-memory SQLite database.
func openSQLiteMemory() (*sql.DB, error) {
	db, err := sql.Open("sqlite", "file:haven_dev_"+randomSuffix()+"?mode=memory&_pragma=foreign_keys(1)")
	if err != nil {
		return nil, err
	}
	db.SetMaxOpenConns(1) // one in-memory database: one connection
	return db, nil
}

func (g *run) sqliteTriggers(ctx context.Context) error {
	db, err := openSQLiteMemory()
	if err != nil {
		return err
	}
	defer db.Close()
	drv, err := atlassqlite.Open(db)
	if err != nil {
		return err
	}
	ex, err := atlasmigrate.NewExecutor(drv, g.dir, &atlasmigrate.NopRevisionReadWriter{})
	if err != nil {
		return err
	}
	if err := ex.ExecuteN(ctx, 0); err != nil && !errors.Is(err, atlasmigrate.ErrNoPendingFiles) {
		return err
	}
	rows, err := db.QueryContext(ctx, `SELECT tbl_name, name, sql FROM sqlite_master WHERE type = 'trigger' ORDER BY name`)
	if err != nil {
		return err
	}
	defer rows.Close()
	g.triggers = map[string][]string{}
	for rows.Next() {
		var table, name, def string
		if err := rows.Scan(&table, &name, &def); err != nil {
			return err
		}
		g.triggers[table] = append(g.triggers[table], def)
		g.res.Triggers = append(g.res.Triggers, name)
	}
	return rows.Err()
}

func (g *run) postgres(ctx context.Context) error {
	if g.opts.Server == "" {
		return errors.New("generator: a PostgreSQL server is required for the scratch database")
	}
	admin, err := sql.Open("postgres", g.opts.Server)
	if err != nil {
		return err
	}
	defer admin.Close()
	scratch := "haven_migrate_dev_" + randomSuffix()
	if _, err := admin.ExecContext(ctx, `CREATE DATABASE `+scratch); err != nil {
		return fmt.Errorf("create scratch database: %w", err)
	}
	defer admin.ExecContext(context.WithoutCancel(ctx), `DROP DATABASE IF EXISTS `+scratch+` WITH (FORCE)`)
	u, err := url.Parse(g.opts.Server)
	if err != nil {
		return err
	}
	u.Path = "/" + scratch
	db, err := sql.Open("postgres", u.String())
	if err != nil {
		return err
	}
	defer db.Close()
	return g.diff(ctx, db)
}

func randomSuffix() string {
	b := make([]byte, 6)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}

// diff replays the directory on the empty database db and writes the difference to the desired
// state as a new file.
func (g *run) diff(ctx context.Context, db *sql.DB) error {
	before, err := g.dir.Files()
	if err != nil {
		return err
	}
	format, err := g.formatter()
	if err != nil {
		return err
	}
	m, err := schema.NewMigrate(entsql.OpenDB(g.opts.Dialect, db),
		schema.WithDir(g.dir),
		schema.WithMigrationMode(schema.ModeReplay),
		schema.WithDialect(g.opts.Dialect),
		schema.WithFormatter(format),
		// Drops are allowed so that ent/schema can change what it names (an index whose
		// columns change is dropped and created again); keepUnnamed puts everything else in
		// the desired state, so nothing else is ever dropped.
		schema.WithDropColumn(true),
		schema.WithDropIndex(true),
		schema.WithDiffHook(g.keepUnnamed),
	)
	if err != nil {
		return err
	}
	if err := m.NamedDiff(ctx, g.opts.Name, g.opts.Tables...); err != nil {
		return err
	}
	after, err := g.dir.Files()
	if err != nil {
		return err
	}
	if len(after) > len(before) {
		g.res.File = after[len(after)-1].Name()
	}
	return nil
}

// keepUnnamed adds to each ent table of the desired state the columns, indexes, foreign keys and
// checks that the replayed table has and ent/schema does not name, and then refuses a plan that
// would still drop or change one of them.
func (g *run) keepUnnamed(next schema.Differ) schema.Differ {
	return schema.DiffFunc(func(current, desired *atlasschema.Schema) ([]atlasschema.Change, error) {
		kept := map[string]map[string]bool{} // table -> kept object keys
		for _, dt := range desired.Tables {
			ct, ok := current.Table(dt.Name)
			if !ok {
				continue
			}
			keep := map[string]bool{}
			kept[dt.Name] = keep
			for _, c := range ct.Columns {
				if _, ok := dt.Column(c.Name); ok {
					continue
				}
				dt.AddColumns(c)
				keep["column "+c.Name] = true
				g.res.Kept = append(g.res.Kept, dt.Name+"."+c.Name)
				if !c.Type.Null && c.Default == nil && !hasGeneratedExpr(c) {
					g.warnings = append(g.warnings, fmt.Sprintf("column %s.%s is NOT NULL without a default and not in ent/schema: ent cannot insert into %s until a hand-written migration drops it or gives it a default", dt.Name, c.Name, dt.Name))
				}
			}
			for _, idx := range ct.Indexes {
				if _, ok := dt.Index(idx.Name); ok {
					continue
				}
				dt.AddIndexes(idx)
				keep["index "+idx.Name] = true
				g.res.Kept = append(g.res.Kept, dt.Name+" index "+idx.Name)
			}
			for _, fk := range ct.ForeignKeys {
				if _, ok := dt.ForeignKey(fk.Symbol); ok {
					continue
				}
				dt.AddForeignKeys(fk)
				keep["foreign key "+fk.Symbol] = true
				g.res.Kept = append(g.res.Kept, dt.Name+" foreign key "+fk.Symbol)
			}
			for _, ck := range ct.Checks() {
				if slices.ContainsFunc(dt.Checks(), func(d *atlasschema.Check) bool {
					return d.Name == ck.Name && (d.Name != "" || d.Expr == ck.Expr)
				}) {
					continue
				}
				dt.AddChecks(ck)
				keep["check "+ck.Name+ck.Expr] = true
				g.res.Kept = append(g.res.Kept, dt.Name+" check "+ck.Name+ck.Expr)
			}
		}
		changes, err := next.Diff(current, desired)
		if err != nil {
			return nil, err
		}
		for _, c := range changes {
			mt, ok := c.(*atlasschema.ModifyTable)
			if !ok {
				continue
			}
			for _, tc := range mt.Changes {
				if key := changedObject(tc); key != "" && kept[mt.T.Name][key] {
					return nil, fmt.Errorf("generator: the plan changes the %s of table %s, which ent/schema does not name: write that change in a hand-written migration", key, mt.T.Name)
				}
			}
		}
		return changes, nil
	})
}

// changedObject names the object a table change drops or modifies, as keepUnnamed keys it.
func changedObject(c atlasschema.Change) string {
	switch c := c.(type) {
	case *atlasschema.DropColumn:
		return "column " + c.C.Name
	case *atlasschema.ModifyColumn:
		return "column " + c.From.Name
	case *atlasschema.RenameColumn:
		return "column " + c.From.Name
	case *atlasschema.DropIndex:
		return "index " + c.I.Name
	case *atlasschema.ModifyIndex:
		return "index " + c.From.Name
	case *atlasschema.RenameIndex:
		return "index " + c.From.Name
	case *atlasschema.DropForeignKey:
		return "foreign key " + c.F.Symbol
	case *atlasschema.ModifyForeignKey:
		return "foreign key " + c.From.Symbol
	case *atlasschema.DropCheck:
		return "check " + c.C.Name + c.C.Expr
	case *atlasschema.ModifyCheck:
		return "check " + c.From.Name + c.From.Expr
	}
	return ""
}

func hasGeneratedExpr(c *atlasschema.Column) bool {
	for _, a := range c.Attrs {
		if _, ok := a.(*atlasschema.GeneratedExpr); ok {
			return true
		}
	}
	return false
}

// formatter writes a goose file named VERSION_NAME.sql: the changes under "+goose Up" and their
// reverse under "+goose Down" (the layout of sqltool.GooseFormatter, with a version shared by
// both dialects instead of each file's own clock reading). Statements holding semicolons (the
// triggers created again after a SQLite table rebuild) go between StatementBegin and
// StatementEnd.
func (g *run) formatter() (atlasmigrate.Formatter, error) {
	funcs := template.FuncMap{
		"version": func() string { return g.opts.Version },
		"rev": func(in []*atlasmigrate.Change) []*atlasmigrate.Change {
			out := make([]*atlasmigrate.Change, len(in))
			for i, c := range in {
				out[len(in)-1-i] = c
			}
			return out
		},
		"multi": func(s string) bool { return strings.Contains(s, ";") },
	}
	name, err := template.New("name").Funcs(funcs).Parse(`{{ version }}{{ with .Name }}_{{ . }}{{ end }}.sql`)
	if err != nil {
		return nil, err
	}
	body, err := template.New("body").Funcs(funcs).Parse(`-- +goose Up
{{ range .Changes }}{{ with .Comment }}-- {{ println . }}{{ end }}{{ if multi .Cmd }}-- +goose StatementBegin
{{ printf "%s;\n" .Cmd }}-- +goose StatementEnd
{{ else }}{{ printf "%s;\n" .Cmd }}{{ end }}{{ end }}
-- +goose Down
{{ range $c := rev .Changes }}{{ with $stmts := .ReverseStmts }}{{ with $c.Comment }}-- reverse: {{ println . }}{{ end }}{{ range $stmts }}{{ printf "%s;\n" . }}{{ end }}{{ end }}{{ end }}`)
	if err != nil {
		return nil, err
	}
	tf, err := atlasmigrate.NewTemplateFormatter(name, body)
	if err != nil {
		return nil, err
	}
	return formatFunc(func(p *atlasmigrate.Plan) ([]atlasmigrate.File, error) {
		return tf.Format(g.recreateTriggers(p))
	}), nil
}

type formatFunc func(*atlasmigrate.Plan) ([]atlasmigrate.File, error)

func (f formatFunc) Format(p *atlasmigrate.Plan) ([]atlasmigrate.File, error) { return f(p) }

// recreateTriggers returns the plan with, after each SQLite table rebuild (the rename of the
// "new_" copy to the table's name), the creation of the table's triggers, which the DROP TABLE
// of the rebuild removed.
func (g *run) recreateTriggers(p *atlasmigrate.Plan) *atlasmigrate.Plan {
	if len(g.triggers) == 0 {
		return p
	}
	out := *p
	out.Changes = nil
	for _, c := range p.Changes {
		out.Changes = append(out.Changes, c)
		mt, ok := c.Source.(*atlasschema.ModifyTable)
		if !ok || !strings.HasPrefix(c.Cmd, "ALTER TABLE `new_"+mt.T.Name+"` RENAME TO") {
			continue
		}
		for _, def := range g.triggers[mt.T.Name] {
			out.Changes = append(out.Changes, &atlasmigrate.Change{
				Cmd:     def,
				Comment: fmt.Sprintf("create again a trigger of %q (the rebuild dropped it with the table)", mt.T.Name),
			})
		}
	}
	return &out
}
