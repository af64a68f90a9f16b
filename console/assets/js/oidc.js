// Production sign-in: OpenID Connect, authorization code with PKCE (S256), the console being a
// public client of the organization's identity provider. The browser goes to the provider's
// sign-in page and comes back to /console/ with a one-time code, which this tab exchanges for a
// token together with the secret code verifier only it knows.
//
// The token is kept in memory only (api.js). What must survive the round trip to the provider
// (the state, the nonce and the code verifier, none of them a credential) is kept in
// sessionStorage for that trip and deleted as soon as the console is back.

const PENDING = "haven.console.oidc-pending";

const b64url = (bytes) => btoa(String.fromCharCode(...new Uint8Array(bytes)))
  .replaceAll("+", "-").replaceAll("/", "_").replace(/=+$/, "");
const random = (n) => b64url(crypto.getRandomValues(new Uint8Array(n)));
const redirectURI = () => location.origin + "/console/";

/** SignInError is a failed sign-in, with a message for people. */
export class SignInError extends Error {}

/** discover reads the provider's discovery document and checks that it is the issuer's. */
async function discover(issuer) {
  let res;
  try {
    res = await fetch(issuer + "/.well-known/openid-configuration", { cache: "no-store" });
  } catch (e) {
    throw new SignInError("The identity provider could not be reached.");
  }
  if (!res.ok) throw new SignInError("The identity provider's discovery document answered " + res.status + ".");
  const d = await res.json();
  if (d.issuer !== issuer) throw new SignInError("The identity provider says it is " + d.issuer + ", not " + issuer + ".");
  if (!d.authorization_endpoint || !d.token_endpoint) throw new SignInError("The identity provider's discovery document has no authorization or token endpoint.");
  if (d.code_challenge_methods_supported && !d.code_challenge_methods_supported.includes("S256")) {
    throw new SignInError("The identity provider does not support PKCE with S256.");
  }
  return d;
}

/** begin sends the browser to the provider's sign-in page. */
export async function begin(oidc) {
  const d = await discover(oidc.issuer);
  const verifier = random(32);
  const challenge = b64url(await crypto.subtle.digest("SHA-256", new TextEncoder().encode(verifier)));
  const state = random(16);
  const nonce = random(16);
  sessionStorage.setItem(PENDING, JSON.stringify({ state, nonce, verifier, hash: location.hash }));
  const u = new URL(d.authorization_endpoint);
  for (const [k, v] of Object.entries({
    response_type: "code", client_id: oidc.clientID, redirect_uri: redirectURI(), scope: oidc.scopes,
    state, nonce, code_challenge: challenge, code_challenge_method: "S256",
  })) u.searchParams.set(k, v);
  location.assign(u.toString());
}

/** payload decodes the claims of a JWT without verifying it (the server verifies every token). */
function payload(jwt) {
  try {
    const p = jwt.split(".")[1].replaceAll("-", "+").replaceAll("_", "/");
    return JSON.parse(decodeURIComponent(escape(atob(p))));
  } catch (e) {
    return null;
  }
}

/**
 * finish completes a sign-in when the provider has just sent the browser back: it returns the
 * token for the API, or null when this page load is not a return from the provider.
 */
export async function finish(oidc) {
  const q = new URLSearchParams(location.search);
  if (!q.has("code") && !q.has("error")) return null;
  const pending = JSON.parse(sessionStorage.getItem(PENDING) || "null");
  sessionStorage.removeItem(PENDING);
  // The code is single-use and now spent either way: take it out of the address bar and history.
  history.replaceState(null, "", location.pathname + ((pending && pending.hash) || ""));
  if (q.has("error")) throw new SignInError("The identity provider refused the sign-in: " + (q.get("error_description") || q.get("error")) + ".");
  if (!pending || q.get("state") !== pending.state) throw new SignInError("This sign-in answer was not requested by this tab. Please sign in again.");
  const d = await discover(oidc.issuer);
  let res;
  try {
    res = await fetch(d.token_endpoint, {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({
        grant_type: "authorization_code", code: q.get("code"), redirect_uri: redirectURI(),
        client_id: oidc.clientID, code_verifier: pending.verifier,
      }),
    });
  } catch (e) {
    throw new SignInError("The identity provider's token endpoint could not be reached.");
  }
  const body = await res.json().catch(() => ({}));
  if (!res.ok) throw new SignInError("The identity provider refused the code: " + (body.error_description || body.error || res.status) + ".");
  if (body.id_token) {
    const claims = payload(body.id_token);
    if (!claims || claims.nonce !== pending.nonce) throw new SignInError("The identity provider's answer does not match this sign-in (nonce). Please sign in again.");
  }
  // A JWT access token is meant for APIs; a provider whose access tokens are opaque is used
  // with its ID token, whose audience is the console's client ID (set JWT_AUDIENCE to match).
  const token = body.access_token && payload(body.access_token) ? body.access_token : body.id_token;
  if (!token) throw new SignInError("The identity provider returned no token Haven can verify.");
  return token;
}
