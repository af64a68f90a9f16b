// The review page: one submission beside the live version it would replace, with what changed,
// its topics, history and reports, and the decisions the viewer's roles allow. Every decision
// sends the version the page shows; a CONFLICT answer means someone else decided first, and the
// page then shows the new state instead of overwriting it.

import { gql } from "./api.js";
import { h, replace, announce, when, timeLeft, errorBox, label } from "./dom.js";
import { session, can, ownWork } from "./session.js";
import { sensitiveMedia, recordSensitive } from "./wellbeing.js";

const fields = `id title summary body kind status version sensitive reported mediaURL thumbnailURL
  durationSeconds language hashtags claimedBy claimExpiresAt submittedAt decisionReason decisionNote
  appealed appealNote publishAt publishedAt checks
  creator { id handle displayName } organization { id name } topics { slug name sensitive }
  content { id title summary body kind mediaURL thumbnailURL durationSeconds language hashtags topics { slug name } }
  history { seq at actor action fromStatus toStatus reason note }`;

const reviewQuery = `query ConsoleReview($id: ID!) { node(id: $id) { ... on Submission { ${fields} } } }`;
const reportsQuery = `query ConsoleItemReports { reports(first: 100) { edges { node { id reason details status createdAt content { id } } } } }`;

export const CHECKS = [
  ["NO_METHOD_DETAIL", "No detail of methods or means"],
  ["NO_GRAPHIC_IMAGERY", "No graphic imagery"],
  ["HOPE_AND_RECOVERY", "Conveys hope and recovery"],
  ["HELP_SEEKING_CTA", "Encourages seeking help"],
  ["CRISIS_RESOURCES_LINKED", "Links crisis resources"],
  ["NO_STIGMATIZING_LANGUAGE", "No stigmatizing language"],
];

const REASONS = ["SAFE_MESSAGING", "MISINFORMATION", "OFF_TOPIC", "QUALITY", "SPAM", "HARMFUL", "OTHER"];

const mutations = {
  claim: `mutation ConsoleClaim($id: ID!, $v: Int!) { claimSubmission(id: $id, expectedVersion: $v) { ${fields} } }`,
  release: `mutation ConsoleRelease($id: ID!, $v: Int!) { releaseSubmission(id: $id, expectedVersion: $v) { ${fields} } }`,
  approve: `mutation ConsoleApprove($id: ID!, $v: Int!, $input: ApproveInput) { approveSubmission(id: $id, expectedVersion: $v, input: $input) { ${fields} } }`,
  changes: `mutation ConsoleRequestChanges($id: ID!, $v: Int!, $input: DecisionInput!) { requestChanges(id: $id, expectedVersion: $v, input: $input) { ${fields} } }`,
  reject: `mutation ConsoleReject($id: ID!, $v: Int!, $input: DecisionInput!) { rejectSubmission(id: $id, expectedVersion: $v, input: $input) { ${fields} } }`,
};

/** render shows the submission id; it returns a cleanup function and a key handler. */
export function render(main, id) {
  const state = { s: null, reports: [], flash: null };
  const view = h("div", { id: "review" }, h("p", {}, "Loading…"));
  replace(main, h("p", {}, h("a", { href: "#/queue" }, "← Back to the queue")), view);

  const load = async () => {
    const [data, reps] = await Promise.all([gql(reviewQuery, { id }), gql(reportsQuery).catch(() => null)]);
    state.s = data.node;
    if (reps) state.reports = reps.reports.edges.map((e) => e.node);
  };
  const draw = () => {
    if (!state.s) { replace(view, h("p", {}, "This submission was not found, or you may not see it.")); return; }
    replace(view, state.flash, page(state.s, state.reports, act));
    state.flash = null;
  };
  const act = async (name, vars, label) => {
    const before = state.s;
    try {
      state.s = (Object.values(await gql(mutations[name], { id: before.id, v: before.version, ...vars })))[0];
      state.flash = h("div", { class: "notice", role: "status" }, label + ": now " + labelOf(state.s.status) + ".");
      announce(label + " done.");
      if (before.sensitive && ["approve", "changes", "reject"].includes(name)) recordSensitive();
    } catch (err) {
      if (err.code === "CONFLICT") {
        await load().catch(() => {});
        state.flash = conflictBox(err, state.s);
        announce("Someone else decided first.");
      } else {
        state.flash = errorBox(err);
      }
    }
    draw();
    const f = view.querySelector(".alert, .notice");
    if (f) { f.tabIndex = -1; f.focus(); }
  };
  load().then(draw, (err) => replace(view, errorBox(err)));

  const onKey = (k) => {
    const click = (sel) => { const b = view.querySelector(sel); if (b && !b.disabled) b.click(); return !!b; };
    const focus = (sel) => { const el = view.querySelector(sel); if (el) el.focus(); return !!el; };
    switch (k) {
      case "c": return click("#claim");
      case "l": return click("#release");
      case "a": return focus("#approve-form input, #approve-form textarea, #approve");
      case "e": return focus("#changes-form select");
      case "x": return focus("#reject-form select");
      case "v": return click(".reveal");
    }
    return false;
  };
  return { stop: () => {}, onKey };
}

