package database_test

import (
	"fmt"
	"path/filepath"
	"sync"
	"testing"

	"haven/apptest"
	"haven/config"
)

// TestSQLiteParallelWriters: 50 signed-in writers at once on the embedded database, opened
// exactly as DATABASE_URL=sqlite:PATH opens it, each creating a profile and submitting drafts.
// Every write succeeds: none is answered with an error (SQLITE_BUSY surfaced as INTERNAL).
func TestSQLiteParallelWriters(t *testing.T) {
	if apptest.Postgres() {
		t.Skip("SQLite only: PostgreSQL has row locks and no single-writer lock")
	}
	cfg, err := config.Load(func(name string) string {
		if name == "DATABASE_URL" {
			return "sqlite:" + filepath.Join(t.TempDir(), "haven.db")
		}
		return ""
	})
	if err != nil {
		t.Fatal(err)
	}
	h := apptest.New(t, apptest.Options{Driver: cfg.Driver, DSN: cfg.DSN})
	const writers, rounds = 50, 20
	var wg sync.WaitGroup
	errs := make(chan string, writers*rounds*3)
	for w := range writers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			tok := h.Token(fmt.Sprintf("writer-%d", w), "creator")
			res := h.Do(tok, `mutation($h: String!) { createCreatorProfile(input: {handle: $h, displayName: "W"}) { id } }`, map[string]any{"h": fmt.Sprintf("writer%d", w)})
			if len(res.Errors) > 0 {
				errs <- res.Raw
				return
			}
			for r := range rounds {
				var out struct {
					CreateSubmission struct{ ID string } `json:"createSubmission"`
				}
				res := h.Do(tok, `mutation($t: String!) { createSubmission(input: {kind: ARTICLE, title: $t, summary: "s", body: "b"}) { id } }`, map[string]any{"t": fmt.Sprintf("draft %d-%d", w, r)})
				if len(res.Errors) > 0 {
					errs <- res.Raw
					continue
				}
				res.Decode(t, &out)
				res = h.Do(tok, `mutation($id: ID!) { submitSubmission(id: $id, expectedVersion: 1) { id } }`, map[string]any{"id": out.CreateSubmission.ID})
				if len(res.Errors) > 0 {
					errs <- res.Raw
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	n := 0
	for e := range errs {
		if n < 3 {
			t.Errorf("write failed: %s", e)
		}
		n++
	}
	if n > 0 {
		t.Fatalf("%d of %d writes failed", n, writers*(1+2*rounds))
	}
}
