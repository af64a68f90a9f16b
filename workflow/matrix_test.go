package workflow_test

import (
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"haven/apptest"
	"haven/auth"
	"haven/ent"
	"haven/ent/content"
	"haven/workflow"
)

const (
	cancelPublishOp = `mutation($id: ID!, $v: Int!) { cancelScheduledPublish(id: $id, expectedVersion: $v) { id status version } }`
	createProfileOp = `mutation($in: CreateCreatorProfileInput!) { createCreatorProfile(input: $in) { id handle } }`
	createOrgOp     = `mutation($in: CreateOrganizationInput!) { createOrganization(input: $in) { id slug } }`
	addMemberOp     = `mutation($id: ID!, $subject: String!) { addOrganizationMember(organizationID: $id, subject: $subject) { id } }`
)

// designRoles is DESIGN.md's role table: the roles that may take each kind of workflow action at
// all, before ownership and separation of duties narrow them per submission.
var designRoles = map[workflow.Actor][]auth.Role{
	workflow.Owner:     {auth.RoleCreator, auth.RoleOrgMember},
	workflow.Reviewer:  {auth.RoleModerator, auth.RoleClinicalReviewer},
	workflow.Publisher: {auth.RolePublisher},
}

// designContentRoles is DESIGN.md's row for the moves of live content.
var designContentRoles = map[workflow.ContentAction][]auth.Role{
	workflow.Unpublish: {auth.RolePublisher},
	workflow.TakeDown:  {auth.RoleModerator, auth.RoleClinicalReviewer},
}

var staffRoles = []auth.Role{auth.RoleModerator, auth.RoleClinicalReviewer, auth.RolePublisher, auth.RoleAdmin}

// column is one viewer of the matrix.
type column struct {
	name  string
	roles []auth.Role
	owner bool // the author, or a member of the organization the object belongs to
}

func (c column) anonymous() bool { return c.name == "anonymous" }
func (c column) has(roles ...auth.Role) bool {
	return slices.ContainsFunc(c.roles, func(r auth.Role) bool { return slices.Contains(roles, r) })
}
func (c column) reviewer() bool { return c.has(designRoles[workflow.Reviewer]...) }

func (c column) roleNames() []string {
	out := make([]string, len(c.roles))
	for i, r := range c.roles {
		out[i] = string(r)
	}
	return out
}

// strangers are every role on its own, none of them owning the object under test: the creator
// has a creator profile of their own, the org_member belongs to another organization.
var strangers = []column{
	{name: "anonymous"},
	{name: "creator", roles: []auth.Role{auth.RoleCreator}},
	{name: "org_member", roles: []auth.Role{auth.RoleOrgMember}},
	{name: "moderator", roles: []auth.Role{auth.RoleModerator}},
	{name: "clinical_reviewer", roles: []auth.Role{auth.RoleClinicalReviewer}},
	{name: "publisher", roles: []auth.Role{auth.RolePublisher}},
	{name: "admin", roles: []auth.Role{auth.RoleAdmin}},
}

// ownership says who owns the objects of a matrix run: a creator through their profile, or the
// members of an organization (the author and a co-member).
type ownership struct {
	name   string
	org    bool
	owners []column
}

var ownerships = []ownership{
	{name: "creator-owned", owners: []column{{name: "owner", roles: []auth.Role{auth.RoleCreator}, owner: true}}},
	{name: "organization-owned", org: true, owners: []column{
		{name: "owner", roles: []auth.Role{auth.RoleOrgMember}, owner: true},
		{name: "co_member", roles: []auth.Role{auth.RoleOrgMember}, owner: true},
	}},
}

// seesSubmission is DESIGN.md's "see submissions" row.
func seesSubmission(c column, s workflow.Status) bool {
	switch {
	case c.owner:
		return true
	case c.has(auth.RoleModerator, auth.RoleClinicalReviewer, auth.RoleAdmin):
		return s != workflow.Draft
	case c.has(auth.RolePublisher):
		return slices.Contains([]workflow.Status{workflow.Approved, workflow.Scheduled, workflow.Published, workflow.Superseded}, s)
	}
	return false
}

