package seed

import (
	"haven/ent/schema/enum"
	"haven/workflow"

	"fmt"
	"strings"
	"time"

	"haven/ent"
	"haven/ent/content"
	"haven/ent/submission"
)

// tagName is the Hashtag row name of a hashtag as written: lower case, without '#'.
func tagName(tag string) string { return strings.ToLower(strings.TrimPrefix(tag, "#")) }

// hashtags creates the Hashtag rows of the live content.
func (s *seeder) hashtags() error {
	var names []string
	seen := map[string]bool{}
	for _, p := range pieces {
		for _, t := range p.hashtags {
			if n := tagName(t); !seen[n] {
				seen[n] = true
				names = append(names, n)
			}
		}
	}
	builders := make([]*ent.HashtagCreate, len(names))
	for i, n := range names {
		builders[i] = s.c.Hashtag.Create().SetName(n)
	}
	created, err := s.c.Hashtag.CreateBulk(builders...).Save(s.ctx)
	if err != nil {
		return err
	}
	s.hashtagIDs = map[string]int{}
	for _, h := range created {
		s.hashtagIDs[h.Name] = h.ID
	}
	return nil
}

func (s *seeder) sensitive(p pieceSpec) bool {
	for _, t := range p.topics {
		if s.sensitiveTopics[t] {
			return true
		}
	}
	return false
}

func (s *seeder) topicIDsOf(p pieceSpec) ([]int, error) {
	ids := make([]int, len(p.topics))
	for i, t := range p.topics {
		id, ok := s.topicIDs[t]
		if !ok {
			return nil, fmt.Errorf("%q: unknown topic %q", p.title, t)
		}
		ids[i] = id
	}
	return ids, nil
}

// refs resolves a piece's creator and organization.
func (s *seeder) refs(p pieceSpec) (creatorID, orgID *int, err error) {
	if p.creator != "" {
		id, ok := s.creatorIDs[p.creator]
		if !ok {
			return nil, nil, fmt.Errorf("%q: unknown creator @%s", p.title, p.creator)
		}
		creatorID = &id
	}
	if p.org != "" {
		id, ok := s.orgIDs[p.org]
		if !ok {
			return nil, nil, fmt.Errorf("%q: unknown organization %s", p.title, p.org)
		}
		orgID = &id
	}
	if creatorID == nil && orgID == nil {
		return nil, nil, fmt.Errorf("%q: neither creator nor organization", p.title)
	}
	return creatorID, orgID, nil
}

// author is the subject whose account authored a live piece's submission: the creator's owner,
// or for an organization's own piece demo-org-member (NAMI, AFSP) or the organization's demo member.
func author(p pieceSpec) string {
	switch {
	case p.creator != "":
		return creatorSubject(p.creator)
	case demoOrgMemberOf[p.org]:
		return subjectOrgMember
	default:
		return orgSubject(p.org)
	}
}

func optString(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}

func optInt(n int) *int {
	if n == 0 {
		return nil
	}
	return &n
}

// thumbnail is the thumbnail URL of a video: the video URL with a .jpg extension.
func thumbnail(p pieceSpec) *string {
	if p.media == "" || !strings.HasSuffix(p.media, ".mp4") {
		return nil
	}
	return optString(strings.TrimSuffix(p.media, ".mp4") + ".jpg")
}

