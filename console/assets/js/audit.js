// The audit log for admins: every decision, oldest first, page by page, and a check of the hash
// chain with verifyAuditLog (which recomputes it on the server and names the first broken link).

import { gql } from "./api.js";
import { h, replace, when, errorBox, label } from "./dom.js";

const eventsQ = `query ConsoleAudit($after: Cursor) { auditEvents(first: 50, after: $after) {
  edges { node { id seq at actor actorRoles action entityType entityID fromStatus toStatus reason note } }
  pageInfo { hasNextPage endCursor }
} }`;
const verifyQ = `query ConsoleVerifyAudit { verifyAuditLog { ok checked brokenAt } }`;

export function render(main) {
  const result = h("div", { role: "status", id: "verify-result" });
  const tbody = h("tbody");
  const more = h("button", { type: "button", class: "secondary", id: "audit-more", hidden: true }, "Load 50 more");
  const flash = h("div");
  let after = null;
  const load = async () => {
    try {
      const c = (await gql(eventsQ, { after })).auditEvents;
      tbody.append(...c.edges.map(({ node: e }) => h("tr", {},
        h("td", {}, String(e.seq)), h("td", {}, when(e.at)),
        h("td", {}, e.actor, h("div", { class: "muted" }, e.actorRoles.join(", "))),
        h("td", {}, e.action), h("td", {}, e.entityType + " " + e.entityID),
        h("td", {}, e.fromStatus || e.toStatus ? label(e.fromStatus || "—") + " → " + label(e.toStatus || "—") : ""),
        h("td", {}, e.reason ? label(e.reason) + ": " : "", e.note || ""))));
      if (!after && !c.edges.length) tbody.append(h("tr", {}, h("td", { colspan: 7 }, "No events yet.")));
      after = c.pageInfo.endCursor;
      more.hidden = !c.pageInfo.hasNextPage;
    } catch (err) { replace(flash, errorBox(err)); }
  };
  more.onclick = load;
  const verify = async () => {
    replace(result, "Checking the chain…");
    try {
      const v = (await gql(verifyQ)).verifyAuditLog;
      replace(result, v.ok
        ? h("div", { class: "notice" }, "The chain is intact: " + v.checked + " events checked.")
        : h("div", { class: "alert", role: "alert" }, "The chain is broken at event " + v.brokenAt + " (" + v.checked + " checked)."));
    } catch (err) { replace(result, errorBox(err)); }
  };
  replace(main, h("h2", {}, "Audit log"),
    h("div", { class: "row" }, h("button", { type: "button", id: "verify", onclick: verify }, "Verify the chain"), result),
    flash,
    h("table", { id: "audit-table" },
      h("thead", {}, h("tr", {}, ["#", "When", "Who", "Action", "Entity", "Status", "Reason and note"].map((t) => h("th", { scope: "col" }, t)))),
      tbody),
    more);
  load();
  return () => {};
}
