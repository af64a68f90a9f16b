// Events and capacity, for publishers: upcoming events with their seats taken and left, a form to
// create one (a capacity is optional; a full event refuses more registrations), and a form to
// change one: its title, times, description and capacity, never below the seats already taken.

import { gql } from "./api.js";
import { h, replace, when, errorBox, label } from "./dom.js";
import { runner } from "./outcome.js";

const listQ = `query ConsoleEvents { events(first: 100, upcoming: true) { edges { node {
  id title description kind audience startsAt endsAt capacity registeredCount seatsLeft campaign { id name } hostOrganization { id name }
} } }
campaigns { id name }
organizations(first: 100) { edges { node { id name } } } }`;
const createM = `mutation ConsoleCreateEvent($in: CreateEventInput!) { createEvent(input: $in) { id title } }`;
const updateM = `mutation ConsoleUpdateEvent($id: ID!, $in: UpdateEventInput!) { updateEvent(id: $id, input: $in) { id title capacity } }`;

const localValue = (d) => new Date(d.getTime() - d.getTimezoneOffset() * 60000).toISOString().slice(0, 16);
const hoursBetween = (a, b) => Math.round((new Date(b) - new Date(a)) / 900e3) / 4;

export function render(main) {
  const flash = h("div");
  const list = h("section", { "aria-labelledby": "events-h" }, h("h3", { id: "events-h" }, "Upcoming events"), h("p", {}, "Loading…"));
  const side = h("div");
  replace(main, h("h2", {}, "Events and capacity"), flash, h("div", { class: "grid2" }, list, side));
  let d = null;
  let editing = null; // the event in the edit form, or null
  const load = async () => {
    try { d = await gql(listQ); draw(); } catch (err) { replace(list, errorBox(err)); }
  };
  const run = runner(flash, load);

  const createForm = () => {
    const title = h("input", { type: "text", id: "event-title", required: true });
    const kind = h("select", { id: "event-kind" }, ["TRAINING", "AWARENESS_DAY", "LIVESTREAM"].map((k) => h("option", { value: k }, label(k))));
    const audience = h("select", { id: "event-audience" }, ["PUBLIC", "PARTNERS"].map((k) => h("option", { value: k }, k === "PUBLIC" ? "Public" : "Partner organizations only")));
    const tomorrow = new Date(Date.now() + 24 * 3600e3);
    tomorrow.setMinutes(0, 0, 0);
    const starts = h("input", { type: "datetime-local", id: "event-starts", required: true, value: localValue(tomorrow) });
    const hours = h("input", { type: "number", id: "event-hours", min: 0.25, max: 72, step: 0.25, value: 1, required: true });
    const capacity = h("input", { type: "number", id: "event-capacity", min: 1, max: 1000000, "aria-describedby": "event-capacity-help" });
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
      if (await run(createM, { in: input }, "Event “" + input.title + "” created.")) form.reset();
    } }, h("h3", {}, "Create an event"),
    h("label", { for: "event-title" }, "Title"), title, h("label", { for: "event-kind" }, "Kind"), kind,
    h("label", { for: "event-audience" }, "Audience"), audience, h("label", { for: "event-starts" }, "Starts (your time)"), starts,
    h("label", { for: "event-hours" }, "Length in hours"), hours, h("label", { for: "event-capacity" }, "Capacity (seats)"), capacity,
    h("div", { class: "muted", id: "event-capacity-help" }, "Leave empty for no limit. A full event refuses more registrations."),
    h("label", { for: "event-campaign" }, "Campaign"), campaign, h("label", { for: "event-host" }, "Host organization"), host,
    h("label", { for: "event-description" }, "Description (optional)"), desc,
    h("div", { class: "row" }, h("button", { type: "submit" }, "Create event")));
    return form;
  };

  // editForm changes ev. Only the fields the publisher changed are sent, so the audit log names
  // what changed; a refused change keeps everything typed.
  const editForm = (ev) => {
    const title = h("input", { type: "text", id: "edit-title", required: true, value: ev.title });
    const starts = h("input", { type: "datetime-local", id: "edit-starts", required: true, value: localValue(new Date(ev.startsAt)) });
    const hours = h("input", { type: "number", id: "edit-hours", min: 0.25, max: 72, step: 0.25, required: true, value: hoursBetween(ev.startsAt, ev.endsAt) });
    const capacity = h("input", { type: "number", id: "edit-capacity", min: 1, max: 1000000, value: ev.capacity == null ? "" : ev.capacity, "aria-describedby": "edit-capacity-help" });
    const desc = h("textarea", { id: "edit-description", rows: 2 }, ev.description || "");
    const initial = { title: title.value, starts: starts.value, hours: hours.value, capacity: capacity.value, desc: desc.value };
    const form = h("form", { class: "card", id: "edit-event", "data-id": ev.id, onsubmit: async (e) => {
      e.preventDefault();
      const input = {};
      if (title.value !== initial.title) input.title = title.value.trim();
      if (desc.value !== initial.desc) input.description = desc.value.trim();
      if (starts.value !== initial.starts || hours.value !== initial.hours) {
        const start = new Date(starts.value);
        input.startsAt = start.toISOString();
        input.endsAt = new Date(start.getTime() + parseFloat(hours.value) * 3600e3).toISOString();
      }
      if (capacity.value !== initial.capacity) input.capacity = capacity.value ? parseInt(capacity.value, 10) : null;
      if (!Object.keys(input).length) { replace(flash, h("div", { class: "notice", role: "status" }, "Nothing changed.")); return; }
      const name = input.title || ev.title;
      if (await run(updateM, { id: ev.id, in: input }, "Event “" + name + "” changed" + ("capacity" in input
        ? ": capacity " + (input.capacity == null ? "no limit" : input.capacity) + "." : "."))) {
        editing = null;
        drawSide();
      }
    } }, h("h3", {}, "Change “" + ev.title + "”"),
    h("label", { for: "edit-title" }, "Title"), title, h("label", { for: "edit-starts" }, "Starts (your time)"), starts,
    h("label", { for: "edit-hours" }, "Length in hours"), hours, h("label", { for: "edit-capacity" }, "Capacity (seats)"), capacity,
    h("div", { class: "muted", id: "edit-capacity-help" }, ev.registeredCount + " taken, so the capacity cannot go below " + Math.max(ev.registeredCount, 1) +
      ". Leave empty for no limit."),
    h("label", { for: "edit-description" }, "Description"), desc,
    h("div", { class: "row" }, h("button", { type: "submit" }, "Save changes"),
      h("button", { type: "button", class: "secondary", onclick: () => { editing = null; drawSide(); } }, "Cancel")));
    return form;
  };

  let create = null;
  const drawSide = () => {
    create = create || createForm();
    if (!editing) { replace(side, create); return; }
    const form = editForm(editing);
    replace(side, form, create);
    form.querySelector("input").focus();
  };

  const draw = () => {
    const events = d.events.edges.map((e) => e.node);
    replace(list, h("h3", { id: "events-h" }, "Upcoming events"),
      events.length ? h("table", { id: "events-table" },
        h("thead", {}, h("tr", {}, ["Event", "When", "Seats", "Change"].map((t) => h("th", { scope: "col" }, t)))),
        h("tbody", {}, events.map((ev) => h("tr", { "data-id": ev.id },
          h("td", {}, h("strong", {}, ev.title), h("div", { class: "muted" }, label(ev.kind) + " · " + (ev.audience === "PUBLIC" ? "public" : "partners only"),
            ev.campaign ? " · " + ev.campaign.name : "", ev.hostOrganization ? " · hosted by " + ev.hostOrganization.name : "")),
          h("td", {}, when(ev.startsAt), h("div", { class: "muted" }, "until " + when(ev.endsAt))),
          h("td", { class: "seats" }, ev.capacity == null
            ? ev.registeredCount + " registered · no limit"
            : [ev.registeredCount + " of " + ev.capacity + " taken", h("div", { class: ev.seatsLeft === 0 ? "badge reported" : "muted" }, ev.seatsLeft === 0 ? "Full" : ev.seatsLeft + " left")]),
          h("td", {}, h("button", { type: "button", class: "secondary edit-event", "aria-label": "Change " + ev.title,
            onclick: () => { editing = ev; drawSide(); } }, "Change")))))) : h("p", {}, "No upcoming events."));
    if (!create) drawSide();
  };
  load();
  return () => {};
}