// content creates the live content and, for each piece, the PUBLISHED submission it was copied
// from (copy-on-publish).
func (s *seeder) content() error {
	n := len(pieces)
	stride := coprimeStride(n)
	// Publication times are spread over the 29 days before now, one slot per piece, in an order
	// that interleaves creators.
	spacing := 29 * 24 * time.Hour / time.Duration(n)
	base := s.now.Truncate(time.Minute)
	s.contentIDs = make([]int, n)
	for i, p := range pieces {
		slot := (i * stride) % n
		publishedAt := base.Add(-time.Duration(slot)*spacing - 2*time.Hour - time.Duration(i%5)*7*time.Minute)
		submittedAt := publishedAt.Add(-20*time.Hour - time.Duration(i%3)*3*time.Hour)
		sensitive := s.sensitive(p)
		topicIDs, err := s.topicIDsOf(p)
		if err != nil {
			return err
		}
		creatorID, orgID, err := s.refs(p)
		if err != nil {
			return err
		}
		tagIDs := make([]int, len(p.hashtags))
		for j, t := range p.hashtags {
			id, ok := s.hashtagIDs[tagName(t)]
			if !ok {
				return fmt.Errorf("%q: no hashtag row for %s", p.title, t)
			}
			tagIDs[j] = id
		}
		warning := content.ContentWarningNONE
		if sensitive {
			warning = content.ContentWarningSENSITIVE
		}
		live, err := s.c.Content.Create().
			SetKind(p.kind).
			SetTitle(p.title).
			SetSummary(p.summary).
			SetNillableBody(optString(p.body)).
			SetNillableMediaURL(optString(p.media)).
			SetNillableThumbnailURL(thumbnail(p)).
			SetNillableDurationSeconds(optInt(p.duration)).
			SetLanguage(p.language).
			SetHashtags(p.hashtags).
			SetStatus(content.StatusLIVE).
			SetContentWarning(warning).
			SetClinicallyReviewed(sensitive).
			SetPublishedAt(publishedAt).
			SetCreatedAt(publishedAt).
			SetUpdatedAt(publishedAt).
			SetNillableCreatorID(creatorID).
			SetNillableOrganizationID(orgID).
			AddTopicIDs(topicIDs...).
			AddTagIDs(tagIDs...).
			Save(s.ctx)
		if err != nil {
			return fmt.Errorf("%q: %w", p.title, err)
		}
		s.contentIDs[i] = live.ID

		approver, checks := approverDefault, []enum.SafeMessagingCheck{}
		if sensitive {
			approver, checks = approverSensitive, safeMessagingChecks
		}
		// Version counts the submission's changes: created, submitted, claimed, approved, published.
		err = s.revision(p, author(p), creatorID, orgID, topicIDs).
			SetStatus(submission.StatusPUBLISHED).
			SetVersion(5).
			SetSensitive(sensitive).
			SetSubmittedAt(submittedAt).
			SetQueueKey(workflow.QueueKey(false, sensitive, submittedAt)).
			SetDecidedBy(approver).
			SetApprovedBy(approver).
			SetChecks(checks).
			SetPublishedBy(publisher).
			SetPublishedAt(publishedAt).
			SetContentID(live.ID).
			SetCreatedAt(submittedAt.Add(-3 * time.Hour)).
			SetUpdatedAt(publishedAt).
			Exec(s.ctx)
		if err != nil {
			return fmt.Errorf("submission of %q: %w", p.title, err)
		}
	}
	return nil
}

// revision starts a Submission with a piece's proposed fields and owners.
func (s *seeder) revision(p pieceSpec, authorSubject string, creatorID, orgID *int, topicIDs []int) *ent.SubmissionCreate {
	return s.c.Submission.Create().
		SetKind(p.kind).
		SetTitle(p.title).
		SetSummary(p.summary).
		SetNillableBody(optString(p.body)).
		SetNillableMediaURL(optString(p.media)).
		SetNillableThumbnailURL(thumbnail(p)).
		SetNillableDurationSeconds(optInt(p.duration)).
		SetLanguage(p.language).
		SetHashtags(p.hashtags).
		SetAuthorID(s.accountIDs[authorSubject]).
		SetNillableCreatorID(creatorID).
		SetNillableOrganizationID(orgID).
		AddTopicIDs(topicIDs...)
}

// workflow creates the submissions left for the demo: two waiting in the moderation queue, a
// draft and an approved one ready to publish.
func (s *seeder) workflow() error {
	base := s.now.Truncate(time.Minute)
	for _, w := range pending {
		p := w.piece
		sensitive := s.sensitive(p)
		topicIDs, err := s.topicIDsOf(p)
		if err != nil {
			return err
		}
		creatorID, orgID, err := s.refs(p)
		if err != nil {
			return err
		}
		create := s.revision(p, w.author, creatorID, orgID, topicIDs).
			SetStatus(submission.Status(w.status)).
			SetVersion(w.version).
			SetSensitive(sensitive)
		if w.ago == 0 {
			create.SetCreatedAt(base.Add(-2 * time.Hour))
		} else {
			// The workflow sets the queue key on submit and leaves it after the decision.
			submittedAt := base.Add(-time.Duration(w.ago) * time.Hour)
			create.SetSubmittedAt(submittedAt).SetCreatedAt(submittedAt.Add(-time.Hour)).
				SetQueueKey(workflow.QueueKey(false, sensitive, submittedAt))
		}
		if submission.Status(w.status) == submission.StatusAPPROVED {
			approver, checks := approverDefault, []enum.SafeMessagingCheck{}
			if sensitive {
				approver, checks = approverSensitive, safeMessagingChecks
			}
			create.SetDecidedBy(approver).SetApprovedBy(approver).SetChecks(checks)
		}
		if err := create.Exec(s.ctx); err != nil {
			return fmt.Errorf("%q: %w", p.title, err)
		}
	}
	return nil
}
