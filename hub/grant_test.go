package hub_test

import (
	"fmt"
	"haven/hub"
	"sync"
	"testing"

	"haven/ent/adcreditgrant"
)

const (
	setBudget = `mutation($c: ID!, $amount: Int!) { setAdCreditBudget(campaignID: $c, amountCents: $amount) { id adCreditBudgetCents } }`
	propose   = `mutation($in: ProposeAdCreditGrantInput!) {
  proposeAdCreditGrant(input: $in) { id status amountCents note proposedBy campaign { slug } organization { slug } }
}`
	approve = `mutation($id: ID!) { approveAdCreditGrant(id: $id) { id status approvedBy approvedAt } }`
	revoke  = `mutation($id: ID!, $reason: String!) { revokeAdCreditGrant(id: $id, reason: $reason) { id status revokedBy revokeReason } }`
)

type grant struct {
	ID, Status, ProposedBy string
	AmountCents            int
	ApprovedBy, RevokedBy  *string
}

func (h *scene) propose(token, campaignID, orgID string, cents int) grant {
	h.t.Helper()
	var out struct{ ProposeAdCreditGrant grant }
	h.Query(token, propose, map[string]any{"in": map[string]any{
		"campaignID": campaignID, "organizationID": orgID, "amountCents": cents, "note": "Awareness Month ads",
	}}, &out)
	return out.ProposeAdCreditGrant
}

func (h *scene) budget(token, campaignID string, cents int) {
	h.t.Helper()
	h.Query(token, setBudget, map[string]any{"c": campaignID, "amount": cents}, nil)
}

func TestGrantFourEyes(t *testing.T) {
	h := newScene(t)
	cid := h.campaign("awareness")
	nami := id(h.Organization("nami").Create().ID)
	h.budget(h.admin, cid, 1_000_00)

	g := h.propose(h.admin, cid, nami, 600_00)
	if g.Status != "PROPOSED" || g.ProposedBy != "ada-admin" || g.AmountCents != 600_00 {
		t.Fatalf("proposed %+v", g)
	}
	// The proposer may not approve, whatever roles they hold.
	everything := h.Token("ada-admin", "admin", "publisher", "moderator", "clinical_reviewer", "creator", "org_member")
	h.Fail("FORBIDDEN", everything, approve, map[string]any{"id": g.ID})
	h.Fail("FORBIDDEN", h.publisher, approve, map[string]any{"id": g.ID})
	h.Fail("UNAUTHENTICATED", anonymous, approve, map[string]any{"id": g.ID})
	h.Fail("NOT_FOUND", h.admin2, approve, map[string]any{"id": cid})

	var out struct{ ApproveAdCreditGrant grant }
	h.Query(h.admin2, approve, map[string]any{"id": g.ID}, &out)
	if a := out.ApproveAdCreditGrant; a.Status != "APPROVED" || a.ApprovedBy == nil || *a.ApprovedBy != "abe-admin" {
		t.Fatalf("approved %+v", a)
	}
	if h.auditCount("grant.approve", g.ID) != 1 || h.auditCount("grant.propose", g.ID) != 1 {
		t.Fatal("grant not audited")
	}
	h.Fail("INVALID_TRANSITION", h.Token("ann-admin", "admin"), approve, map[string]any{"id": g.ID})

	// 600 approved of 1,000: 500 more does not fit, 400 does.
	over := h.propose(h.admin2, cid, nami, 500_00)
	h.Fail("BUDGET_EXCEEDED", h.admin, approve, map[string]any{"id": over.ID})
	fits := h.propose(h.admin2, cid, nami, 400_00)
	h.Query(h.admin, approve, map[string]any{"id": fits.ID}, nil)

	// The budget never drops below what is approved.
	h.Fail("BUDGET_EXCEEDED", h.admin, setBudget, map[string]any{"c": cid, "amount": 999_99})
	h.budget(h.admin, cid, 1_000_00)

	var page struct {
		Campaign struct{ AdCreditsGrantedCents int }
	}
	h.Query(anonymous, `{ campaign(slug: "awareness") { adCreditsGrantedCents } }`, nil, &page)
	if page.Campaign.AdCreditsGrantedCents != 1_000_00 {
		t.Fatalf("granted %d, want 100000", page.Campaign.AdCreditsGrantedCents)
	}

	// Revoking frees the budget; a revoked grant stays revoked.
	var rev struct{ RevokeAdCreditGrant grant }
	h.Query(h.admin, revoke, map[string]any{"id": fits.ID, "reason": "campaign plan changed"}, &rev)
	if rev.RevokeAdCreditGrant.Status != "REVOKED" {
		t.Fatalf("revoked %+v", rev)
	}
	h.Fail("INVALID_TRANSITION", h.admin2, revoke, map[string]any{"id": fits.ID, "reason": "again"})
	h.Fail("INVALID_TRANSITION", h.admin, approve, map[string]any{"id": fits.ID})
	wantField(t, h.Fail("BAD_USER_INPUT", h.admin, revoke, map[string]any{"id": over.ID, "reason": "  "}), "reason")
	h.Fail("FORBIDDEN", h.publisher, revoke, map[string]any{"id": over.ID, "reason": "no"})
	h.Query(anonymous, `{ campaign(slug: "awareness") { adCreditsGrantedCents } }`, nil, &page)
	if page.Campaign.AdCreditsGrantedCents != 600_00 {
		t.Fatalf("granted after revoking %d, want 60000", page.Campaign.AdCreditsGrantedCents)
	}
}

