// The console's only way to the server: the public GraphQL API over HTTP POST and, for live
// updates, graphql-transport-ws on the same /graphql endpoint. The token lives in this module's
// memory only; it is never written to localStorage, sessionStorage or a cookie.

let token = null;

/** setToken signs the console in (a token) or out (null). */
export function setToken(t) { token = t; }

/** ApiError is a GraphQL error answer; code is extensions.code of the first error. */
export class ApiError extends Error {
  constructor(errors) {
    super(errors.map((e) => e.message).join("; "));
    this.errors = errors;
    this.code = (errors[0] && errors[0].extensions && errors[0].extensions.code) || "ERROR";
  }
}

/**
 * gql runs one operation and returns its data, throwing ApiError when the answer carries errors.
 * With {anonymous: true} the request goes without the token, as the public would send it.
 */
export async function gql(query, variables = {}, opts = {}) {
  const headers = { "Content-Type": "application/json" };
  if (token && !opts.anonymous) headers.Authorization = "Bearer " + token;
  let res;
  try {
    res = await fetch("/graphql", { method: "POST", headers, body: JSON.stringify({ query, variables }) });
  } catch (e) {
    throw new ApiError([{ message: "The server could not be reached.", extensions: { code: "NETWORK" } }]);
  }
  let body;
  try {
    body = await res.json();
  } catch (e) {
    throw new ApiError([{ message: "The server answered " + res.status + ".", extensions: { code: "HTTP_" + res.status } }]);
  }
  if (body.errors && body.errors.length) throw new ApiError(body.errors);
  return body.data;
}

/**
 * subscribe runs a subscription over graphql-transport-ws and calls onNext with each payload's
 * data; onState(connected) reports the connection. It reconnects after a drop, backing off up to
 * 10 s. It returns a function that stops it.
 */
export function subscribe(query, onNext, onState) {
  let ws = null;
  let stopped = false;
  let delay = 500;
  let timer = null;
  const open = () => {
    if (stopped) return;
    const url = (location.protocol === "https:" ? "wss://" : "ws://") + location.host + "/graphql";
    ws = new WebSocket(url, "graphql-transport-ws");
    ws.onopen = () => {
      ws.send(JSON.stringify({ type: "connection_init", payload: token ? { Authorization: "Bearer " + token } : {} }));
    };
    ws.onmessage = (ev) => {
      let msg;
      try { msg = JSON.parse(ev.data); } catch (e) { return; }
      switch (msg.type) {
        case "connection_ack":
          delay = 500;
          ws.send(JSON.stringify({ id: "1", type: "subscribe", payload: { query } }));
          onState(true);
          break;
        case "ping":
          ws.send(JSON.stringify({ type: "pong" }));
          break;
        case "next":
          if (msg.payload && msg.payload.data) onNext(msg.payload.data);
          break;
        case "error":
          onState(false, new ApiError(msg.payload || [{ message: "subscription refused" }]));
          break;
      }
    };
    ws.onclose = () => {
      onState(false);
      if (stopped) return;
      timer = setTimeout(open, delay);
      delay = Math.min(delay * 2, 10000);
    };
  };
  open();
  return () => {
    stopped = true;
    clearTimeout(timer);
    if (ws) ws.close();
  };
}
