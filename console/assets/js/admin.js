// Admin screens: organizations and their members, credential verification, and ad-credit grants
// with the four-eyes step in view (who proposed, who may approve). Each is a client of the public
// API like the rest of the console; the server decides every permission.

import { gql } from "./api.js";
import { h, replace, when, errorBox, label, confirmAction } from "./dom.js";
import { session } from "./session.js";
import { runner } from "./outcome.js";

const field = (id, text, control) => [h("label", { for: id }, text), control];

// ---- Organizations and members ----

const orgsQ = `query ConsoleOrganizations { organizations(first: 100) { edges { node { id slug name kind verified websiteURL regions
  members { subject displayName creator { handle } } } } } }`;
const createOrgM = `mutation ConsoleCreateOrganization($in: CreateOrganizationInput!) { createOrganization(input: $in) { id name } }`;
const addMemberM = `mutation ConsoleAddMember($o: ID!, $s: String!) { addOrganizationMember(organizationID: $o, subject: $s) { id name } }`;
const removeMemberM = `mutation ConsoleRemoveMember($o: ID!, $s: String!) { removeOrganizationMember(organizationID: $o, subject: $s) { id name } }`;

export function organizations(main) {
  const flash = h("div");
  const body = h("div", {}, h("p", {}, "Loading…"));
  replace(main, h("h2", {}, "Organizations and members"), flash, body);
  let orgs = [];
  const load = async () => {
    try { orgs = (await gql(orgsQ)).organizations.edges.map((e) => e.node); draw(); } catch (err) { replace(body, errorBox(err)); }
  };
  const run = runner(flash, load);
  const slug = h("input", { type: "text", id: "org-slug", required: true, pattern: "[a-z0-9-]+", "aria-describedby": "org-slug-help" });
  const name = h("input", { type: "text", id: "org-name", required: true });
  const kind = h("select", { id: "org-kind" }, ["NONPROFIT", "GOVERNMENT", "PLATFORM", "OTHER"].map((k) => h("option", { value: k }, label(k))));
  const site = h("input", { type: "text", id: "org-site", inputmode: "url" });
  const create = h("form", { class: "card", id: "create-org", onsubmit: async (e) => {
    e.preventDefault();
    const ok = await run(createOrgM, { in: { slug: slug.value.trim(), name: name.value.trim(), kind: kind.value, websiteURL: site.value.trim() || null } },
      "Organization “" + name.value.trim() + "” created.");
    if (ok) create.reset();
  } }, h("h3", {}, "Onboard an organization"),
  field("org-slug", "Slug", slug), h("div", { class: "muted", id: "org-slug-help" }, "Lower-case letters, digits and hyphens; it is the organization's address."),
  field("org-name", "Name", name), field("org-kind", "Kind", kind), field("org-site", "Website (optional)", site),
  h("div", { class: "row" }, h("button", { type: "submit" }, "Create organization")));
  const addForm = (o) => {
    const id = "member-" + o.id;
    const input = h("input", { type: "text", id, required: true, placeholder: "subject of their sign-in" });
    return h("form", { class: "row add-member", onsubmit: async (e) => {
      e.preventDefault();
      const s = input.value.trim();
      if (await run(addMemberM, { o: o.id, s }, s + " is now a member of " + o.name + ".")) input.value = "";
    } }, h("label", { for: id, class: "muted" }, "Add a member"), input, h("button", { type: "submit", class: "secondary" }, "Add"));
  };
  const remove = async (o, m) => {
    if (!(await confirmAction("Remove " + m.subject + " from " + o.name + "? They stop acting for it: no more submissions on its behalf or access to its grants.", "Remove member"))) return;
    await run(removeMemberM, { o: o.id, s: m.subject }, m.subject + " is no longer a member of " + o.name + ".");
  };
  const members = (o) => h("td", { class: "members" },
    o.members && o.members.length
      ? h("ul", { class: "members-list", "aria-label": "Members of " + o.name }, o.members.map((m) => h("li", { "data-subject": m.subject, class: "row" },
        h("span", {}, h("strong", {}, m.subject), m.displayName ? " · " + m.displayName : "", m.creator ? h("span", { class: "muted" }, " · @" + m.creator.handle) : null),
        h("button", { type: "button", class: "secondary remove-member", "aria-label": "Remove " + m.subject + " from " + o.name, onclick: () => remove(o, m) }, "Remove"))))
      : h("p", { class: "muted" }, o.members ? "No members yet." : "Members are not shown to you."),
    addForm(o));
  const draw = () => replace(body, h("div", { class: "grid2" },
    h("section", { "aria-labelledby": "orgs-h" }, h("h3", { id: "orgs-h" }, "Organizations"),
      h("p", { class: "muted" }, "A member is named by the subject of their sign-in (the token's sub). Members act for their organization: they submit on its behalf, and as reviewers they may not decide its work. Adding someone twice, or removing someone who is not a member, changes nothing."),
      h("table", { id: "org-table" },
        h("thead", {}, h("tr", {}, ["Organization", "Kind", "Members"].map((t) => h("th", { scope: "col" }, t)))),
        h("tbody", {}, orgs.map((o) => h("tr", { "data-id": o.id, "data-slug": o.slug },
          h("td", {}, h("strong", {}, o.name), o.verified ? h("span", { class: "badge status" }, "verified") : null,
            h("div", { class: "muted" }, o.slug, o.websiteURL ? " · " + o.websiteURL : "")),
          h("td", {}, label(o.kind)),
          members(o)))))),
    create));
  load();
  return () => {};
}