const labelOf = (st) => label(st);

function conflictBox(err, s) {
  return h("div", { class: "alert", role: "alert", id: "conflict" },
    h("strong", {}, "Someone else decided first. "),
    "Your decision was not applied. The item is now ", h("strong", {}, labelOf(s.status)),
    s.claimedBy ? " (claimed by " + s.claimedBy + ")" : "", ", version " + s.version + ". ",
    h("span", { class: "muted" }, "(" + err.message + ")"));
}

function page(s, reports, act) {
  const own = ownWork(s);
  const mine = reports.filter((r) => s.content && r.content.id === s.content.id);
  return [
    h("h2", {}, s.title),
    h("p", {},
      s.reported ? h("span", { class: "badge reported" }, "Reported") : null,
      s.sensitive ? h("span", { class: "badge sensitive" }, "Sensitive") : null,
      h("span", { class: "badge status", id: "item-status" }, labelOf(s.status)),
      h("span", { class: "muted" }, " version " + s.version + " · ",
        s.creator ? "by @" + s.creator.handle : "", s.organization ? " for " + s.organization.name : "",
        s.submittedAt ? " · submitted " + when(s.submittedAt) : "")),
    claimLine(s),
    s.appealed ? h("div", { class: "warn" }, h("strong", {}, "Appeal: "), s.appealNote || "") : null,
    s.decisionNote ? h("p", {}, h("strong", {}, "Last decision note: "), s.decisionReason ? labelOf(s.decisionReason) + " — " : "", s.decisionNote) : null,
    h("div", { class: "grid2" },
      h("section", { class: "card", "aria-labelledby": "sub-h" }, h("h3", { id: "sub-h" }, "Submission"), version(s, s.content, s.sensitive)),
      h("div", {},
        h("section", { class: "card", "aria-labelledby": "live-h" }, h("h3", { id: "live-h" }, "Live version"),
          s.content ? version(s.content, null, s.sensitive) : h("p", { class: "muted" }, "New content: nothing live yet.")),
        h("section", { class: "card", "aria-labelledby": "dec-h" }, h("h3", { id: "dec-h" }, "Decide"), decisions(s, own, act)))),
    h("div", { class: "grid2" },
      h("section", { class: "card", "aria-labelledby": "hist-h" }, h("h3", { id: "hist-h" }, "History"),
        h("ul", { class: "history" }, s.history.map((e) => h("li", {},
          when(e.at) + " — " + e.actor + ": " + e.action,
          e.toStatus ? " → " + labelOf(e.toStatus) : "", e.reason ? " (" + labelOf(e.reason) + ")" : "",
          e.note ? h("div", { class: "muted" }, e.note) : null)))),
      h("section", { class: "card", "aria-labelledby": "rep-h" }, h("h3", { id: "rep-h" }, "Reports"),
        !s.content ? h("p", { class: "muted" }, "Not live, so not reportable yet.")
          : mine.length ? h("ul", {}, mine.map((r) => h("li", {}, labelOf(r.reason) + " (" + labelOf(r.status) + ") " + when(r.createdAt), r.details ? h("div", { class: "muted" }, r.details) : null)))
            : h("p", { class: "muted" }, "No reports."))),
  ];
}

function claimLine(s) {
  if (s.status !== "IN_REVIEW" || !s.claimedBy) return h("p", { class: "muted" }, "Nobody holds a claim.");
  const me = session.viewer.subject === s.claimedBy;
  return h("p", { id: "claim-line" }, me ? "You hold the claim" : "Claimed by " + s.claimedBy, " — ", timeLeft(s.claimExpiresAt));
}

const compared = ["title", "summary", "body", "kind", "language", "mediaURL", "thumbnailURL", "durationSeconds", "hashtags", "topics"];

function norm(v, k) {
  if (k === "topics") return (v || []).map((t) => t.slug).sort().join(",");
  if (Array.isArray(v)) return v.join(",");
  return v === null || v === undefined ? "" : String(v);
}