func TestGrantRefusals(t *testing.T) {
	h := newScene(t)
	cid := h.campaign("awareness")
	nami := id(h.Organization("nami").Create().ID)
	in := func(key string, v any) map[string]any {
		m := map[string]any{"campaignID": cid, "organizationID": nami, "amountCents": 100}
		m[key] = v
		return map[string]any{"in": m}
	}
	h.Fail("UNAUTHENTICATED", anonymous, propose, in("note", nil))
	h.Fail("FORBIDDEN", h.publisher, propose, in("note", nil))
	h.Fail("FORBIDDEN", h.user, propose, in("note", nil))
	wantField(t, h.Fail("BAD_USER_INPUT", h.admin, propose, in("amountCents", 0)), "amountCents")
	wantField(t, h.Fail("BAD_USER_INPUT", h.admin, propose, in("amountCents", -5)), "amountCents")
	h.Fail("NOT_FOUND", h.admin, propose, in("campaignID", nami))
	h.Fail("NOT_FOUND", h.admin, propose, in("organizationID", cid))

	h.Fail("UNAUTHENTICATED", anonymous, setBudget, map[string]any{"c": cid, "amount": 10})
	h.Fail("FORBIDDEN", h.publisher, setBudget, map[string]any{"c": cid, "amount": 10})
	wantField(t, h.Fail("BAD_USER_INPUT", h.admin, setBudget, map[string]any{"c": cid, "amount": -1}), "amountCents")
	// Amounts are bounded, so no sum of them can overflow past the budget check.
	wantField(t, h.Fail("BAD_USER_INPUT", h.admin, setBudget, map[string]any{"c": cid, "amount": int64(9223372036854775807)}), "amountCents")
	wantField(t, h.Fail("BAD_USER_INPUT", h.admin, propose, in("amountCents", int64(hub.MaxCents)+1)), "amountCents")
	h.Fail("NOT_FOUND", h.admin, setBudget, map[string]any{"c": nami, "amount": 10})

	// Without a budget nothing can be approved.
	g := h.propose(h.admin, cid, nami, 1)
	h.Fail("BUDGET_EXCEEDED", h.admin2, approve, map[string]any{"id": g.ID})
}

func TestBudgetVisibility(t *testing.T) {
	h := newScene(t)
	cid := h.campaign("awareness")
	h.budget(h.admin, cid, 2_500_000_00)
	const q = `{ campaign(slug: "awareness") { adCreditBudgetCents } }`
	for token, want := range map[string]*int{
		anonymous: nil, h.user: nil, h.creatorRole: nil,
		h.admin: ptr(2_500_000_00), h.publisher: ptr(2_500_000_00),
	} {
		var out struct {
			Campaign struct{ AdCreditBudgetCents *int }
		}
		h.Query(token, q, nil, &out)
		if got := out.Campaign.AdCreditBudgetCents; (got == nil) != (want == nil) || got != nil && *got != *want {
			t.Fatalf("budget shown as %v, want %v", got, want)
		}
	}
}