// seesContent: live content is public; staff and owners see the rest.
func seesContent(c column, s content.Status) bool {
	return s == content.StatusLIVE || c.owner || c.has(staffRoles...)
}

// mutation is the GraphQL face of a workflow action: its field, operation and the variables it
// needs beside the object's ID (and expectedVersion).
type mutation struct {
	field, op string
	args      func(now time.Time) map[string]any
}

var decision = func(time.Time) map[string]any {
	return map[string]any{"in": map[string]any{"reason": "QUALITY", "note": "Please cite a source."}}
}

// actionMutations maps every action of the transition table a person takes to its mutation.
var actionMutations = map[workflow.Action]mutation{
	workflow.Edit: {"updateSubmission", updateSubmission, func(time.Time) map[string]any {
		return map[string]any{"in": map[string]any{"title": "Edited title"}}
	}},
	workflow.Submit:   {"submitSubmission", submitOp, nil},
	workflow.Withdraw: {"withdrawSubmission", withdrawOp, nil},
	workflow.Claim:    {"claimSubmission", claimOp, nil},
	workflow.Release:  {"releaseSubmission", releaseOp, nil},
	workflow.Approve: {"approveSubmission", approveOp, func(time.Time) map[string]any {
		return map[string]any{"in": map[string]any{"checks": workflow.SafeMessagingChecks}}
	}},
	workflow.RequestChanges: {"requestChanges", requestChangesOp, decision},
	workflow.Reject:         {"rejectSubmission", rejectOp, decision},
	workflow.Appeal: {"appealSubmission", appealOp, func(time.Time) map[string]any {
		return map[string]any{"note": "Please look again."}
	}},
	workflow.Publish: {"publishSubmission", publishOp, nil},
	workflow.Schedule: {"publishSubmission", publishOp, func(now time.Time) map[string]any {
		return map[string]any{"at": now.Add(48 * time.Hour).Format(time.RFC3339)}
	}},
	workflow.CancelSchedule: {"cancelScheduledPublish", cancelPublishOp, nil},
}

var contentMutations = map[workflow.ContentAction]mutation{
	workflow.Unpublish: {"unpublishContent", unpublishOp, func(time.Time) map[string]any {
		return map[string]any{"reason": "outdated statistics"}
	}},
	workflow.TakeDown: {"takeDownContent", takeDownOp, func(time.Time) map[string]any {
		return map[string]any{"reason": "HARMFUL", "note": "Unsafe detail."}
	}},
}

// row is one line of the matrix: a mutation applied to an object in its start state.
type row struct {
	name, field, op string
	roles           []auth.Role                   // who may take the action at all; nil: anyone, anonymous included
	sees            func(c column) bool           // whether c may know the object exists; nil: everyone
	actsFor         func(org bool, c column) bool // ownership the action needs beyond the role; nil: none
	bare            bool                          // nobody in the world has a creator profile yet
	setup           func(t *testing.T, w *world) target
}

// target is the object a case acts on.
type target struct {
	vars   map[string]any
	idVar  string // the variable holding the object's ID
	subID  string // the submission the action moves, if any
	status string // the status a success reports
}

// want is the code the row's mutation must answer c with; "" is success.
func (r row) want(org bool, c column) string {
	switch {
	case r.roles == nil:
		return ""
	case c.anonymous():
		return "UNAUTHENTICATED"
	case !c.has(r.roles...):
		return "FORBIDDEN"
	case r.sees != nil && !r.sees(c):
		return "NOT_FOUND"
	case r.actsFor != nil && !r.actsFor(org, c):
		return "FORBIDDEN"
	}
	return ""
}

