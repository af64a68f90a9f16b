package search_test

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"github.com/lib/pq"
)

// Synthetic live content for the plan tests and the benchmarks at scale, written by PostgreSQL
// itself (generate_series): a million rows take a few minutes, most of it building the text
// indexes.
//
// Eight rows in ten are English, one Spanish, one French, each written in its language. Every
// row's hashtags hold "#MentalHealth" (a word in every row); every English summary holds "tips"
// and "wellbeing", every Spanish one "consejos" and every French one "conseils"; a seventh of the
// titles say "Coping" (or its translation), a tenth "stress". Rare words: "anxiety" is in the
// titles of four English rows and "insomnia" in the summaries of four; "ansiedad" in the titles of
// four Spanish rows and "anxiété" in those of four French rows. Rows are published one a minute,
// newest first, and spread over the creators, organizations, topics and kinds given.
//
// The rare rows are i = k·n/4 (+ n/8 for insomnia, + 8 for Spanish, + 9 for French), which land
// on the right language when n is a multiple of 80.
const fillSQL = `
INSERT INTO contents (created_at, updated_at, kind, title, summary, language, hashtags, status,
  content_warning, clinically_reviewed, published_at, creator_id, organization_id)
SELECT $2::timestamptz, $2::timestamptz,
  (ARRAY['VIDEO','ARTICLE','RESOURCE_LINK','GUIDE'])[1 + i % 4],
  CASE i % 10
  WHEN 8 THEN
    (ARRAY['Cómo afrontar','Entender','Hablar de','Pequeños pasos contra','Vivir con','Notas sobre','Preguntas sobre'])[1 + i % 7]
    || ' ' || (ARRAY['el estrés','el duelo','el agotamiento','el sueño','la soledad','el pánico','el ánimo','la concentración','los límites','el cambio'])[1 + (i / 7) % 10]
    || CASE WHEN i % ($1 / 4) = 8 THEN ' y la ansiedad' ELSE '' END
  WHEN 9 THEN
    (ARRAY['Faire face au','Comprendre le','Parler du','Petits pas contre le','Vivre avec le','Notes sur le','Questions sur le'])[1 + i % 7]
    || ' ' || (ARRAY['stress','deuil','épuisement','sommeil','isolement','trac','moral','manque de concentration','refus','changement'])[1 + (i / 7) % 10]
    || CASE WHEN i % ($1 / 4) = 9 THEN ' et l''anxiété' ELSE '' END
  ELSE
    (ARRAY['Coping with','Understanding','Talking about','Small steps for','Living with','Notes on','Questions about'])[1 + i % 7]
    || ' ' || (ARRAY['stress','grief','burnout','sleep','loneliness','panic','mood','focus','boundaries','change'])[1 + (i / 7) % 10]
    || CASE WHEN i % ($1 / 4) = 0 THEN ' and anxiety' ELSE '' END
  END,
  CASE i % 10
  WHEN 8 THEN 'Consejos prácticos para el bienestar de cada día.'
  WHEN 9 THEN 'Conseils pratiques pour le bien-être de chaque jour.'
  ELSE 'Practical tips for everyday wellbeing'
    || CASE WHEN i % ($1 / 4) = $1 / 8 THEN ', including insomnia' ELSE '' END || '.'
  END,
  (ARRAY['en','en','en','en','en','en','en','en','es','fr'])[1 + i % 10],
  '["#MentalHealth"]', 'LIVE', 'NONE', false,
  $2::timestamptz - make_interval(mins => i),
  ($3::bigint[])[1 + i % cardinality($3::bigint[])],
  ($4::bigint[])[1 + i % cardinality($4::bigint[])]
FROM generate_series(1, $1) AS i`

const fillTopicsSQL = `
INSERT INTO content_topics (content_id, topic_id)
SELECT id, ($2::bigint[])[1 + id % cardinality($2::bigint[])] FROM contents WHERE id > $1`

// fill adds n synthetic live contents published up to now, each on one of topics, and vacuums
// and analyzes the database so the planner knows them.
func fill(ctx context.Context, db *sql.DB, n int, now time.Time, creators, orgs, topics []int) error {
	if n%80 != 0 {
		return fmt.Errorf("fill: %d rows: want a multiple of 80, so that every rare word is in its language", n)
	}
	var last int
	if err := db.QueryRowContext(ctx, `SELECT coalesce(max(id), 0) FROM contents`).Scan(&last); err != nil {
		return err
	}
	if _, err := db.ExecContext(ctx, fillSQL, n, now, pq.Array(creators), pq.Array(orgs)); err != nil {
		return fmt.Errorf("fill contents: %w", err)
	}
	if _, err := db.ExecContext(ctx, fillTopicsSQL, last, pq.Array(topics)); err != nil {
		return fmt.Errorf("fill content topics: %w", err)
	}
	// As autovacuum would after a bulk load: VACUUM moves the text indexes' pending entries
	// (GIN's fast update list) into the indexes proper, and ANALYZE tells the planner about every
	// table, since the plans of filters by topic, creator and organization depend on them too.
	if _, err := db.ExecContext(ctx, `VACUUM ANALYZE`); err != nil {
		return fmt.Errorf("vacuum analyze: %w", err)
	}
	return nil
}

