// Moderator wellbeing: sensitive media stays blurred and muted until revealed, and the console
// counts the sensitive items decided in this session and suggests a break every N of them.

import { h, replace } from "./dom.js";

const key = "haven.console.breakAfter"; // a preference, not a secret; the token is never stored
let reviewed = 0;

/** breakAfter is how many sensitive items may be reviewed before a break prompt. */
export function breakAfter() {
  const n = parseInt(localStorage.getItem(key) || "5", 10);
  return n >= 1 && n <= 100 ? n : 5;
}

export function setBreakAfter(n) { localStorage.setItem(key, String(n)); }

export function reviewedCount() { return reviewed; }

/** recordSensitive counts a decided sensitive item and prompts for a break every breakAfter(). */
export function recordSensitive() {
  reviewed++;
  showCounter();
  if (reviewed % breakAfter() === 0) {
    document.getElementById("break-text").textContent =
      "You have reviewed " + reviewed + " sensitive " + (reviewed === 1 ? "item" : "items") + " this session.";
    document.getElementById("break-dialog").showModal();
  }
}

export function resetSession() { reviewed = 0; }

/** showCounter updates the header's count. */
export function showCounter() {
  const el = document.getElementById("sensitive-count");
  if (el) el.textContent = "Sensitive reviewed this session: " + reviewed;
}

/**
 * sensitiveMedia shows an image or video: blurred, muted and behind a veil with a Reveal button
 * when sensitive, plainly otherwise.
 */
export function sensitiveMedia({ src, kind, sensitive, alt, small }) {
  if (!src) return null;
  const media = kind === "VIDEO" && !small
    ? h("video", { src, muted: true, preload: "none", "aria-label": alt })
    : h("img", { src, alt, loading: "lazy" });
  if (media.tagName === "VIDEO") media.muted = true;
  const wrap = h("div", { class: "media" + (small ? " thumb" : "") }, media);
  if (!sensitive) {
    if (media.tagName === "VIDEO") media.controls = true;
    return wrap;
  }
  wrap.classList.add("blurred");
  wrap.dataset.sensitive = "true";
  const reveal = () => {
    wrap.classList.remove("blurred");
    veil.remove();
    if (media.tagName === "VIDEO") media.controls = true; // still muted; the viewer unmutes
  };
  const veil = h("div", { class: "veil" },
    small ? null : h("span", {}, "Sensitive media"),
    small ? null : h("button", { type: "button", class: "reveal", onclick: reveal }, "Reveal sensitive media"));
  if (small) veil.setAttribute("aria-hidden", "true");
  wrap.append(veil);
  return wrap;
}

/** renderSettings is the wellbeing settings page. */
export function renderSettings(main) {
  const input = h("input", { type: "number", id: "break-after", min: 1, max: 100, value: breakAfter() });
  const saved = h("p", { role: "status", class: "muted" });
  const form = h("form", {
    onsubmit: (e) => {
      e.preventDefault();
      const n = parseInt(input.value, 10);
      if (!(n >= 1 && n <= 100)) { saved.textContent = "Choose a number from 1 to 100."; return; }
      setBreakAfter(n);
      saved.textContent = "Saved: a break prompt after every " + n + " sensitive items.";
    },
  },
  h("label", { for: "break-after" }, "Suggest a break after this many sensitive items"),
  h("div", { class: "row" }, input, h("button", { type: "submit" }, "Save")), saved);
  replace(main,
    h("h2", {}, "Wellbeing"),
    h("div", { class: "card" },
      h("p", {}, "Sensitive items decided in this session: ", h("strong", {}, String(reviewed))),
      h("p", { class: "muted" }, "Sensitive media (suicide, self-harm, eating disorders) is blurred and muted until you reveal it, one item at a time."),
      form));
  return null;
}
