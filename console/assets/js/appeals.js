// Appeals, for moderators: rejected submissions whose authors appealed, waiting for a second
// look. Each shows the author's appeal beside the rejection it contests and who rejected it (that
// reviewer may not decide the appeal). Uphold the rejection here, or open the review page to
// reconsider the item with every decision.

import { gql } from "./api.js";
import { h, replace, when, errorBox, label } from "./dom.js";
import { runner } from "./outcome.js";
import { session, ownWork } from "./session.js";

const listQ = `query ConsoleAppeals { submissions(first: 100, where: {appealed: true, statusIn: [SUBMITTED, IN_REVIEW]}) { edges { node {
  id title status version sensitive appealNote decisionReason decisionNote submittedAt claimedBy
  creator { id handle } organization { id name } history { actor action at }
} } } }`;
const rejectM = `mutation ConsoleUphold($id: ID!, $v: Int!, $input: DecisionInput!) { rejectSubmission(id: $id, expectedVersion: $v, input: $input) { id status version } }`;
const REASONS = ["SAFE_MESSAGING", "MISINFORMATION", "OFF_TOPIC", "QUALITY", "SPAM", "HARMFUL", "OTHER"];

/** rejecter is who made the rejection the appeal contests: the last reject in the history. */
const rejecter = (s) => ((s.history || []).filter((e) => e.action === "submission.reject" || e.action === "reject").pop() || {}).actor || null;

export function render(main) {
  const flash = h("div");
  const body = h("div", {}, h("p", {}, "Loading…"));
  replace(main, h("h2", {}, "Appeals"), flash, body);
  let items = [];
  const load = async () => {
    try { items = (await gql(listQ)).submissions.edges.map((e) => e.node); draw(); } catch (err) { replace(body, errorBox(err)); }
  };
  const run = runner(flash, load);
  const uphold = (s, reason, note) => run(rejectM, { id: s.id, v: s.version, input: { reason, note } },
    "Rejection of “" + s.title + "” upheld; the author reads your note.");
  const decide = (s) => {
    const by = rejecter(s);
    if (by && by === session.viewer.subject) return h("p", { class: "why" }, "You made the rejection this appeal contests, so another moderator decides it.");
    if (ownWork(s)) return h("p", { class: "why" }, "You cannot decide this appeal: it is your own work or your organization's.");
    const rid = "uphold-reason-" + s.id;
    const nid = "uphold-note-" + s.id;
    const reason = h("select", { id: rid }, REASONS.map((r) => h("option", { value: r, selected: r === s.decisionReason }, label(r))));
    const note = h("textarea", { id: nid, rows: 2, required: true });
    return h("form", { class: "uphold", onsubmit: (e) => {
      e.preventDefault();
      if (!note.value.trim()) { note.focus(); return; }
      uphold(s, reason.value, note.value.trim());
    } }, h("label", { for: rid }, "Reason"), reason, h("label", { for: nid }, "Note the author will read"), note,
    h("div", { class: "row" }, h("button", { type: "submit", class: "danger" }, "Uphold the rejection"),
      h("a", { href: "#/review/" + encodeURIComponent(s.id) }, "Reconsider on the review page")));
  };
  const draw = () => {
    if (!items.length) { replace(body, h("p", {}, "No appeals waiting.")); return; }
    replace(body, h("p", { class: "muted" }, "Each appeal is decided once, by a moderator other than the one who rejected the item."),
      h("table", { id: "appeals-table" },
        h("thead", {}, h("tr", {}, ["Item", "The rejection", "The appeal", "Decide"].map((t) => h("th", { scope: "col" }, t)))),
        h("tbody", {}, items.map((s) => h("tr", { "data-id": s.id },
          h("td", {}, h("a", { href: "#/review/" + encodeURIComponent(s.id), class: "item-link" }, s.title),
            s.sensitive ? h("span", { class: "badge sensitive" }, "Sensitive") : null,
            h("div", { class: "muted" }, label(s.status), s.creator ? " · @" + s.creator.handle : "", s.organization ? " · " + s.organization.name : "",
              " · appealed " + when(s.submittedAt), s.claimedBy ? " · claimed by " + s.claimedBy : "")),
          h("td", {}, s.decisionReason ? h("strong", {}, label(s.decisionReason) + ": ") : null, s.decisionNote || "",
            h("div", { class: "muted rejected-by" }, "Rejected by " + (rejecter(s) || "unknown"))),
          h("td", { class: "appeal-note" }, s.appealNote || ""),
          h("td", {}, decide(s)))))));
  };
  load();
  return () => {};
}
