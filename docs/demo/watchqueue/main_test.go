package main

import (
	"context"
	"fmt"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"haven/apptest"
	"haven/ent/submission"
)

// TestWatchPrintsQueueChanges runs the README's WebSocket client against the demo hub and changes
// the queue until the client prints the change.
func TestWatchPrintsQueueChanges(t *testing.T) {
	h := apptest.New(t, apptest.Options{Seed: true})
	srv := httptest.NewServer(h.Handler())
	defer srv.Close()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var out apptest.Buffer // what watch prints
	done := make(chan error, 1)
	go func() {
		done <- watch(ctx, "ws"+strings.TrimPrefix(srv.URL, "http")+"/graphql", h.Token("demo-moderator", "moderator"), &out)
	}()

	// The sensitive piece waits in the queue; the moderator claims and releases it until the
	// subscription, which may still be starting, reports a change.
	s, err := h.Client().Submission.Query().
		Where(submission.Title("If a friend's post worries you")).Only(h.System())
	if err != nil {
		t.Fatal(err)
	}
	id, version := fmt.Sprint(s.ID), s.Version
	tok := h.Token("demo-clinical-reviewer", "clinical_reviewer", "moderator")
	deadline := time.Now().Add(20 * time.Second)
	for i := 0; !strings.Contains(out.String(), `"moderationQueueChanged"`); i++ {
		if time.Now().After(deadline) {
			t.Fatalf("watch printed nothing: %q", out.String())
		}
		select {
		case err := <-done:
			t.Fatalf("watch stopped: %v", err)
		default:
		}
		op := "claimSubmission"
		if i%2 == 1 {
			op = "releaseSubmission"
		}
		var res map[string]struct{ Version int }
		h.Query(tok, `mutation($id: ID!, $v: Int!) { `+op+`(id: $id, expectedVersion: $v) { version } }`,
			map[string]any{"id": id, "v": version}, &res)
		version = res[op].Version
		time.Sleep(100 * time.Millisecond)
	}

	// Subscribed: the README's last step, demo-creator submitting the draft, is printed.
	draft, err := h.Client().Submission.Query().Where(submission.StatusEQ(submission.StatusDRAFT)).Only(h.System())
	if err != nil {
		t.Fatal(err)
	}
	h.Query(h.Token("demo-creator", "creator"), `mutation($id: ID!) { submitSubmission(id: $id, expectedVersion: 1) { status } }`,
		map[string]any{"id": fmt.Sprint(draft.ID)}, nil)
	want := fmt.Sprintf(`"submissionID":"%d"`, draft.ID)
	for !strings.Contains(out.String(), want) {
		if time.Now().After(deadline) {
			t.Fatalf("watch did not print the submitted draft (%s): %q", want, out.String())
		}
		time.Sleep(50 * time.Millisecond)
	}
	for _, line := range strings.Split(out.String(), "\n") {
		if strings.Contains(line, want) && !strings.Contains(line, `"action":"submit","status":"SUBMITTED"`) {
			t.Errorf("the draft's line: %s", line)
		}
	}
	cancel()
	if err := <-done; err == nil {
		t.Error("watch returned no error when its context ended")
	}
}
