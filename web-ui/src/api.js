// Calls to the index-server API with the bearer token; failures become ApiError with a plain message.
import { apiUrl, errorMessage } from "./lib/format.js";
import { getToken } from "./auth.js";

export class ApiError extends Error {
  constructor(status, body) {
    super(errorMessage(status, body));
    this.status = status;
    this.body = body;
  }
}

let unauthorized = () => {};

/** Sets what happens when the server refuses the token (the sign-in box comes back). */
export function onUnauthorized(handler) {
  unauthorized = handler;
}

async function call(method, endpoint, params, body, contentType) {
  const headers = { Authorization: "Bearer " + getToken() };
  if (contentType) headers["Content-Type"] = contentType;
  let res;
  try {
    res = await fetch(apiUrl(endpoint, params), { method, headers, body });
  } catch {
    throw new ApiError(0, null);
  }
  if (!res.ok) {
    let errBody = null;
    try {
      errBody = await res.json();
    } catch {
      // not JSON: the status alone tells enough
    }
    if (res.status === 401) unauthorized();
    throw new ApiError(res.status, errBody);
  }
  return res;
}

async function json(method, endpoint, params, body) {
  const res = await call(method, endpoint, params, body === undefined ? undefined : JSON.stringify(body),
    body === undefined ? undefined : "application/json");
  return res.status === 204 ? null : res.json();
}

export const api = {
  overview: (view) => json("GET", "/overview", { view }),
  search: (mode, term, extra = {}) => json("GET", "/search", { [mode]: term, limit: 50, ...extra }),
  tags: () => json("GET", "/tags"),
  graph: (kind, value) => json("GET", "/graph", { [kind === "tag" ? "tag" : "path"]: value, depth: 1 }),
  file: (path) => json("GET", "/files", { path }),
  editTags: (path, add, remove) => json("POST", "/files/tags", { path }, { add, remove }),
  move: (path, to) => json("POST", "/files/move", { path, to }),
  remove: (path) => json("DELETE", "/files", { path }),
  link: (path) => json("POST", "/files/link", { path }),
  changes: (since) => json("GET", "/changes", { since, limit: 500 }),
  stats: () => json("GET", "/stats"),
  /** Streams a File to the drive (the browser sends the body from disk). */
  upload: async (path, file) => (await call("PUT", "/files/content", { path }, file, "application/octet-stream")).json(),
  /** Returns the preview thumbnail as a Blob. */
  preview: async (path) => (await call("GET", "/files/preview", { path, size: 256 })).blob(),
};
