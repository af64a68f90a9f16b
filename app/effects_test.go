package app_test

import (
	"context"
	"errors"
	"strconv"
	"testing"
	"time"

	"haven/apptest"
	"haven/config"
	"haven/database"
	"haven/ent"
	"haven/ent/privacy"
	"haven/queuefeed"
)

// TestQueueNoticesFollowCommits: a moderation decision made in a transaction that rolls back
// tells no subscriber; one that commits tells each subscriber once. On PostgreSQL the notice
// travels through pg_notify and the listener, on SQLite through database.AfterCommit.
func TestQueueNoticesFollowCommits(t *testing.T) {
	h := apptest.New(t)
	h.Topic("anxiety").Create()
	h.Creator("effects.creator").Owner("creator-1").Create()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	changes := h.Queue.Subscribe(ctx)

	creator := h.Token("creator-1", "creator")
	var created struct{ CreateSubmission struct{ ID string } }
	h.Query(creator, `mutation($in: CreateSubmissionInput!) { createSubmission(input: $in) { id } }`,
		map[string]any{"in": map[string]any{"kind": "ARTICLE", "title": "Breathing", "summary": "s", "body": "b", "topicSlugs": []string{"anxiety"}}}, &created)
	h.Query(creator, `mutation($id: ID!) { submitSubmission(id: $id, expectedVersion: 1) { id } }`,
		map[string]any{"id": created.CreateSubmission.ID}, nil)
	id, err := strconv.Atoi(created.CreateSubmission.ID)
	if err != nil {
		t.Fatal(err)
	}

	mod := h.Ctx("mod-1", "moderator")
	rolledBackAt := h.Clock.Now()
	errAbort := errors.New("abort")
	err = database.WithTx(mod, h.Client(), func(ctx context.Context, _ *ent.Tx) error {
		if _, err := h.Workflow.Claim(ctx, id, 2); err != nil {
			return err
		}
		return errAbort
	})
	if !errors.Is(err, errAbort) {
		t.Fatalf("rolled-back claim: %v", err)
	}

	h.Clock.Advance(time.Minute)
	claimed, err := h.Workflow.Claim(mod, id, 2)
	if err != nil {
		t.Fatalf("claim: %v", err)
	}
	if _, err := h.Workflow.Release(mod, id, claimed.Version); err != nil {
		t.Fatalf("release: %v", err)
	}

	// The release is a barrier: notices arrive in commit order, so a notice of the rolled-back
	// claim would come before it.
	want := []queuefeed.Change{
		{SubmissionID: id, Action: "submit", Status: "SUBMITTED", At: rolledBackAt},
		{SubmissionID: id, Action: "claim", Status: "IN_REVIEW", At: h.Clock.Now()},
		{SubmissionID: id, Action: "release", Status: "SUBMITTED", At: h.Clock.Now()},
	}
	for i, w := range want {
		select {
		case got := <-changes:
			if got.SubmissionID != w.SubmissionID || got.Action != w.Action || got.Status != w.Status || !got.At.Equal(w.At) {
				t.Fatalf("notice %d is %+v, want %+v", i+1, got, w)
			}
		case <-time.After(10 * time.Second):
			t.Fatalf("notice %d (%+v) never came", i+1, w)
		}
	}
}

// TestRolledBackDecisionsBumpAndCountNothing: a decision made in a transaction that rolls back
// neither empties the response cache nor moves the decision counter; the same decision
// committed inside an outer transaction, with another public write beside it, bumps the cache
// once and is counted once, after the outer commit. The counters are process-wide, so another
// Haven's /metrics reads them (as TestModerationDecisionsCounted does).
func TestRolledBackDecisionsBumpAndCountNothing(t *testing.T) {
	metrics := newOpsApp(t, config.Operations{Metrics: true})
	const series = `haven_moderation_decisions_total{action="unpublish"}`
	h := apptest.New(t)
	piece := h.Content("Breathing exercises").By(h.Creator("ana").Owner("creator:ana").Create()).Create()
	pub := h.Ctx("pub", "publisher")
	unpublish := func(ctx context.Context) error {
		_, err := h.Workflow.Unpublish(ctx, piece.ID, "outdated")
		return err
	}
	version, counted := h.Cache.Version(), scrape(t, metrics)[series]

	errAbort := errors.New("abort")
	err := database.WithTx(pub, h.Client(), func(ctx context.Context, _ *ent.Tx) error {
		if err := unpublish(ctx); err != nil {
			return err
		}
		if v := h.Cache.Version(); v != version {
			t.Errorf("the cache was bumped inside the transaction: version %d, want %d", v, version)
		}
		return errAbort
	})
	if !errors.Is(err, errAbort) {
		t.Fatalf("rolled-back unpublish: %v", err)
	}
	if v := h.Cache.Version(); v != version {
		t.Errorf("a rolled-back unpublish bumped the cache: version %d, want %d", v, version)
	}
	if d := scrape(t, metrics)[series] - counted; d != 0 {
		t.Errorf("a rolled-back unpublish moved %s by %v", series, d)
	}

	err = database.WithTx(pub, h.Client(), func(ctx context.Context, tx *ent.Tx) error {
		if err := unpublish(ctx); err != nil {
			return err
		}
		if d := scrape(t, metrics)[series] - counted; d != 0 {
			t.Errorf("the decision was counted before the outer commit")
		}
		return tx.Topic.Create().SetSlug("breathing").SetName("Breathing").Exec(privacy.DecisionContext(ctx, privacy.Allow))
	})
	if err != nil {
		t.Fatalf("committed unpublish: %v", err)
	}
	if v := h.Cache.Version(); v != version+1 {
		t.Errorf("a committed transaction of two public writes moved the cache version by %d, want 1", v-version)
	}
	if d := scrape(t, metrics)[series] - counted; d != 1 {
		t.Errorf("a committed unpublish moved %s by %v, want 1", series, d)
	}
}