// ---- Credential verification ----

const credsQ = `query ConsoleCredentials { creators(first: 100) { edges { node { id handle displayName
  credentials { id kind jurisdiction licenseNumber expiresAt status reviewedAt reviewNote } } } } }`;
const verifyM = `mutation ConsoleVerifyCredential($id: ID!, $ok: Boolean!, $note: String) { verifyCredential(id: $id, approve: $ok, note: $note) { id status } }`;

export function credentials(main) {
  const flash = h("div");
  const body = h("div", {}, h("p", {}, "Loading…"));
  replace(main, h("h2", {}, "Credential verification"), flash, body);
  let rows = [];
  const load = async () => {
    try {
      rows = (await gql(credsQ)).creators.edges.flatMap((e) => e.node.credentials.map((c) => ({ ...c, creator: e.node })));
      rows.sort((a, b) => (a.status === "PENDING" ? 0 : 1) - (b.status === "PENDING" ? 0 : 1));
      draw();
    } catch (err) { replace(body, errorBox(err)); }
  };
  const run = runner(flash, load);
  const draw = () => {
    if (!rows.length) { replace(body, h("p", {}, "No credentials submitted.")); return; }
    replace(body,
      h("p", { class: "muted" }, "Check the license with the issuing board, then verify or decline it. A verified, unexpired credential shows the creator as a verified professional. Waiting credentials come first."),
      h("table", { id: "credential-table" },
        h("thead", {}, h("tr", {}, ["Creator", "Credential", "Status", "Note", "Decide"].map((t) => h("th", { scope: "col" }, t)))),
        h("tbody", {}, rows.map((c) => {
          const id = "cred-note-" + c.id;
          const note = h("textarea", { id, rows: 2 });
          return h("tr", { "data-id": c.id },
            h("td", {}, c.creator.displayName, h("div", { class: "muted" }, "@" + c.creator.handle)),
            h("td", {}, label(c.kind) + " · " + c.jurisdiction, h("div", { class: "muted" }, "License " + (c.licenseNumber || "—") + " · expires " + when(c.expiresAt))),
            h("td", {}, h("span", { class: "badge status" }, label(c.status)), c.reviewedAt ? h("div", { class: "muted" }, when(c.reviewedAt)) : null,
              c.reviewNote ? h("div", { class: "muted" }, c.reviewNote) : null),
            h("td", {}, h("label", { for: id, class: "muted" }, "Note"), note),
            h("td", {}, c.status === "PENDING"
              ? h("div", { class: "row" },
                h("button", { type: "button", class: "verify", onclick: () => run(verifyM, { id: c.id, ok: true, note: note.value.trim() || null }, "Credential of @" + c.creator.handle + " verified.") }, "Verify"),
                h("button", { type: "button", class: "secondary decline", onclick: () => {
                  if (!note.value.trim()) { replace(flash, h("div", { class: "alert", role: "alert" }, "Say why the credential is declined: write a note first.")); note.focus(); return; }
                  run(verifyM, { id: c.id, ok: false, note: note.value.trim() }, "Credential of @" + c.creator.handle + " declined.");
                } }, "Decline"))
              : h("span", { class: "muted" }, "Decided")));
        }))));
  };
  load();
  return () => {};
}

// ---- Ad-credit grants (four eyes) ----

const grantsQ = `query ConsoleGrants($c: ID!, $slug: String!) {
  campaign(slug: $slug) { id name adCreditBudgetCents adCreditsGrantedCents }
  adCreditGrants(campaignID: $c) { id amountCents note status proposedBy approvedBy approvedAt revokedBy revokeReason createdAt organization { id name } }
  organizations(first: 100) { edges { node { id name } } }
}`;
const campaignsQ = `query ConsoleGrantCampaigns { campaigns { id slug name } }`;
const proposeM = `mutation ConsoleProposeGrant($in: ProposeAdCreditGrantInput!) { proposeAdCreditGrant(input: $in) { id } }`;
const approveM = `mutation ConsoleApproveGrant($id: ID!) { approveAdCreditGrant(id: $id) { id status } }`;
const revokeM = `mutation ConsoleRevokeGrant($id: ID!, $r: String!) { revokeAdCreditGrant(id: $id, reason: $r) { id status } }`;

const money = (cents) => (cents / 100).toLocaleString("en-US", { style: "currency", currency: "USD" });

