// Package synthetic fills a database with many synthetic live content items for load tests: the
// demo hub first (so campaign pages, creators and topics exist), then extra creators and N live
// pieces, each with a creator, an organization and two topics, published one minute apart. Rows go
// in with multi-row INSERT statements of a thousand rows each, outside ent's per-row hooks, so a
// million items take minutes rather than hours on PostgreSQL and on the embedded SQLite alike.
package synthetic

import (
	"context"
	"database/sql"
	"fmt"
	"math/rand/v2"
	"strings"
	"time"

	"entgo.io/ent/dialect"

	"haven/auth"
	"haven/database"
	"haven/ent/content"
	"haven/ent/creator"
	"haven/seed"
)

// Prefix starts the title of every synthetic item, so that a later run can count them.
const Prefix = "Synthetic item"

// creatorCount is how many synthetic creators share the items (besides the demo's).
const creatorCount = 200

// batchRows keeps a statement's bind parameters (12 a row) under SQLite's limit of 32,766 and
// PostgreSQL's of 65,535.
const batchRows = 1000

// Fill makes sure db holds at least n synthetic live items and returns how many it added. It
// seeds the demo hub into an empty database first. now is the publication time of the newest item.
func Fill(ctx context.Context, db *database.DB, n int, now time.Time, progress func(done, total int)) (int, error) {
	ctx = auth.SystemContext(ctx)
	if _, err := seed.Demo(ctx, db.Client, now); err != nil {
		return 0, err
	}
	have, err := db.Client.Content.Query().Where(content.TitleHasPrefix(Prefix)).Count(ctx)
	if err != nil {
		return 0, fmt.Errorf("synthetic: count: %w", err)
	}
	if have >= n {
		return 0, nil
	}
	creators, err := ensureCreators(ctx, db)
	if err != nil {
		return 0, err
	}
	orgs, err := db.Client.Organization.Query().IDs(ctx)
	if err != nil {
		return 0, fmt.Errorf("synthetic: organizations: %w", err)
	}
	topics, err := db.Client.Topic.Query().IDs(ctx)
	if err != nil || len(topics) < 2 || len(orgs) == 0 {
		return 0, fmt.Errorf("synthetic: the demo hub has no topics or organizations (%v)", err)
	}
	f := filler{db: db, rng: rand.New(rand.NewPCG(uint64(have), 9)), creators: creators, orgs: orgs, topics: topics, now: now.UTC()}
	for start := have; start < n; start += batchRows {
		end := min(start+batchRows, n)
		if err := f.batch(ctx, start, end); err != nil {
			return start - have, err
		}
		if progress != nil {
			progress(end-have, n-have)
		}
	}
	if db.Dialect == dialect.Postgres {
		if _, err := db.SQL.ExecContext(ctx, "ANALYZE contents; ANALYZE content_topics"); err != nil {
			return n - have, fmt.Errorf("synthetic: analyze: %w", err)
		}
	}
	return n - have, nil
}

// ensureCreators creates the synthetic creators (and their owner accounts) once and returns the
// IDs of every creator.
func ensureCreators(ctx context.Context, db *database.DB) ([]int, error) {
	c := db.Client
	n, err := c.Creator.Query().Where(creator.HandleHasPrefix("synthetic")).Count(ctx)
	if err != nil {
		return nil, fmt.Errorf("synthetic: creators: %w", err)
	}
	for i := n; i < creatorCount; i++ {
		handle := fmt.Sprintf("synthetic%03d", i)
		acc, err := c.Account.Create().SetSubject("synthetic:" + handle).Save(ctx)
		if err != nil {
			return nil, fmt.Errorf("synthetic: account %s: %w", handle, err)
		}
		err = c.Creator.Create().SetHandle(handle).SetDisplayName(fmt.Sprintf("Synthetic Creator %d", i)).
			SetBio("A creator made up for load tests.").SetOwnerID(acc.ID).Exec(ctx)
		if err != nil {
			return nil, fmt.Errorf("synthetic: creator %s: %w", handle, err)
		}
	}
	return c.Creator.Query().IDs(ctx)
}

type filler struct {
	db                     *database.DB
	rng                    *rand.Rand
	creators, orgs, topics []int
	now                    time.Time
}

var kinds = []string{"VIDEO", "ARTICLE", "RESOURCE_LINK", "GUIDE"}

