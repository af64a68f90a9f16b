// The console's shell: sign-in, the sections the viewer's roles allow (and why the others are
// missing), hash routing, and the keyboard shortcuts.

import { gql, setToken } from "./api.js";
import { h, replace, announce, errorBox } from "./dom.js";
import { session, can } from "./session.js";
import { showCounter, resetSession, renderSettings } from "./wellbeing.js";
import * as queue from "./queue.js";
import * as review from "./review.js";
import * as reports from "./reports.js";
import * as publish from "./publish.js";
import * as hub from "./hub.js";
import * as audit from "./audit.js";
import * as oidc from "./oidc.js";
import * as admin from "./admin.js";
import * as appeals from "./appeals.js";
import * as events from "./events.js";

const main = document.getElementById("main");
const sections = [
  { id: "queue", name: "Queue", allowed: can.review, why: "needs the moderator or clinical reviewer role", view: queue.render },
  { id: "reports", name: "Reports", allowed: can.review, why: "needs the moderator role", view: reports.render },
  { id: "appeals", name: "Appeals", allowed: can.review, why: "needs the moderator role", view: appeals.render },
  { id: "publish", name: "Publishing", allowed: can.publish, why: "needs the publisher role", view: publish.render },
  { id: "hub", name: "Hub page", allowed: can.publish, why: "needs the publisher role", view: hub.render },
  { id: "events", name: "Events", allowed: can.publish, why: "needs the publisher role", view: events.render },
  { id: "audit", name: "Audit log", allowed: can.admin, why: "needs the admin role", view: audit.render },
  { id: "organizations", name: "Organizations", allowed: can.admin, why: "needs the admin role", view: admin.organizations },
  { id: "credentials", name: "Credentials", allowed: can.admin, why: "needs the admin role", view: admin.credentials },
  { id: "grants", name: "Ad credits", allowed: can.admin, why: "needs the admin role", view: admin.grants },
  { id: "settings", name: "Wellbeing", allowed: () => true, view: renderSettings },
];

let current = null; // {stop, onKey} of the view on screen

async function start() {
  try {
    const res = await fetch("/console/config.json", { cache: "no-store" });
    session.settings = await res.json();
  } catch (e) {
    session.settings = { mode: "development", accounts: [] };
  }
  const o = session.settings.oidc;
  if (o) {
    let token = null;
    try {
      token = await oidc.finish(o);
    } catch (err) {
      signInScreen(err.message);
      return;
    }
    if (token) { signInScreen(); await signIn(token); return; }
  }
  signInScreen();
}

function signInScreen(problem) {
  replace(document.getElementById("nav"));
  replace(document.getElementById("who"));
  const s = session.settings;
  const accounts = s.accounts || [];
  const o = s.oidc;
  const host = o ? new URL(o.issuer).host : "";
  replace(main, h("div", { class: "signin" },
    h("h2", {}, "Sign in"),
    problem ? h("div", { class: "alert", role: "alert", id: "signin-problem" }, problem) : null,
    o ? h("div", { class: "card" },
      h("p", {}, "Sign in with your organization's account at ", h("strong", {}, host), ". You will come back here; the token stays in this tab's memory and is gone when you close or reload it."),
      h("button", { type: "button", id: "oidc-sign-in", onclick: async (e) => {
        e.target.disabled = true;
        try { await oidc.begin(o); } catch (err) { e.target.disabled = false; signInScreen(err.message); }
      } }, "Sign in with " + host)) : null,
    s.mode === "production"
      ? (o ? null : h("p", { class: "warn" }, "No identity provider is configured: set CONSOLE_OIDC_ISSUER and CONSOLE_OIDC_CLIENT_ID to sign in to the console."))
      : accounts.length
        ? [h("p", {}, "Development: choose a demo account. Its token stays in this tab's memory and is gone when you close or reload it."),
          h("div", { class: "accounts" }, accounts.map((a) => h("button", {
            type: "button", "data-subject": a.subject, onclick: () => signIn(a.token),
          }, h("strong", {}, a.subject), " (" + a.roles.join(", ") + ")", h("div", { class: "muted" }, a.note))))]
        : o ? null : h("p", { class: "warn" }, "This server mints no development tokens (it verifies tokens from an identity provider).")));
}

