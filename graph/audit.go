package graph

import (
	"context"

	"haven/access"
	"haven/audit"
	"haven/ent"
	"haven/ent/auditevent"
	"haven/ent/privacy"
	"haven/graph/model"
)

func (r *queryResolver) auditEvents(ctx context.Context, after cursor, first *int, entityID *int) (*ent.AuditEventConnection, error) {
	if _, err := access.Require(ctx, access.AuditRead); err != nil {
		return nil, err
	}
	first, _, err := checkPage(after, first, nil, nil, nil) // ordered by ID alone
	if err != nil {
		return nil, err
	}
	q := r.Client.AuditEvent.Query()
	if entityID != nil {
		q.Where(auditevent.EntityID(*entityID))
	}
	return q.Paginate(ctx, after, first, nil, nil)
}

func (r *queryResolver) verifyAuditLog(ctx context.Context) (*model.AuditVerification, error) {
	if _, err := access.Require(ctx, access.AuditVerify); err != nil {
		return nil, err
	}
	res, err := audit.Verify(ctx, r.Client)
	if err != nil {
		return nil, err
	}
	return &model.AuditVerification{Ok: res.OK, Checked: res.Checked, BrokenAt: res.BrokenAt}, nil
}

// history lists a submission's audit events. The viewer can see the submission (it was resolved
// through privacy), so its history is theirs to read, staff or author; who acted is shown per
// viewer by the AuditEvent.actor resolver.
func (r *submissionResolver) history(ctx context.Context, obj *ent.Submission) ([]*ent.AuditEvent, error) {
	return r.Client.AuditEvent.Query().
		Where(auditevent.EntityType("Submission"), auditevent.EntityID(obj.ID)).
		Order(ent.Asc(auditevent.FieldSeq)).
		All(privacy.DecisionContext(ctx, privacy.Allow))
}

// auditActor is who the viewer may learn acted, by access's visibility rule.
func (r *Resolver) auditActor(ctx context.Context, e *ent.AuditEvent) (string, error) {
	if access.SeesEveryActor(ctx) {
		return e.Actor, nil
	}
	if e.Action == "" {
		// Field collection loaded only the columns the client asked for; the rule needs action.
		row, err := r.Client.AuditEvent.Query().Where(auditevent.ID(e.ID)).
			Select(auditevent.FieldAction, auditevent.FieldActor).Only(privacy.DecisionContext(ctx, privacy.Allow))
		if err != nil {
			return "", err
		}
		e = row
	}
	return access.MaskActor(ctx, e.Action, e.Actor), nil
}