// matrixRows is the one table of the matrix. Its submission rows come from the transition table
// (every action a person takes, from every status it starts from), its content rows from the
// content transition table; the rest are the mutations beside the workflow.
func matrixRows(t *testing.T) []row {
	var rows []row
	for _, tr := range workflow.Transitions {
		if tr.By == workflow.System {
			continue
		}
		m, ok := actionMutations[tr.Action]
		if !ok {
			t.Fatalf("no mutation takes the action %q of the transition table", tr.Action)
		}
		for _, from := range tr.From {
			r := row{
				name: fmt.Sprintf("%s(%s) from %s", m.field, tr.Action, from), field: m.field, op: m.op,
				roles: designRoles[tr.By],
				sees:  func(c column) bool { return seesSubmission(c, from) },
				setup: func(t *testing.T, w *world) target {
					s := w.submission(t, from)
					return target{vars: w.args(m, s), idVar: "id", subID: s.ID, status: string(tr.To)}
				},
			}
			if tr.By == workflow.Owner {
				r.actsFor = func(_ bool, c column) bool { return c.owner }
			} else {
				r.actsFor = func(_ bool, c column) bool { return !c.owner }
			}
			rows = append(rows, r)
		}
	}
	for _, ct := range workflow.ContentTransitions {
		m := contentMutations[ct.Action]
		for _, from := range ct.From {
			rows = append(rows, row{
				name: fmt.Sprintf("%s from %s", m.field, from), field: m.field, op: m.op, roles: designContentRoles[ct.Action],
				sees: func(c column) bool { return seesContent(c, from) },
				setup: func(t *testing.T, w *world) target {
					vars := w.args(m, sub{})
					vars["id"] = apptest.GID(w.content(t, from).ID)
					return target{vars: vars, idVar: "id", status: string(ct.To)}
				},
			})
		}
	}
	return append(rows,
		row{name: "createSubmission", field: "createSubmission", op: createSubmission, roles: designRoles[workflow.Owner],
			// The owner's organization, or (submitting as a creator) a creator profile of one's own.
			actsFor: func(org bool, c column) bool { return c.owner || !org && c.has(auth.RoleCreator) },
			setup: func(_ *testing.T, w *world) target {
				return target{vars: map[string]any{"in": w.draftInput()}, status: string(workflow.Draft)}
			}},
		row{name: "reportContent", field: "reportContent", op: reportOp,
			setup: func(t *testing.T, w *world) target {
				return target{vars: map[string]any{"id": apptest.GID(w.content(t, content.StatusLIVE).ID), "reason": "MISINFORMATION"}, idVar: "id"}
			}},
		row{name: "resolveReport(DISMISS)", field: "resolveReport", op: resolveReportOp, roles: designRoles[workflow.Reviewer],
			setup: func(t *testing.T, w *world) target {
				return target{vars: map[string]any{"id": w.report(t), "action": "DISMISS"}, idVar: "id", status: "DISMISSED"}
			}},
		row{name: "resolveReport(TAKE_DOWN)", field: "resolveReport", op: resolveReportOp, roles: designRoles[workflow.Reviewer],
			setup: func(t *testing.T, w *world) target {
				return target{vars: map[string]any{"id": w.report(t), "action": "TAKE_DOWN", "note": "Unsafe."}, idVar: "id", status: "ACTIONED"}
			}},
		row{name: "createCreatorProfile", field: "createCreatorProfile", op: createProfileOp, roles: []auth.Role{auth.RoleCreator}, bare: true,
			setup: func(_ *testing.T, w *world) target {
				return target{vars: map[string]any{"in": map[string]any{"handle": fmt.Sprintf("new.%d", w.n), "displayName": "New Creator"}}}
			}},
		row{name: "createOrganization", field: "createOrganization", op: createOrgOp, roles: []auth.Role{auth.RoleAdmin},
			setup: func(_ *testing.T, w *world) target {
				return target{vars: map[string]any{"in": map[string]any{"slug": fmt.Sprintf("new-org-%d", w.n), "name": "New Org"}}}
			}},
		row{name: "addOrganizationMember", field: "addOrganizationMember", op: addMemberOp, roles: []auth.Role{auth.RoleAdmin},
			setup: func(t *testing.T, w *world) target {
				org := w.orgRow
				if org == nil {
					org = w.organization(t, fmt.Sprintf("club-%d", w.n))
				}
				return target{vars: map[string]any{"id": apptest.GID(org.ID), "subject": fmt.Sprintf("newcomer-%d", w.n)}, idVar: "id"}
			}},
	)
}