async function signIn(token) {
  setToken(token);
  try {
    const data = await gql(`query ConsoleViewer { viewer { subject roles account { id displayName organizations { id name } creator { id } } } }`);
    session.viewer = data.viewer;
  } catch (err) {
    setToken(null);
    main.prepend(errorBox(err));
    return;
  }
  resetSession();
  drawChrome();
  if (!location.hash || location.hash === "#/") location.hash = "#/" + (sections.find((x) => x.allowed()) || sections[sections.length - 1]).id;
  route();
}

function signOut() {
  if (current && current.stop) current.stop();
  current = null;
  setToken(null);
  session.viewer = null;
  history.replaceState(null, "", "#/");
  signInScreen();
  announce("Signed out.");
}

function drawChrome() {
  const v = session.viewer;
  replace(document.getElementById("nav"), sections.map((s) => s.allowed()
    ? h("a", { href: "#/" + s.id, "data-section": s.id }, s.name)
    : h("span", { class: "off", "data-section": s.id }, s.name + ": " + s.why)));
  replace(document.getElementById("who"),
    can.review() ? h("span", { class: "counter", id: "sensitive-count" }) : null,
    h("span", { id: "viewer" }, v.subject + " (" + (v.roles.join(", ") || "no roles") + ")"),
    h("button", { type: "button", class: "link", id: "sign-out", onclick: signOut }, "Sign out"),
    h("button", { type: "button", class: "link", onclick: () => document.getElementById("help-dialog").showModal() }, "Shortcuts (?)"));
  showCounter();
}

function route() {
  if (!session.viewer) return;
  if (current && current.stop) current.stop();
  current = null;
  const [, name, arg] = (location.hash || "").split("/");
  for (const a of document.querySelectorAll("#nav a")) {
    if (a.dataset.section === name || (name === "review" && a.dataset.section === "queue")) a.setAttribute("aria-current", "page");
    else a.removeAttribute("aria-current");
  }
  if (name === "review" && can.review()) {
    current = review.render(main, decodeURIComponent(arg || ""));
  } else {
    const s = sections.find((x) => x.id === name);
    if (!s) { replace(main, h("p", {}, "No such page.")); return; }
    if (!s.allowed()) { replace(main, h("h2", {}, s.name), h("p", { class: "why" }, "This section " + s.why + ".")); return; }
    const r = s.view(main, decodeURIComponent(arg || ""));
    current = typeof r === "function" ? { stop: r } : r;
  }
  main.focus();
}

let pendingG = false;
document.addEventListener("keydown", (e) => {
  if (!session.viewer || e.ctrlKey || e.metaKey || e.altKey) return;
  const t = e.target;
  if (t.closest && t.closest("input, textarea, select, dialog[open]")) return;
  if (document.querySelector("dialog[open]")) return;
  const k = e.key;
  if (pendingG) {
    pendingG = false;
    if (k === "q") { location.hash = "#/queue"; e.preventDefault(); }
    if (k === "r") { location.hash = "#/reports"; e.preventDefault(); }
    return;
  }
  if (k === "g") { pendingG = true; return; }
  if (k === "?") { document.getElementById("help-dialog").showModal(); e.preventDefault(); return; }
  if (k === "j" || k === "k") { moveRow(k === "j" ? 1 : -1); e.preventDefault(); return; }
  if (current && current.onKey && current.onKey(k)) e.preventDefault();
});

/** moveRow moves the focus to the next or previous row's first link or button of a table. */
function moveRow(dir) {
  const rows = [...main.querySelectorAll("tbody tr")];
  if (!rows.length) return;
  const at = rows.findIndex((r) => r.contains(document.activeElement));
  const next = rows[Math.max(0, Math.min(rows.length - 1, at < 0 ? 0 : at + dir))];
  const target = next.querySelector("a, button");
  if (target) target.focus();
  for (const r of rows) r.classList.toggle("focused", r === next);
}

window.addEventListener("hashchange", route);
start();
