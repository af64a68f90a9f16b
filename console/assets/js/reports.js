// The reports queue: open reports, self-harm risk first (the server's order). A moderator
// dismisses a report or takes the content down; a take-down always asks to confirm.

import { gql } from "./api.js";
import { h, replace, announce, when, errorBox, label, confirmAction } from "./dom.js";

const listQuery = `query ConsoleReports { reports(first: 100, status: OPEN) { edges { node {
  id reason details status createdAt content { id title status contentWarning creator { handle } organization { name } }
} } } }`;
const resolve = `mutation ConsoleResolveReport($id: ID!, $action: ReportAction!, $note: String) {
  resolveReport(id: $id, action: $action, note: $note) { id status resolvedBy content { id status } }
}`;

export function render(main) {
  const body = h("div", {}, h("p", {}, "Loading reports…"));
  const flash = h("div");
  replace(main, h("h2", {}, "Reports"), flash, body);
  let items = [];
  const load = async () => {
    try {
      items = (await gql(listQuery)).reports.edges.map((e) => e.node);
      draw();
    } catch (err) { replace(body, errorBox(err)); }
  };
  const decide = async (r, action) => {
    const noteEl = body.querySelector(`[data-report="${CSS.escape(r.id)}"] textarea`);
    const note = noteEl.value.trim();
    if (action === "TAKE_DOWN" && !note) {
      replace(flash, h("div", { class: "alert", role: "alert" }, "Say why the content comes down: write a note first."));
      noteEl.focus();
      return;
    }
    if (action === "TAKE_DOWN" && !(await confirmAction("Take down “" + r.content.title + "”? It leaves the hub for everyone until it is reviewed again.", "Take down"))) {
      announce("Take-down cancelled.");
      return;
    }
    let msg;
    try {
      await gql(resolve, { id: r.id, action, note: note || null });
      msg = h("div", { class: "notice", role: "status" }, action === "DISMISS" ? "Report dismissed." : "Content taken down.");
    } catch (err) {
      msg = err.code === "CONFLICT" ? h("div", { class: "alert", role: "alert" }, h("strong", {}, "Someone else decided first. "), err.message) : errorBox(err);
    }
    await load(); // the message appears with the list it describes
    replace(flash, msg);
  };
  const draw = () => {
    if (!items.length) { replace(body, h("p", {}, "No open reports.")); return; }
    replace(body, h("table", {},
      h("thead", {}, h("tr", {}, ["Reason", "Content", "Details", "Note", "Decide"].map((t) => h("th", { scope: "col" }, t)))),
      h("tbody", {}, items.map((r) => {
        const id = "note-" + r.id;
        return h("tr", { "data-report": r.id },
          h("td", {}, h("span", { class: "badge " + (r.reason === "SELF_HARM_RISK" ? "reported" : "status") }, label(r.reason)), h("div", { class: "muted" }, when(r.createdAt))),
          h("td", {}, r.content.title, h("div", { class: "muted" }, label(r.content.status),
            r.content.creator ? " · @" + r.content.creator.handle : "", r.content.organization ? " · " + r.content.organization.name : "")),
          h("td", {}, r.details || h("span", { class: "muted" }, "—")),
          h("td", {}, h("label", { for: id, class: "muted" }, "Note"), h("textarea", { id, rows: 2 })),
          h("td", {}, h("div", { class: "row" },
            h("button", { type: "button", class: "secondary dismiss", onclick: () => decide(r, "DISMISS") }, "Dismiss (d)"),
            h("button", { type: "button", class: "danger takedown", onclick: () => decide(r, "TAKE_DOWN") }, "Take down (t)"))));
      }))));
  };
  load();
  const onKey = (k) => {
    const row = document.activeElement && document.activeElement.closest && document.activeElement.closest("tr[data-report]");
    if (!row) return false;
    if (k === "d") { row.querySelector(".dismiss").click(); return true; }
    if (k === "t") { row.querySelector(".takedown").click(); return true; }
    return false;
  };
  return { stop: () => {}, onKey };
}