func TestGrantVisibility(t *testing.T) {
	h := newScene(t)
	cid := h.campaign("awareness")
	nami := id(h.Organization("nami").Members("nora-member").Create().ID)
	afsp := id(h.Organization("afsp").Members("alex-member").Create().ID)
	h.budget(h.admin, cid, 1_000_00)
	h.propose(h.admin, cid, nami, 100)
	h.propose(h.admin, cid, nami, 200)
	h.propose(h.admin, cid, afsp, 300)
	nora, alex := h.Token("nora-member", "org_member"), h.Token("alex-member", "org_member")

	const orgGrants = `query($slug: String!) { organization(slug: $slug) { adCreditGrants { amountCents organization { slug } } } }`
	count := func(token, slug string) int {
		var out struct {
			Organization struct{ AdCreditGrants []struct{ AmountCents int } }
		}
		h.Query(token, orgGrants, map[string]any{"slug": slug}, &out)
		return len(out.Organization.AdCreditGrants)
	}
	for _, tc := range []struct {
		who, token, slug string
		want             int
	}{
		{"anonymous", anonymous, "nami", 0},
		{"a signed-in stranger", h.user, "nami", 0},
		{"a publisher", h.publisher, "nami", 0},
		{"a member", nora, "nami", 2},
		{"a member of another org", alex, "nami", 0},
		{"the other org's member", alex, "afsp", 1},
		{"an admin", h.admin, "nami", 2},
	} {
		if got := count(tc.token, tc.slug); got != tc.want {
			t.Errorf("%s sees %d grants of %s, want %d", tc.who, got, tc.slug, tc.want)
		}
	}

	const list = `query($c: ID, $o: ID) { adCreditGrants(campaignID: $c, organizationID: $o) { amountCents } }`
	listed := func(token string, vars map[string]any) int {
		var out struct{ AdCreditGrants []struct{ AmountCents int } }
		h.Query(token, list, vars, &out)
		return len(out.AdCreditGrants)
	}
	if n := listed(h.admin, map[string]any{"c": cid}); n != 3 {
		t.Errorf("admin lists %d grants of the campaign, want 3", n)
	}
	if n := listed(h.admin, map[string]any{"c": cid, "o": afsp}); n != 1 {
		t.Errorf("admin lists %d grants of afsp in the campaign, want 1", n)
	}
	if n := listed(nora, map[string]any{"c": cid}); n != 2 {
		t.Errorf("member lists %d grants of the campaign, want their org's 2", n)
	}
	if n := listed(h.user, map[string]any{"c": cid}); n != 0 {
		t.Errorf("stranger lists %d grants, want 0", n)
	}
	h.Fail("UNAUTHENTICATED", anonymous, list, map[string]any{"c": cid})
	wantField(t, h.Fail("BAD_USER_INPUT", h.admin, list, nil), "campaignID")
}

// TestGrantConcurrentApprovals has ten admins approve ten proposals of 30 against a budget of 100
// at once: three fit, and the approved total never passes the budget.
func TestGrantConcurrentApprovals(t *testing.T) {
	h := newScene(t)
	cid := h.campaign("awareness")
	nami := id(h.Organization("nami").Create().ID)
	const budget, amount, admins = 100_00, 30_00, 10
	h.budget(h.admin, cid, budget)
	grants := make([]grant, admins)
	tokens := make([]string, admins)
	for i := range grants {
		grants[i] = h.propose(h.admin, cid, nami, amount)
		tokens[i] = h.Token(fmt.Sprintf("approver-%d", i), "admin")
	}
	codes := make([]string, admins)
	var wg sync.WaitGroup
	start := make(chan struct{})
	for i := range admins {
		wg.Add(1)
		go func() {
			defer wg.Done()
			<-start
			codes[i] = h.Do(tokens[i], approve, map[string]any{"id": grants[i].ID}).Code()
		}()
	}
	close(start)
	wg.Wait()

	tally := map[string]int{}
	for _, c := range codes {
		tally[c]++
	}
	if tally[""] != budget/amount || tally["BUDGET_EXCEEDED"] != admins-budget/amount {
		t.Fatalf("outcomes %v, want %d approvals and the rest BUDGET_EXCEEDED", tally, budget/amount)
	}
	approved, err := h.Client().AdCreditGrant.Query().
		Where(adcreditgrant.StatusEQ(adcreditgrant.StatusAPPROVED)).All(h.System())
	if err != nil {
		t.Fatal(err)
	}
	total := 0
	for _, g := range approved {
		total += int(g.AmountCents)
	}
	if total > budget {
		t.Fatalf("approved %d of a budget of %d", total, budget)
	}
}

func ptr(n int) *int { return &n }
