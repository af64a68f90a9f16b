package workflow

import (
	"context"

	"haven/database"
	"haven/observe"
)

// countDecision counts a moderation decision once the transaction that makes it commits (an
// outer one, when the move joined it): a decision that rolls back is never counted. It is called
// inside the move's transaction, after its last write.
func countDecision(ctx context.Context, action string) {
	switch action {
	case string(Approve), string(RequestChanges), string(Reject), string(TakeDown), string(Unpublish):
		database.AfterCommit(ctx, func(context.Context) { observe.ModerationDecision(action) })
	}
}
