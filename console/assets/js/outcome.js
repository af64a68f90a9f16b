// How a screen runs one mutation of a list: send it, reload the list, and say what happened above
// it (the success, the API's refusal, or CONFLICT as "someone else decided first" with the new
// state on screen). Every list screen shares it so that they all answer alike.

import { gql } from "./api.js";
import { h, replace, announce, errorBox } from "./dom.js";

/** outcomeBox renders a refused mutation: CONFLICT as someone else's earlier decision, others as errorBox. */
export function outcomeBox(err) {
  return err.code === "CONFLICT"
    ? h("div", { class: "alert", role: "alert" }, h("strong", {}, "Someone else decided first. "), "The list shows the new state. ", h("span", { class: "muted" }, err.message))
    : errorBox(err);
}

/**
 * runner returns run(query, vars, done): it runs the mutation, reloads the list with load, shows
 * done (or the refusal) in flash and moves focus there. It resolves true when the mutation passed.
 */
export function runner(flash, load) {
  return async (q, vars, done) => {
    let msg;
    try {
      await gql(q, vars);
      msg = h("div", { class: "notice", role: "status" }, done);
      announce(done);
    } catch (err) {
      msg = outcomeBox(err);
    }
    await load();
    replace(flash, msg);
    msg.tabIndex = -1;
    msg.focus();
    return !msg.classList.contains("alert");
  };
}
