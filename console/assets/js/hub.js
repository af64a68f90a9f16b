// The hub page of a campaign: featured content and creator spotlights in position order, reordered
// with buttons or Alt+↑/↓ on a focused row; partners; and a preview of the page as the public
// sees it (queried without the token). A move is one moveFeature mutation: the server takes the
// neighbour's position and shifts the others in one transaction; the position the page showed is
// sent along, so a placement someone else moved meanwhile is a CONFLICT, not a silent reorder.

import { gql } from "./api.js";
import { h, replace, announce, when, errorBox } from "./dom.js";

const campaignsQ = `query ConsoleCampaigns { campaigns { id slug name startsAt endsAt } }`;
const pageQ = `query ConsoleHub($slug: String!) {
  campaign(slug: $slug) { id slug name features { id kind position startsAt endsAt
    content { id title } creator { id handle displayName } organization { id name } } }
  contents(first: 30) { edges { node { id title } } }
}`;
const previewQ = `query ConsoleHubPreview($slug: String!) { campaign(slug: $slug) {
  name hashtag description featuredContents { title kind } spotlightCreators { displayName handle verifiedProfessional }
  partnerOrganizations { name } upcomingEvents(first: 5) { title startsAt }
} }`;
const placeContent = `mutation ConsoleFeature($c: ID!, $id: ID!, $p: Int!, $s: Time, $e: Time) { featureContent(campaignID: $c, contentID: $id, position: $p, startsAt: $s, endsAt: $e) { id } }`;
const removeM = `mutation ConsoleRemoveFeature($id: ID!) { removeFeature(id: $id) }`;
const moveM = `mutation ConsoleMoveFeature($id: ID!, $p: Int!, $was: Int) { moveFeature(id: $id, position: $p, expectedPosition: $was) { id position } }`;

/** render shows the hub page of the campaign named in the address (#/hub/SLUG), or the first. */
export function render(main, wanted) {
  const pick = h("select", { id: "campaign" });
  const flash = h("div");
  const body = h("div");
  replace(main, h("h2", {}, "Hub page"), h("div", { class: "row" }, h("label", { for: "campaign" }, "Campaign"), pick), flash, body);
  let slug = null;
  let page = null;
  let loads = 0; // only the latest load draws: a slow answer for another campaign is dropped
  const load = async () => {
    const n = ++loads;
    body.setAttribute("aria-busy", "true");
    try {
      const [d, pv] = await Promise.all([gql(pageQ, { slug }), gql(previewQ, { slug }, { anonymous: true })]);
      if (n !== loads) return;
      page = d;
      draw(pv.campaign);
      body.dataset.campaign = slug;
    } catch (err) { if (n === loads) replace(body, errorBox(err)); }
    if (n === loads) body.removeAttribute("aria-busy");
  };
  const move = async (list, i, dir) => {
    const j = i + dir;
    if (j < 0 || j >= list.length) return;
    const a = list[i], b = list[j];
    const to = b.position !== a.position ? b.position : Math.max(0, a.position + dir);
    try {
      await gql(moveM, { id: a.id, p: to, was: a.position });
      replace(flash, h("div", { class: "notice", role: "status" }, "Moved “" + name(a) + "” to position " + to + "."));
      announce("Moved " + name(a) + (dir < 0 ? " up" : " down"));
    } catch (err) {
      replace(flash, err.code === "CONFLICT"
        ? h("div", { class: "alert", role: "alert" }, h("strong", {}, "Someone else moved it first. "), "Nothing was changed; the list below is the current order.")
        : errorBox(err));
    }
    await load();
    const row = body.querySelector(`li[data-target="${CSS.escape((a.content || a.creator).id)}"]`);
    if (row) row.focus();
  };
  const draw = (preview) => {
    const feats = page.campaign.features.slice().sort((x, y) => x.position - y.position);
    const list = (kind, title) => {
      const fs = feats.filter((f) => f.kind === kind);
      return h("section", { class: "card", "aria-labelledby": kind + "-h" }, h("h3", { id: kind + "-h" }, title),
        fs.length ? h("ol", { class: "features", id: "list-" + kind, "aria-describedby": "reorder-help" }, fs.map((f, i) => h("li", {
          tabindex: 0, "data-target": (f.content || f.creator || f.organization).id,
          onkeydown: (e) => {
            if (e.altKey && (e.key === "ArrowUp" || e.key === "ArrowDown")) { e.preventDefault(); move(fs, i, e.key === "ArrowUp" ? -1 : 1); }
          },
        },
        h("span", { class: "pos" }, "#" + f.position),
        h("span", { class: "what" }, name(f), h("div", { class: "muted" }, window_(f))),
        kind !== "PARTNER_ORGANIZATION" ? [
          h("button", { type: "button", class: "secondary", disabled: i === 0, "aria-label": "Move " + name(f) + " up", onclick: () => move(fs, i, -1) }, "↑"),
          h("button", { type: "button", class: "secondary", disabled: i === fs.length - 1, "aria-label": "Move " + name(f) + " down", onclick: () => move(fs, i, 1) }, "↓")] : null,
        h("button", { type: "button", class: "secondary", "aria-label": "Remove " + name(f), onclick: async () => {
          try { await gql(removeM, { id: f.id }); announce("Removed " + name(f)); } catch (err) { replace(flash, errorBox(err)); }
          load();
        } }, "Remove")))) : h("p", { class: "muted" }, "None."));
    };
    replace(body,
      h("p", { id: "reorder-help", class: "muted" }, "Reorder with the arrow buttons, or focus a row and press Alt+↑ / Alt+↓. Each move is saved at once."),
      h("div", { class: "grid2" },
        h("div", {}, list("CONTENT", "Featured content"), list("CREATOR_SPOTLIGHT", "Creator spotlights"), list("PARTNER_ORGANIZATION", "Partners"), addForm(page, load, flash)),
        h("section", { class: "preview", "aria-labelledby": "pv-h", id: "preview" }, h("h3", { id: "pv-h" }, "Preview: the page as the public sees it"), previewOf(preview))));
  };
  gql(campaignsQ).then((d) => {
    replace(pick, d.campaigns.map((c) => h("option", { value: c.slug }, c.name)));
    slug = d.campaigns.some((c) => c.slug === wanted) ? wanted : d.campaigns.length ? d.campaigns[0].slug : null;
    pick.value = slug || "";
    pick.onchange = () => { slug = pick.value; history.replaceState(null, "", "#/hub/" + encodeURIComponent(slug)); load(); };
    if (slug) load(); else replace(body, h("p", {}, "No campaigns."));
  }, (err) => replace(body, errorBox(err)));
  return () => {};
}