// The same rows for SQLite, which has no arrays or generate_series: written from Go by prepared
// inserts, fillBatch rows to a transaction, through the triggers that keep the FTS5 table (and
// its stems) in step, as every write is. A million rows take a few minutes.
var (
	enOpen  = []string{"Coping with", "Understanding", "Talking about", "Small steps for", "Living with", "Notes on", "Questions about"}
	enTopic = []string{"stress", "grief", "burnout", "sleep", "loneliness", "panic", "mood", "focus", "boundaries", "change"}
	esOpen  = []string{"Cómo afrontar", "Entender", "Hablar de", "Pequeños pasos contra", "Vivir con", "Notas sobre", "Preguntas sobre"}
	esTopic = []string{"el estrés", "el duelo", "el agotamiento", "el sueño", "la soledad", "el pánico", "el ánimo", "la concentración", "los límites", "el cambio"}
	frOpen  = []string{"Faire face au", "Comprendre le", "Parler du", "Petits pas contre le", "Vivre avec le", "Notes sur le", "Questions sur le"}
	frTopic = []string{"stress", "deuil", "épuisement", "sommeil", "isolement", "trac", "moral", "manque de concentration", "refus", "changement"}
	kinds   = []string{"VIDEO", "ARTICLE", "RESOURCE_LINK", "GUIDE"}
)

const fillBatch = 20000

// syntheticRow is row i (1…n) of fillSQL: its kind, title, summary and language.
func syntheticRow(i, n int) (kind, title, summary, language string) {
	kind = kinds[i%4]
	switch i % 10 {
	case 8:
		title, summary, language = esOpen[i%7]+" "+esTopic[(i/7)%10], "Consejos prácticos para el bienestar de cada día.", "es"
		if i%(n/4) == 8 {
			title += " y la ansiedad"
		}
	case 9:
		title, summary, language = frOpen[i%7]+" "+frTopic[(i/7)%10], "Conseils pratiques pour le bien-être de chaque jour.", "fr"
		if i%(n/4) == 9 {
			title += " et l'anxiété"
		}
	default:
		title, summary, language = enOpen[i%7]+" "+enTopic[(i/7)%10], "Practical tips for everyday wellbeing", "en"
		if i%(n/4) == 0 {
			title += " and anxiety"
		}
		if i%(n/4) == n/8 {
			summary += ", including insomnia"
		}
		summary += "."
	}
	return kind, title, summary, language
}

// fillSQLite is fill on SQLite.
func fillSQLite(ctx context.Context, db *sql.DB, n int, now time.Time, creators, orgs, topics []int) error {
	for start := 1; start <= n; start += fillBatch {
		if err := fillSQLiteBatch(ctx, db, start, min(start+fillBatch, n+1), n, now, creators, orgs, topics); err != nil {
			return err
		}
	}
	if _, err := db.ExecContext(ctx, `ANALYZE`); err != nil {
		return fmt.Errorf("analyze: %w", err)
	}
	return nil
}

// fillSQLiteBatch inserts rows start…end-1 of n in one transaction.
func fillSQLiteBatch(ctx context.Context, db *sql.DB, start, end, n int, now time.Time, creators, orgs, topics []int) error {
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	row, err := tx.PrepareContext(ctx, `INSERT INTO contents (created_at, updated_at, kind, title, summary, language,
		hashtags, status, content_warning, clinically_reviewed, published_at, creator_id, organization_id)
		VALUES (?, ?, ?, ?, ?, ?, '["#MentalHealth"]', 'LIVE', 'NONE', false, ?, ?, ?) RETURNING id`)
	if err != nil {
		return fmt.Errorf("fill contents: %w", err)
	}
	link, err := tx.PrepareContext(ctx, `INSERT INTO content_topics (content_id, topic_id) VALUES (?, ?)`)
	if err != nil {
		return fmt.Errorf("fill content topics: %w", err)
	}
	for i := start; i < end; i++ {
		kind, title, summary, language := syntheticRow(i, n)
		var id int
		err := row.QueryRowContext(ctx, now, now, kind, title, summary, language, now.Add(-time.Duration(i)*time.Minute),
			creators[i%len(creators)], orgs[i%len(orgs)]).Scan(&id)
		if err != nil {
			return fmt.Errorf("fill contents: %w", err)
		}
		if _, err := link.ExecContext(ctx, id, topics[id%len(topics)]); err != nil {
			return fmt.Errorf("fill content topics: %w", err)
		}
	}
	return tx.Commit()
}
