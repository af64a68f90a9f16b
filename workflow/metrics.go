package workflow

import (
	"context"

	"haven/ent"
	"haven/observe"
)

// countDecision counts a moderation decision once it has committed. Inside a caller's
// transaction nothing has committed yet when the move returns, so nothing is counted there.
func countDecision(ctx context.Context, action string, err error) {
	if err != nil || ent.TxFromContext(ctx) != nil {
		return
	}
	switch action {
	case string(Approve), string(RequestChanges), string(Reject), string(TakeDown), string(Unpublish):
		observe.ModerationDecision(action)
	}
}
