// Pure helpers for the address bar: the sign-in fragment and the deep-link query string.

export const TOKEN_KEY = "graphdrive.token";
const KEYS = ["view", "search", "mode", "file", "tag"];
export const MODES = ["auto", "tag", "name", "text", "q"];

/** Reads "#token=..." from a location hash; returns the token ("" when absent) and the hash without it. */
export function tokenFromHash(hash) {
  const params = new URLSearchParams(String(hash || "").replace(/^#/, ""));
  const token = (params.get("token") || "").trim();
  params.delete("token");
  const rest = params.toString();
  return { token, hash: rest ? "#" + rest : "" };
}

/** Reads the page state from a query string: {view, search, mode, file, tag}, with defaults. */
export function readState(search) {
  const params = new URLSearchParams(String(search || ""));
  const state = {};
  for (const key of KEYS) state[key] = params.get(key) || "";
  if (state.view !== "folders") state.view = "tags";
  if (!MODES.includes(state.mode)) state.mode = "auto";
  return state;
}

/** Writes the page state as a query string ("" for the default state); defaults are left out. */
export function writeState(state) {
  const params = new URLSearchParams();
  for (const key of KEYS) {
    const value = state[key];
    if (!value || (key === "view" && value === "tags") || (key === "mode" && value === "auto")) continue;
    params.set(key, value);
  }
  const query = params.toString();
  return query ? "?" + query : "";
}
