// Small DOM helpers: elements are built with h(), never from HTML strings, so that text from the
// API (titles, notes, report details) is always text.

/**
 * h builds an element: h("button", {class: "x", onclick: f}, "text", child...). Attributes whose
 * value is false, null or undefined are left out; "on…" attributes become listeners.
 */
export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === false || v === null || v === undefined) continue;
    if (k.startsWith("on") && typeof v === "function") el.addEventListener(k.slice(2), v);
    else if (k === "dataset") Object.assign(el.dataset, v);
    else el.setAttribute(k, v === true ? "" : String(v));
  }
  append(el, children);
  return el;
}

function append(el, children) {
  for (const c of children) {
    if (c === null || c === undefined || c === false) continue;
    if (Array.isArray(c)) append(el, c);
    else el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
}

/** replace empties el and fills it with children. */
export function replace(el, ...children) {
  el.replaceChildren();
  append(el, children);
}

/** announce says msg to screen-reader users and shows it in the status bar. */
export function announce(msg) {
  const s = document.getElementById("status");
  s.textContent = msg;
}

/** when formats an ISO time for people, in their time zone. */
export function when(iso) {
  if (!iso) return "";
  return new Date(iso).toLocaleString(undefined, { dateStyle: "medium", timeStyle: "short" });
}

/** timeLeft says how long until iso ("12 min left") or that it passed. */
export function timeLeft(iso, now = Date.now()) {
  const ms = new Date(iso).getTime() - now;
  if (ms <= 0) return "lease expired";
  const min = Math.ceil(ms / 60000);
  return min >= 60 ? Math.floor(min / 60) + " h " + (min % 60) + " min left" : min + " min left";
}

/** confirmAction opens the confirmation dialog and resolves true when the user confirms. */
export function confirmAction(text, okLabel = "Confirm") {
  const d = document.getElementById("confirm-dialog");
  document.getElementById("confirm-text").textContent = text;
  document.getElementById("confirm-ok").textContent = okLabel;
  d.returnValue = "";
  return new Promise((resolve) => {
    d.addEventListener("close", () => resolve(d.returnValue === "confirm"), { once: true });
    d.showModal();
  });
}

/** errorBox renders an API error as an alert. */
export function errorBox(err) {
  return h("div", { class: "alert", role: "alert" }, h("strong", {}, codeText(err.code) + " "), err.message);
}

const codes = {
  FORBIDDEN: "Not allowed:",
  UNAUTHENTICATED: "Signed out:",
  BAD_USER_INPUT: "Please check the form:",
  INVALID_TRANSITION: "Not possible now:",
  CLINICAL_REVIEW_REQUIRED: "Needs a clinical reviewer:",
  CHECKLIST_INCOMPLETE: "Checklist incomplete:",
  NOT_FOUND: "Not found:",
  NETWORK: "Offline:",
};

function codeText(code) { return codes[code] || code + ":"; }

/** labels of enums, for people. */
export const label = (s) => (s || "").toLowerCase().replaceAll("_", " ").replace(/^./, (c) => c.toUpperCase());
