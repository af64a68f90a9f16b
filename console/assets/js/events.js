// Events and capacity, for publishers: upcoming events with their seats taken and left, and a
// form to create one (a capacity is optional; a full event refuses more registrations).

import { gql } from "./api.js";
import { h, replace, announce, when, errorBox, label } from "./dom.js";

const listQ = `query ConsoleEvents { events(first: 100, upcoming: true) { edges { node {
  id title kind audience startsAt endsAt capacity registeredCount seatsLeft campaign { id name } hostOrganization { id name }
} } }
campaigns { id name }
organizations(first: 100) { edges { node { id name } } } }`;
const createM = `mutation ConsoleCreateEvent($in: CreateEventInput!) { createEvent(input: $in) { id title } }`;

const localValue = (d) => new Date(d.getTime() - d.getTimezoneOffset() * 60000).toISOString().slice(0, 16);

export function render(main) {
  const flash = h("div");
  const body = h("div", {}, h("p", {}, "Loading…"));
  replace(main, h("h2", {}, "Events and capacity"), flash, body);
  let d = null;
  const load = async () => {
    try { d = await gql(listQ); draw(); } catch (err) { replace(body, errorBox(err)); }
  };
  const draw = () => {
    const events = d.events.edges.map((e) => e.node);
    const title = h("input", { type: "text", id: "event-title", required: true });
    const kind = h("select", { id: "event-kind" }, ["TRAINING", "AWARENESS_DAY", "LIVESTREAM"].map((k) => h("option", { value: k }, label(k))));
    const audience = h("select", { id: "event-audience" }, ["PUBLIC", "PARTNERS"].map((k) => h("option", { value: k }, k === "PUBLIC" ? "Public" : "Partner organizations only")));
    const tomorrow = new Date(Date.now() + 24 * 3600e3);
    tomorrow.setMinutes(0, 0, 0);
    const starts = h("input", { type: "datetime-local", id: "event-starts", required: true, value: localValue(tomorrow) });
    const hours = h("input", { type: "number", id: "event-hours", min: 0.25, max: 72, step: 0.25, value: 1, required: true });
    const capacity = h("input", { type: "number", id: "event-capacity", min: 1, max: 100000, "aria-describedby": "event-capacity-help" });
    const campaign = h("select", { id: "event-campaign" }, h("option", { value: "" }, "None"), d.campaigns.map((c) => h("option", { value: c.id }, c.name)));
    const host = h("select", { id: "event-host" }, h("option", { value: "" }, "None"), d.organizations.edges.map((e) => h("option", { value: e.node.id }, e.node.name)));
    const desc = h("textarea", { id: "event-description", rows: 2 });
    const form = h("form", { class: "card", id: "create-event", onsubmit: async (e) => {
      e.preventDefault();
      const start = new Date(starts.value);
      const input = {
        title: title.value.trim(), kind: kind.value, audience: audience.value, description: desc.value.trim() || null,
        startsAt: start.toISOString(), endsAt: new Date(start.getTime() + parseFloat(hours.value) * 3600e3).toISOString(),
        capacity: capacity.value ? parseInt(capacity.value, 10) : null, campaignID: campaign.value || null, hostOrganizationID: host.value || null,
      };
      let msg;
      try {
        await gql(createM, { in: input });
        msg = h("div", { class: "notice", role: "status" }, "Event “" + input.title + "” created.");
        announce("Event created.");
      } catch (err) { msg = errorBox(err); }
      const ok = msg.classList.contains("notice");
      if (ok) await load();
      replace(flash, msg);
      msg.tabIndex = -1;
      msg.focus();
    } }, h("h3", {}, "Create an event"),
    h("label", { for: "event-title" }, "Title"), title, h("label", { for: "event-kind" }, "Kind"), kind,
    h("label", { for: "event-audience" }, "Audience"), audience, h("label", { for: "event-starts" }, "Starts (your time)"), starts,
    h("label", { for: "event-hours" }, "Length in hours"), hours, h("label", { for: "event-capacity" }, "Capacity (seats)"), capacity,
    h("div", { class: "muted", id: "event-capacity-help" }, "Leave empty for no limit. A full event refuses more registrations."),
    h("label", { for: "event-campaign" }, "Campaign"), campaign, h("label", { for: "event-host" }, "Host organization"), host,
    h("label", { for: "event-description" }, "Description (optional)"), desc,
    h("div", { class: "row" }, h("button", { type: "submit" }, "Create event")));
    replace(body, h("div", { class: "grid2" },
      h("section", { "aria-labelledby": "events-h" }, h("h3", { id: "events-h" }, "Upcoming events"),
        events.length ? h("table", { id: "events-table" },
          h("thead", {}, h("tr", {}, ["Event", "When", "Seats"].map((t) => h("th", { scope: "col" }, t)))),
          h("tbody", {}, events.map((ev) => h("tr", { "data-id": ev.id },
            h("td", {}, h("strong", {}, ev.title), h("div", { class: "muted" }, label(ev.kind) + " · " + (ev.audience === "PUBLIC" ? "public" : "partners only"),
              ev.campaign ? " · " + ev.campaign.name : "", ev.hostOrganization ? " · hosted by " + ev.hostOrganization.name : "")),
            h("td", {}, when(ev.startsAt), h("div", { class: "muted" }, "until " + when(ev.endsAt))),
            h("td", { class: "seats" }, ev.capacity == null
              ? ev.registeredCount + " registered · no limit"
              : [ev.registeredCount + " of " + ev.capacity + " taken", h("div", { class: ev.seatsLeft === 0 ? "badge reported" : "muted" }, ev.seatsLeft === 0 ? "Full" : ev.seatsLeft + " left")]))))) : h("p", {}, "No upcoming events.")),
      form));
  };
  load();
  return () => {};
}
