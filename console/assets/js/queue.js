// The live moderation queue: reported and sensitive first (the server's order), who holds a claim
// and how long the lease has left, refreshed whenever moderationQueueChanged says it changed.

import { gql, subscribe } from "./api.js";
import { h, replace, announce, timeLeft, when, errorBox, label } from "./dom.js";
import { sensitiveMedia } from "./wellbeing.js";

const queueQuery = `query ConsoleQueue {
  moderationQueue(first: 100) { edges { node {
    id title kind status version sensitive reported appealed claimedBy claimExpiresAt submittedAt thumbnailURL
    creator { handle displayName } organization { name } topics { name sensitive }
  } } }
}`;

const changes = `subscription ConsoleQueueChanges { moderationQueueChanged { submissionID action status at } }`;

/** render shows the queue in main and keeps it live; it returns the function that stops it. */
export function render(main) {
  const live = h("span", { class: "muted", id: "live-state" }, h("span", { class: "live-dot" }), "Connecting…");
  const body = h("div", { id: "queue-body" }, h("p", {}, "Loading the queue…"));
  replace(main, h("div", { class: "row" }, h("h2", {}, "Moderation queue"), live), body);
  let items = [];
  let pending = null;
  const load = async () => {
    try {
      const data = await gql(queueQuery);
      items = data.moderationQueue.edges.map((e) => e.node);
      draw();
    } catch (err) {
      replace(body, errorBox(err));
    }
  };
  const draw = () => {
    if (!items.length) { replace(body, h("p", {}, "The queue is empty.")); return; }
    replace(body, h("table", { id: "queue-table" },
      h("caption", { class: "muted", style: "text-align:left" }, items.length + " waiting; reported first, then sensitive, then oldest."),
      h("thead", {}, h("tr", {}, ["", "Item", "Flags", "Submitted", "Claim"].map((t) => h("th", { scope: "col" }, t)))),
      h("tbody", {}, items.map(row))));
  };
  const stop = subscribe(changes, (data) => {
    const c = data.moderationQueueChanged;
    announce("Queue changed: " + c.action + " (" + label(c.status) + ")");
    clearTimeout(pending);
    pending = setTimeout(load, 150); // a burst of changes costs one reload
  }, (on) => {
    replace(live, h("span", { class: "live-dot" + (on ? " on" : "") }), on ? "Live" : "Reconnecting…");
    if (on) load(); // catch up on anything missed while disconnected
  });
  const tick = setInterval(() => {
    for (const el of body.querySelectorAll("[data-expires]")) el.textContent = timeLeft(el.dataset.expires);
  }, 15000);
  load();
  return () => { stop(); clearInterval(tick); clearTimeout(pending); };
}

function row(s) {
  const who = s.creator ? "@" + s.creator.handle : s.organization ? s.organization.name : "";
  const claimed = s.status === "IN_REVIEW" && s.claimedBy;
  return h("tr", { "data-id": s.id },
    h("td", {}, sensitiveMedia({ src: s.thumbnailURL, kind: s.kind, sensitive: s.sensitive, alt: "", small: true })),
    h("td", {},
      h("a", { href: "#/review/" + encodeURIComponent(s.id), class: "item-link" }, s.title),
      h("div", { class: "muted" }, label(s.kind), who ? " · " + who : "", " · ", s.topics.map((t) => t.name).join(", "))),
    h("td", {},
      s.reported ? h("span", { class: "badge reported" }, "Reported") : null,
      s.sensitive ? h("span", { class: "badge sensitive" }, "Sensitive") : null,
      s.appealed ? h("span", { class: "badge reported" }, "Appeal") : null,
      h("span", { class: "badge status" }, label(s.status))),
    h("td", {}, when(s.submittedAt)),
    h("td", {}, claimed
      ? [h("div", {}, "Claimed by " + s.claimedBy), h("div", { class: "muted", "data-expires": s.claimExpiresAt }, timeLeft(s.claimExpiresAt))]
      : h("span", { class: "muted" }, "Unclaimed")));
}
