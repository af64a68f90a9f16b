package workflow

import (
	"slices"

	"haven/access"
	"haven/ent/content"
	"haven/ent/submission"
)

// Status is a submission's status.
type Status = submission.Status

// The statuses, named as in the contract.
const (
	Draft            = submission.StatusDRAFT
	Submitted        = submission.StatusSUBMITTED
	InReview         = submission.StatusIN_REVIEW
	ChangesRequested = submission.StatusCHANGES_REQUESTED
	Approved         = submission.StatusAPPROVED
	Rejected         = submission.StatusREJECTED
	Withdrawn        = submission.StatusWITHDRAWN
	Scheduled        = submission.StatusSCHEDULED
	Published        = submission.StatusPUBLISHED
	Superseded       = submission.StatusSUPERSEDED
)

// QueueStatuses are the statuses of the submissions in the moderation queue. The queue is
// ordered by queue key, ascending (QueueKey).
var QueueStatuses = []Status{Submitted, InReview}

// InQueue reports whether a submission of status s is in the moderation queue.
func InQueue(s Status) bool { return slices.Contains(QueueStatuses, s) }

// Action is a move of the workflow.
type Action string

// The actions. Their string is the audit log's action name after "submission.".
const (
	Edit           Action = "edit"
	Submit         Action = "submit"
	Withdraw       Action = "withdraw"
	Claim          Action = "claim"
	Release        Action = "release"
	Approve        Action = "approve"
	RequestChanges Action = "request_changes"
	Reject         Action = "reject"
	Appeal         Action = "appeal"
	Publish        Action = "publish"
	Schedule       Action = "schedule"
	CancelSchedule Action = "cancel_schedule"
	PublishDue     Action = "publish_due"
	Supersede      Action = "supersede"
)

// Actor says who may take an action.
type Actor int

// The kinds of actor.
const (
	// Owner is the submission's author, or a member (org_member) of its organization.
	Owner Actor = iota
	// Reviewer is a moderator or clinical reviewer who did not author the submission and is not
	// a member of its organization.
	Reviewer
	// Publisher is a publisher who did not approve the revision and is not its owner.
	Publisher
	// System is the scheduler and the workflow itself.
	System
)

// Transition is one legal move: the action, the statuses it starts from, where it ends, and who
// may take it.
type Transition struct {
	Action Action
	From   []Status
	To     Status
	By     Actor
}

// Transitions is the one table that says which move is legal from which status. The API, the
// scheduler and the tests all consult it; nothing else decides.
var Transitions = []Transition{
	{Edit, []Status{Draft}, Draft, Owner},
	{Edit, []Status{ChangesRequested}, ChangesRequested, Owner},
	{Submit, []Status{Draft, ChangesRequested}, Submitted, Owner},
	{Withdraw, []Status{Draft, Submitted, ChangesRequested}, Withdrawn, Owner},
	{Claim, []Status{Submitted}, InReview, Reviewer},
	{Release, []Status{InReview}, Submitted, Reviewer},
	{Approve, []Status{Submitted, InReview}, Approved, Reviewer},
	{RequestChanges, []Status{Submitted, InReview}, ChangesRequested, Reviewer},
	{Reject, []Status{Submitted, InReview}, Rejected, Reviewer},
	{Appeal, []Status{Rejected}, Submitted, Owner},
	{Publish, []Status{Approved}, Published, Publisher},
	{Schedule, []Status{Approved}, Scheduled, Publisher},
	{CancelSchedule, []Status{Scheduled}, Approved, Publisher},
	{PublishDue, []Status{Scheduled}, Published, System},
	{Supersede, []Status{Published}, Superseded, System},
}

// Next returns where action leads from status, and whether the move is legal.
func Next(action Action, from Status) (Status, bool) {
	for _, t := range Transitions {
		if t.Action != action {
			continue
		}
		for _, f := range t.From {
			if f == from {
				return t.To, true
			}
		}
	}
	return "", false
}

// ActorOf returns who may take action.
func ActorOf(action Action) Actor {
	for _, t := range Transitions {
		if t.Action == action {
			return t.By
		}
	}
	return System
}

// permission is the action of the permission matrix that lets a viewer take an actor's actions
// at all; ownership and the separation-of-duties rules narrow it further per submission.
var permission = map[Actor]access.Action{
	Owner:     access.SubmissionAuthor,
	Reviewer:  access.SubmissionReview,
	Publisher: access.SubmissionPublish,
}

// Permission returns the action of the permission matrix that lets a viewer take an actor's
// actions at all, and false for the system actor, which the matrix does not list.
func Permission(a Actor) (access.Action, bool) {
	p, ok := permission[a]
	return p, ok
}

// ContentAction is a move of live content.
type ContentAction string

// The content actions.
const (
	Unpublish ContentAction = "unpublish"
	TakeDown  ContentAction = "take_down"
)

// ContentTransitions is the table of moves of live content, with the action of the permission
// matrix that lets a viewer make them.
var ContentTransitions = []struct {
	Action     ContentAction
	From       []content.Status
	To         content.Status
	Permission access.Action
}{
	{Unpublish, []content.Status{content.StatusLIVE}, content.StatusUNPUBLISHED, access.ContentUnpublish},
	{TakeDown, []content.Status{content.StatusLIVE, content.StatusUNPUBLISHED}, content.StatusREMOVED, access.ContentTakeDown},
}

// NextContent returns where a content action leads from status, the permission it needs, and
// whether the move is legal.
func NextContent(action ContentAction, from content.Status) (content.Status, access.Action, bool) {
	for _, t := range ContentTransitions {
		if t.Action != action {
			continue
		}
		for _, f := range t.From {
			if f == from {
				return t.To, t.Permission, true
			}
		}
		return "", t.Permission, false
	}
	return "", "", false
}