// batch inserts items start..end-1 and their topic links in one transaction.
func (f *filler) batch(ctx context.Context, start, end int) error {
	const cols = "created_at, updated_at, kind, title, summary, language, hashtags, status, content_warning, clinically_reviewed, published_at, creator_id, organization_id"
	per := strings.Count(cols, ",") + 1
	var q strings.Builder
	q.WriteString("INSERT INTO contents (" + cols + ") VALUES ")
	args := make([]any, 0, (end-start)*per)
	for i := start; i < end; i++ {
		if i > start {
			q.WriteByte(',')
		}
		f.placeholders(&q, len(args), per)
		// Item 0 is the newest; items are one minute apart, below every demo piece.
		at := f.now.Add(-time.Duration(i+1) * time.Minute).Add(-31 * 24 * time.Hour)
		// Eight items in ten in English, one in Spanish, one in French, each written in its
		// language, so that search stems each in its own (the title keeps the counting prefix).
		lang, topic, summary := "en", words[i%len(words)], "What helps with "+words[(i/7)%len(words)]+", in plain words, from someone who works with it every day."
		switch i % 10 {
		case 8:
			lang, topic, summary = "es", palabras[i%len(palabras)], "Qué ayuda con "+palabras[(i/7)%len(palabras)]+", en palabras sencillas, de alguien que trabaja con ello cada día."
		case 9:
			lang, topic, summary = "fr", mots[i%len(mots)], "Ce qui aide face "+mots[(i/7)%len(mots)]+", en mots simples, par quelqu'un qui y travaille chaque jour."
		}
		title := fmt.Sprintf("%s %07d: %s", Prefix, i+1, topic)
		args = append(args, at, at, kinds[i%len(kinds)], title, summary,
			lang, "[]", "LIVE", "NONE", false, at,
			f.creators[f.rng.IntN(len(f.creators))], f.orgs[f.rng.IntN(len(f.orgs))])
	}
	q.WriteString(" RETURNING id")
	tx, err := f.db.SQL.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("synthetic: begin: %w", err)
	}
	defer tx.Rollback()
	ids, err := insertReturning(ctx, tx, q.String(), args)
	if err != nil {
		return err
	}
	q.Reset()
	q.WriteString("INSERT INTO content_topics (content_id, topic_id) VALUES ")
	args = args[:0]
	for i, id := range ids {
		a := f.rng.IntN(len(f.topics))
		b := (a + 1 + f.rng.IntN(len(f.topics)-1)) % len(f.topics)
		for j, t := range []int{f.topics[a], f.topics[b]} {
			if i > 0 || j > 0 {
				q.WriteByte(',')
			}
			f.placeholders(&q, len(args), 2)
			args = append(args, id, t)
		}
	}
	if _, err := tx.ExecContext(ctx, q.String(), args...); err != nil {
		return fmt.Errorf("synthetic: topics: %w", err)
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("synthetic: commit: %w", err)
	}
	return nil
}

// placeholders writes one row's "(…)" of n parameters, numbered from after on PostgreSQL.
func (f *filler) placeholders(q *strings.Builder, after, n int) {
	q.WriteByte('(')
	for k := range n {
		if k > 0 {
			q.WriteByte(',')
		}
		if f.db.Dialect == dialect.Postgres {
			fmt.Fprintf(q, "$%d", after+k+1)
		} else {
			q.WriteByte('?')
		}
	}
	q.WriteByte(')')
}

func insertReturning(ctx context.Context, tx *sql.Tx, q string, args []any) ([]int, error) {
	rows, err := tx.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, fmt.Errorf("synthetic: insert: %w", err)
	}
	defer rows.Close()
	var ids []int
	for rows.Next() {
		var id int
		if err := rows.Scan(&id); err != nil {
			return nil, fmt.Errorf("synthetic: insert: %w", err)
		}
		ids = append(ids, id)
	}
	return ids, rows.Err()
}

// words give the synthetic titles some variety for search.
var words = []string{
	"sleep", "anxiety", "grief", "burnout", "loneliness", "panic", "stress", "mindfulness",
	"recovery", "resilience", "therapy", "boundaries", "motivation", "self-care", "parenting",
	"exercise", "nutrition", "journaling", "breathing", "friendship", "work", "school", "change",
}

// palabras and mots are words of the Spanish and French items.
var palabras = []string{
	"el sueño", "la ansiedad", "el duelo", "el agotamiento", "la soledad", "el pánico", "el estrés",
	"la atención plena", "la recuperación", "la terapia", "los límites", "la motivación",
}

var mots = []string{
	"au sommeil", "à l'anxiété", "au deuil", "à l'épuisement", "à la solitude", "à la panique",
	"au stress", "à la pleine conscience", "à la thérapie", "aux limites", "à la motivation",
}
