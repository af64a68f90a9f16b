package graph

import (
	"context"

	"entgo.io/contrib/entgql"

	"haven/access"
	"haven/ent"
	"haven/ent/report"
	"haven/graph/model"
	"haven/workflow"
)

func (r *queryResolver) reports(ctx context.Context, after cursor, first *int, status *report.Status) (*ent.ReportConnection, error) {
	if _, err := access.Require(ctx, access.ReportRead); err != nil {
		return nil, err
	}
	first, _, err := checkPage(after, first, nil, nil, "")
	if err != nil {
		return nil, err
	}
	q := r.Client.Report.Query()
	if status != nil {
		q.Where(report.StatusEQ(*status))
	}
	// The report queue's order (open first, then priority, then oldest) is its key, ascending.
	return q.Paginate(ctx, after, first, nil, nil, ent.WithReportOrder(&ent.ReportOrder{
		Direction: entgql.OrderDirectionAsc, Field: ent.ReportOrderFieldQueueKey,
	}))
}

// resolution converts the GraphQL report action to the workflow's resolution; an unknown value
// (gqlgen refuses those first) becomes the zero resolution, which the workflow refuses.
func resolution(a model.ReportAction) workflow.Resolution {
	switch a {
	case model.ReportActionDismiss:
		return workflow.Dismiss
	case model.ReportActionTakeDown:
		return workflow.TakeDownReported
	}
	return 0
}
