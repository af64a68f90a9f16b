package graph

import (
	"context"

	"entgo.io/contrib/entgql"

	"haven/access"
	"haven/ent"
	"haven/ent/submission"
	"haven/graph/model"
	"haven/workflow"
)

// fields converts the GraphQL submission fields to the workflow's.
func createFields(in model.CreateSubmissionInput) workflow.CreateInput {
	return workflow.CreateInput{
		Fields: workflow.Fields{
			Kind: &in.Kind, Title: &in.Title, Summary: &in.Summary, Body: in.Body, MediaURL: in.MediaURL,
			ThumbnailURL: in.ThumbnailURL, DurationSeconds: in.DurationSeconds, Language: in.Language,
			Hashtags: in.Hashtags, HashtagsSet: in.Hashtags != nil, TopicSlugs: in.TopicSlugs, TopicsSet: in.TopicSlugs != nil,
		},
		OrganizationID: in.OrganizationID, ContentID: in.ContentID,
	}
}

func updateFields(in model.UpdateSubmissionInput) workflow.Fields {
	return workflow.Fields{
		Kind: in.Kind, Title: in.Title, Summary: in.Summary, Body: in.Body, MediaURL: in.MediaURL,
		ThumbnailURL: in.ThumbnailURL, DurationSeconds: in.DurationSeconds, Language: in.Language,
		Hashtags: in.Hashtags, HashtagsSet: in.Hashtags != nil, TopicSlugs: in.TopicSlugs, TopicsSet: in.TopicSlugs != nil,
	}
}

func approveArgs(in *model.ApproveInput) (string, []workflow.SafeMessagingCheck) {
	if in == nil {
		return "", nil
	}
	note := ""
	if in.Note != nil {
		note = *in.Note
	}
	return note, in.Checks
}

func (r *queryResolver) submissions(ctx context.Context, after cursor, first *int, before cursor, last *int, orderBy *ent.SubmissionOrder, where *ent.SubmissionWhereInput) (*ent.SubmissionConnection, error) {
	if _, err := access.Require(ctx, access.SubmissionRead); err != nil {
		return nil, err
	}
	var zero ent.Value // the default order is by ID
	if orderBy != nil && orderBy.Field != nil {
		var err error
		if zero, err = orderBy.Field.Value(&ent.Submission{}); err != nil {
			return nil, err
		}
	}
	first, last, err := checkPage(after, first, before, last, zero)
	if err != nil {
		return nil, err
	}
	// Privacy scopes the rows to what the viewer's roles may see.
	return r.Client.Submission.Query().
		Paginate(ctx, after, first, before, last, ent.WithSubmissionOrder(orderBy), ent.WithSubmissionFilter(where.Filter))
}

func (r *queryResolver) moderationQueue(ctx context.Context, after cursor, first *int) (*ent.SubmissionConnection, error) {
	if _, err := access.Require(ctx, access.QueueRead); err != nil {
		return nil, err
	}
	first, _, err := checkPage(after, first, nil, nil, "")
	if err != nil {
		return nil, err
	}
	// workflow defines the queue: its statuses, and its order by queue key, ascending.
	return r.Client.Submission.Query().
		Where(submission.StatusIn(workflow.QueueStatuses...)).
		Paginate(ctx, after, first, nil, nil, ent.WithSubmissionOrder(&ent.SubmissionOrder{
			Direction: entgql.OrderDirectionAsc, Field: ent.SubmissionOrderFieldQueueKey,
		}))
}