export function grants(main, wanted) {
  const flash = h("div");
  const pick = h("select", { id: "grant-campaign" });
  const body = h("div", {}, h("p", {}, "Loading…"));
  replace(main, h("h2", {}, "Ad-credit grants"), h("div", { class: "row" }, h("label", { for: "grant-campaign" }, "Campaign"), pick), flash, body);
  let campaigns = [];
  let data = null;
  let loads = 0;
  const load = async () => {
    const n = ++loads;
    const c = campaigns.find((x) => x.slug === pick.value);
    if (!c) { replace(body, h("p", {}, "No campaigns.")); return; }
    try {
      const d = await gql(grantsQ, { c: c.id, slug: c.slug });
      if (n !== loads) return;
      data = d;
      draw();
      body.dataset.campaign = c.slug;
    } catch (err) { if (n === loads) replace(body, errorBox(err)); }
  };
  const run = runner(flash, load);
  const me = session.viewer.subject;
  const decide = (g) => {
    if (g.status !== "PROPOSED") return g.status === "APPROVED" ? revokeForm(g) : h("span", { class: "muted" }, "Revoked" + (g.revokeReason ? ": " + g.revokeReason : ""));
    const mine = g.proposedBy === me;
    return h("div", {},
      h("button", { type: "button", class: "approve-grant", disabled: mine, "aria-describedby": "why-grant-" + g.id,
        onclick: () => run(approveM, { id: g.id }, "Grant of " + money(g.amountCents) + " to " + g.organization.name + " approved.") }, "Approve"),
      h("p", { class: "why", id: "why-grant-" + g.id }, mine
        ? "You proposed this grant, so you may not approve it: another admin must (four eyes)."
        : "Proposed by " + g.proposedBy + "; any admin other than " + g.proposedBy + " may approve it."),
      revokeForm(g));
  };
  const revokeForm = (g) => {
    const id = "revoke-" + g.id;
    const reason = h("input", { type: "text", id, required: true });
    return h("form", { class: "row", onsubmit: (e) => { e.preventDefault(); run(revokeM, { id: g.id, r: reason.value.trim() }, "Grant revoked."); } },
      h("label", { for: id, class: "muted" }, "Reason to revoke"), reason, h("button", { type: "submit", class: "secondary" }, "Revoke"));
  };
  const draw = () => {
    const c = data.campaign;
    const org = h("select", { id: "grant-org" }, data.organizations.edges.map((e) => h("option", { value: e.node.id }, e.node.name)));
    const amount = h("input", { type: "number", id: "grant-amount", min: 1, step: "0.01", required: true });
    const note = h("textarea", { id: "grant-note", rows: 2 });
    replace(body,
      h("p", {}, "Budget ", h("strong", {}, c.adCreditBudgetCents == null ? "not set" : money(c.adCreditBudgetCents)),
        " · approved so far ", h("strong", { id: "granted" }, money(c.adCreditsGrantedCents)),
        h("span", { class: "muted" }, " · a grant counts once a second admin approves it; approving beyond the budget is refused.")),
      h("table", { id: "grant-table" },
        h("thead", {}, h("tr", {}, ["Organization", "Amount", "Status", "Four eyes", "Decide"].map((t) => h("th", { scope: "col" }, t)))),
        h("tbody", {}, data.adCreditGrants.length ? data.adCreditGrants.map((g) => h("tr", { "data-id": g.id },
          h("td", {}, g.organization.name, g.note ? h("div", { class: "muted" }, g.note) : null),
          h("td", {}, money(g.amountCents)),
          h("td", {}, h("span", { class: "badge status grant-status" }, label(g.status))),
          h("td", { class: "eyes" }, "Proposed by ", h("strong", {}, g.proposedBy), h("div", { class: "muted" }, when(g.createdAt)),
            g.approvedBy ? h("div", {}, "Approved by ", h("strong", {}, g.approvedBy), " ", h("span", { class: "muted" }, when(g.approvedAt))) : null,
            g.revokedBy ? h("div", {}, "Revoked by ", h("strong", {}, g.revokedBy)) : null),
          h("td", {}, decide(g)))) : h("tr", {}, h("td", { colspan: 5 }, "No grants for this campaign.")))),
      h("form", { class: "card", id: "propose-grant", onsubmit: (e) => {
        e.preventDefault();
        const cents = Math.round(parseFloat(amount.value) * 100);
        run(proposeM, { in: { campaignID: c.id, organizationID: org.value, amountCents: cents, note: note.value.trim() || null } },
          "Grant of " + money(cents) + " proposed; another admin approves it.");
      } }, h("h3", {}, "Propose a grant"),
      field("grant-org", "Organization", org), field("grant-amount", "Amount in US dollars", amount), field("grant-note", "Note (optional, admins only)", note),
      h("div", { class: "row" }, h("button", { type: "submit" }, "Propose"), h("span", { class: "why" }, "Another admin approves it."))));
  };
  gql(campaignsQ).then((d) => {
    campaigns = d.campaigns;
    replace(pick, campaigns.map((c) => h("option", { value: c.slug }, c.name)));
    pick.value = campaigns.some((c) => c.slug === wanted) ? wanted : (campaigns[0] || {}).slug || "";
    pick.onchange = () => { history.replaceState(null, "", "#/grants/" + encodeURIComponent(pick.value)); load(); };
    load();
  }, (err) => replace(body, errorBox(err)));
  return () => {};
}