// apiMutations are the workflow mutations of API.md, and cancelScheduledPublish of the schema;
// the matrix must cover each.
var apiMutations = []string{
	"createSubmission", "updateSubmission", "submitSubmission", "withdrawSubmission", "claimSubmission",
	"releaseSubmission", "approveSubmission", "requestChanges", "rejectSubmission", "appealSubmission",
	"publishSubmission", "cancelScheduledPublish", "unpublishContent", "takeDownContent", "reportContent",
	"resolveReport", "createCreatorProfile", "createOrganization", "addOrganizationMember",
}

// TestAuthorizationMatrix applies every workflow mutation, to an object built fresh in the state
// the mutation starts from, as every role on its own and as the object's owners, and checks the
// exact answer: UNAUTHENTICATED for anonymous viewers, FORBIDDEN for roles that may never take
// the action (checked before the object is loaded), NOT_FOUND for objects the viewer's roles may
// not see, FORBIDDEN for someone else's object they can see, success otherwise. A refusal changes
// nothing, and a refusal by role or visibility is the same answer for an ID that does not exist.
func TestAuthorizationMatrix(t *testing.T) {
	rows := matrixRows(t)
	for _, name := range apiMutations {
		if !slices.ContainsFunc(rows, func(r row) bool { return r.field == name }) {
			t.Errorf("the matrix has no row for %s", name)
		}
	}
	h := apptest.New(t)
	h.Topic("anxiety").Create()
	for _, own := range ownerships {
		columns := append(slices.Clone(strangers), own.owners...)
		var table strings.Builder
		fmt.Fprintf(&table, "%-56s", own.name)
		for _, c := range columns {
			fmt.Fprintf(&table, " %-17s", c.name)
		}
		for _, r := range rows {
			fmt.Fprintf(&table, "\n%-56s", r.name)
			for _, c := range columns {
				fmt.Fprintf(&table, " %-17s", orOK(r.want(own.org, c)))
			}
		}
		t.Logf("authorization matrix:\n%s", table.String())
		t.Run(own.name, func(t *testing.T) {
			for _, r := range rows {
				t.Run(r.name, func(t *testing.T) {
					t.Parallel()
					for _, c := range columns {
						t.Run(c.name, func(t *testing.T) {
							runCase(t, newWorld(t, h, own, c, r.bare), r, c, r.want(own.org, c))
						})
					}
				})
			}
		})
	}
}

func runCase(t *testing.T, w *world, r row, c column, want string) {
	tg := r.setup(t, w)
	var before *ent.Submission
	if tg.subID != "" {
		before = w.load(t, tg.subID)
	}
	res := call(t, w.h, w.tokens[c.name], r.op, tg.vars)
	if got := res.Code(); got != want {
		t.Fatalf("%s as %s: code %q, want %q: %s", r.name, c.name, got, want, res.Raw)
	}
	if want == "" {
		var data map[string]json.RawMessage
		res.Decode(t, &data)
		if tg.status != "" {
			var out struct{ Status string }
			if err := json.Unmarshal(data[r.field], &out); err != nil || out.Status != tg.status {
				t.Fatalf("%s as %s: status %s, want %s (%v)", r.name, c.name, data[r.field], tg.status, err)
			}
		}
		return
	}
	if before != nil {
		after := w.load(t, tg.subID)
		if after.Status != before.Status || after.Version != before.Version {
			t.Fatalf("a refused %s changed the submission: %s v%d -> %s v%d", r.name, before.Status, before.Version, after.Status, after.Version)
		}
	}
	byRole := c.anonymous() || (r.roles != nil && !c.has(r.roles...))
	if tg.idVar != "" && (byRole || want == "NOT_FOUND") {
		vars := map[string]any{}
		for k, v := range tg.vars {
			vars[k] = v
		}
		var id int
		fmt.Sscan(fmt.Sprint(tg.vars[tg.idVar]), &id)
		vars[tg.idVar] = apptest.GID(id + 1_000_000)
		if got := call(t, w.h, w.tokens[c.name], r.op, vars).Code(); got != want {
			t.Fatalf("%s as %s on an ID that does not exist: code %q, want %q as for the real one", r.name, c.name, got, want)
		}
	}
}

func orOK(code string) string {
	if code == "" {
		return "ok"
	}
	return code
}