/** version renders one side; with other given, the fields that differ from it are marked. */
function version(v, other, sensitive) {
  const changed = other ? compared.filter((k) => norm(v[k], k) !== norm(other[k], k)) : [];
  const f = (k, name, content) => h("div", { class: "field" + (changed.includes(k) ? " changed" : ""), "data-field": k },
    h("div", { class: "name" }, name, changed.includes(k) ? " (changed)" : ""), content);
  return [
    other ? h("p", { class: changed.length ? "warn" : "muted", id: "what-changed" },
      changed.length ? "Changed: " + changed.join(", ") : "No field differs from the live version.") : null,
    f("title", "Title", v.title),
    f("summary", "Summary", v.summary),
    f("body", "Body", h("div", { class: "body" }, v.body || "—")),
    f("kind", "Kind", labelOf(v.kind) + (v.durationSeconds ? " · " + v.durationSeconds + " s" : "") + " · " + v.language),
    f("thumbnailURL", "Thumbnail", sensitiveMedia({ src: v.thumbnailURL, kind: "IMAGE", sensitive, alt: "Thumbnail of " + v.title }) || "—"),
    f("mediaURL", "Media", v.mediaURL ? [sensitiveMedia({ src: v.mediaURL, kind: v.kind, sensitive, alt: "Media of " + v.title }), h("div", { class: "muted" }, v.mediaURL)] : "—"),
    f("topics", "Topics", v.topics.map((t) => h("span", { class: "badge " + (t.sensitive ? "sensitive" : "status") }, t.name))),
    f("hashtags", "Hashtags", v.hashtags.length ? v.hashtags.map((x) => "#" + x).join(" ") : "—"),
  ];
}

function decisions(s, own, act) {
  const open = s.status === "SUBMITTED" || s.status === "IN_REVIEW";
  if (!open) return h("p", { class: "muted" }, "Nothing to decide: the item is " + labelOf(s.status) + ".");
  if (own) return h("p", { class: "why", id: "why-approve" }, "You cannot decide this item: it is your own work or your organization's.");
  const me = session.viewer.subject;
  const claimedByMe = s.status === "IN_REVIEW" && s.claimedBy === me;
  const claimBtns = h("div", { class: "row" },
    claimedByMe
      ? h("button", { id: "release", type: "button", class: "secondary", onclick: () => act("release", {}, "Released") }, "Release claim (l)")
      : h("button", { id: "claim", type: "button", class: "secondary", onclick: () => act("claim", {}, "Claimed") }, "Claim (c)"));
  return [claimBtns, approveForm(s, act), decisionForm("changes", "Request changes (e)", "Request changes", s, act),
    decisionForm("reject", "Reject (x)", "Reject", s, act)];
}

function approveForm(s, act) {
  if (s.sensitive && !can.clinical()) {
    return h("div", { id: "approve-form" }, h("h3", {}, "Approve"),
      h("button", { id: "approve", type: "button", disabled: true }, "Approve"),
      h("p", { class: "why", id: "why-approve" }, "Approve is for clinical reviewers only: this item touches a sensitive topic. Request changes, reject, or leave it for a clinical reviewer."));
  }
  const boxes = s.sensitive ? CHECKS.map(([v, text]) => h("label", { class: "check" },
    h("input", { type: "checkbox", name: "check", value: v }), text)) : [];
  const btn = h("button", { id: "approve", type: "submit", disabled: s.sensitive }, "Approve (a)");
  const why = s.sensitive ? h("p", { class: "why", id: "why-approve" }, "Tick all six safe-messaging checks to approve.") : null;
  const note = h("textarea", { id: "approve-note", name: "note", maxlength: 2000 });
  const form = h("form", {
    id: "approve-form",
    onchange: () => {
      if (!s.sensitive) return;
      const all = [...form.querySelectorAll("input[name=check]")].every((c) => c.checked);
      btn.disabled = !all;
      why.textContent = all ? "All six checks attested." : "Tick all six safe-messaging checks to approve.";
    },
    onsubmit: (e) => {
      e.preventDefault();
      const checks = [...form.querySelectorAll("input[name=check]:checked")].map((c) => c.value);
      const input = { note: note.value };
      if (s.sensitive) input.checks = checks;
      act("approve", { input }, "Approved");
    },
  },
  h("h3", {}, "Approve"),
  s.sensitive ? h("fieldset", {}, h("legend", {}, "Safe-messaging checks (all required)"), boxes) : null,
  h("label", { for: "approve-note" }, "Note (optional)"), note, h("div", { class: "row" }, btn, why));
  return form;
}

function decisionForm(name, title, verb, s, act) {
  const reason = h("select", { id: name + "-reason", required: true },
    h("option", { value: "" }, "Choose a reason"), REASONS.map((r) => h("option", { value: r }, labelOf(r))));
  const note = h("textarea", { id: name + "-note", required: true, maxlength: 2000 });
  return h("form", {
    id: name + "-form",
    onsubmit: (e) => {
      e.preventDefault();
      act(name, { input: { reason: reason.value, note: note.value } }, verb);
    },
  },
  h("h3", {}, title),
  h("label", { for: name + "-reason" }, "Reason"), reason,
  h("label", { for: name + "-note" }, "Note to the author (they will read it)"), note,
  h("div", { class: "row" }, h("button", { type: "submit", id: name, class: name === "reject" ? "danger" : "" }, verb)));
}