const name = (f) => f.content ? f.content.title : f.creator ? (f.creator.displayName || "@" + f.creator.handle) : f.organization ? f.organization.name : "?";
const window_ = (f) => f.startsAt || f.endsAt ? "shown " + (f.startsAt ? "from " + when(f.startsAt) : "") + (f.endsAt ? " until " + when(f.endsAt) : "") : "always shown";

function addForm(page, load, flash) {
  const content = h("select", { id: "add-content" }, page.contents.edges.map((e) => h("option", { value: e.node.id }, e.node.title)));
  const pos = h("input", { type: "number", id: "add-position", min: 0, max: 10000, value: 1 });
  return h("form", { class: "card", onsubmit: async (e) => {
    e.preventDefault();
    try {
      await gql(placeContent, { c: page.campaign.id, id: content.value, p: parseInt(pos.value, 10), s: null, e: null });
      replace(flash, h("div", { class: "notice", role: "status" }, "Featured."));
    } catch (err) { replace(flash, errorBox(err)); }
    load();
  } }, h("h3", {}, "Feature live content"), h("label", { for: "add-content" }, "Content"), content,
  h("label", { for: "add-position" }, "Position (0–10000)"), pos, h("div", { class: "row" }, h("button", { type: "submit" }, "Feature")));
}

function previewOf(c) {
  if (!c) return h("p", {}, "The public sees no page for this campaign.");
  return [
    h("h4", {}, c.name, " ", h("span", { class: "muted" }, c.hashtag.startsWith("#") ? c.hashtag : "#" + c.hashtag)),
    c.description ? h("p", {}, c.description) : null,
    h("h5", {}, "Featured"), c.featuredContents.length ? h("ol", {}, c.featuredContents.map((x) => h("li", {}, x.title))) : h("p", { class: "muted" }, "Nothing featured now."),
    h("h5", {}, "Spotlight"), c.spotlightCreators.length ? h("ul", {}, c.spotlightCreators.map((x) => h("li", {}, x.displayName + " @" + x.handle, x.verifiedProfessional ? " ✓ verified" : ""))) : h("p", { class: "muted" }, "No spotlight now."),
    h("h5", {}, "Partners"), h("p", {}, c.partnerOrganizations.map((o) => o.name).join(", ") || "—"),
    h("h5", {}, "Upcoming events"), c.upcomingEvents.length ? h("ul", {}, c.upcomingEvents.map((e) => h("li", {}, e.title + " — " + when(e.startsAt)))) : h("p", { class: "muted" }, "None."),
  ];
}
