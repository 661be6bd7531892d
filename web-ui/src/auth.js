// Sign-in: the token from the login link's fragment, kept in localStorage; sign-out clears it.
import { TOKEN_KEY, tokenFromHash } from "./lib/url-state.js";

export function getToken() {
  return localStorage.getItem(TOKEN_KEY) || "";
}

export function setToken(token) {
  if (token) localStorage.setItem(TOKEN_KEY, token);
  else localStorage.removeItem(TOKEN_KEY);
}

/** Moves a "#token=..." from the address bar into storage and drops it from the address and history. */
export function takeTokenFromAddress() {
  const { token, hash } = tokenFromHash(location.hash);
  if (!token) return;
  setToken(token);
  history.replaceState(history.state, "", location.pathname + location.search + hash);
}
