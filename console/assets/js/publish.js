// Publishing: approved items to publish now or at a time, and scheduled items whose schedule can
// be cancelled. Every action sends the version on screen; CONFLICT shows the new state.

import { gql } from "./api.js";
import { h, replace, announce, when, errorBox, label } from "./dom.js";
import { ownWork } from "./session.js";

const listQuery = `query ConsolePublishing {
  approved: submissions(first: 100, where: {status: APPROVED}) { edges { node { ...P } } }
  scheduled: submissions(first: 100, where: {status: SCHEDULED}) { edges { node { ...P } } }
}
fragment P on Submission { id title kind version status sensitive publishAt creator { id handle } organization { id name } content { id } }`;
const publishM = `mutation ConsolePublish($id: ID!, $v: Int!, $at: Time) { publishSubmission(id: $id, expectedVersion: $v, publishAt: $at) { id status version publishAt } }`;
const cancelM = `mutation ConsoleCancelSchedule($id: ID!, $v: Int!) { cancelScheduledPublish(id: $id, expectedVersion: $v) { id status version } }`;

export function render(main) {
  const flash = h("div");
  const body = h("div", {}, h("p", {}, "Loading…"));
  replace(main, h("h2", {}, "Publishing"), flash, body);
  const load = async () => {
    try {
      const d = await gql(listQuery);
      draw(d.approved.edges.map((e) => e.node), d.scheduled.edges.map((e) => e.node));
    } catch (err) { replace(body, errorBox(err)); }
  };
  const run = async (q, vars, done) => {
    let msg;
    try {
      const r = Object.values(await gql(q, vars))[0];
      msg = h("div", { class: "notice", role: "status", tabindex: -1 }, done + ": now " + label(r.status) + (r.publishAt ? " for " + when(r.publishAt) : "") + ".");
      announce(done);
    } catch (err) {
      msg = err.code === "CONFLICT"
        ? h("div", { class: "alert", role: "alert", tabindex: -1 }, h("strong", {}, "Someone else decided first. "), "The list below shows the new state. ", h("span", { class: "muted" }, err.message))
        : errorBox(err);
    }
    await load(); // the message appears with the list it describes
    replace(flash, msg);
    msg.tabIndex = -1;
    msg.focus();
  };
  const draw = (approved, scheduled) => {
    replace(body,
      h("section", { class: "card", "aria-labelledby": "ap-h" }, h("h3", { id: "ap-h" }, "Approved, ready to publish"),
        approved.length ? h("table", { id: "approved-table" }, h("tbody", {}, approved.map((s) => approvedRow(s, run)))) : h("p", { class: "muted" }, "Nothing approved is waiting.")),
      h("section", { class: "card", "aria-labelledby": "sc-h" }, h("h3", { id: "sc-h" }, "Scheduled"),
        scheduled.length ? h("table", { id: "scheduled-table" }, h("tbody", {}, scheduled.map((s) => h("tr", { "data-id": s.id },
          h("td", {}, s.title, h("div", { class: "muted" }, "goes live " + when(s.publishAt))),
          h("td", {}, h("button", { type: "button", class: "secondary cancel", onclick: () => run(cancelM, { id: s.id, v: s.version }, "Schedule cancelled") }, "Cancel schedule"))))))
          : h("p", { class: "muted" }, "Nothing is scheduled.")));
  };
  load();
  return () => {};
}

function approvedRow(s, run) {
  const id = "at-" + s.id;
  const inAnHour = new Date(Date.now() + 3600e3);
  inAnHour.setSeconds(0, 0);
  const local = new Date(inAnHour.getTime() - inAnHour.getTimezoneOffset() * 60000).toISOString().slice(0, 16);
  const at = h("input", { type: "datetime-local", id, value: local });
  const own = ownWork(s);
  return h("tr", { "data-id": s.id },
    h("td", {}, s.title, h("div", { class: "muted" }, label(s.kind), s.sensitive ? " · sensitive" : "", s.content ? " · revision of live content" : "",
      s.creator ? " · @" + s.creator.handle : "", s.organization ? " · " + s.organization.name : "")),
    own ? h("td", { colspan: 2, class: "why" }, "You cannot publish your own or your organization's work.") : [
      h("td", {}, h("button", { type: "button", class: "publish-now", onclick: () => run(publishM, { id: s.id, v: s.version, at: null }, "Published") }, "Publish now")),
      h("td", {}, h("div", { class: "row" }, h("label", { for: id }, "Publish at"), at,
        h("button", { type: "button", class: "secondary schedule", onclick: () => {
          if (!at.value) return;
          run(publishM, { id: s.id, v: s.version, at: new Date(at.value).toISOString() }, "Scheduled");
        } }, "Schedule")))]);
}
