// Calls to the index-server API with the bearer token.
import { apiUrl, errorMessage, TOKEN_KEY } from "./lib.js";

export class ApiError extends Error {
  constructor(status, body) {
    super(errorMessage(status, body));
    this.status = status;
  }
}

export function getToken() {
  return localStorage.getItem(TOKEN_KEY) || "";
}

export function setToken(token) {
  if (token) localStorage.setItem(TOKEN_KEY, token);
  else localStorage.removeItem(TOKEN_KEY);
}

async function call(method, endpoint, params, body) {
  const headers = { Authorization: "Bearer " + getToken() };
  if (body !== undefined) headers["Content-Type"] = "application/json";
  let res;
  try {
    res = await fetch(apiUrl(endpoint, params), {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch {
    throw new ApiError(0, null);
  }
  if (!res.ok) {
    let errBody = null;
    try {
      errBody = await res.json();
    } catch {
      // not JSON (nginx's own 502 page, say): the status alone tells enough
    }
    throw new ApiError(res.status, errBody);
  }
  return res;
}

async function json(method, endpoint, params, body) {
  const res = await call(method, endpoint, params, body);
  return res.status === 204 ? null : res.json();
}

export const api = {
  search: (kind, text, limit = 50) => json("GET", "/search", { [kind]: text, limit }),
  tags: () => json("GET", "/tags"),
  graphOfFile: (path, depth = 1) => json("GET", "/graph", { path, depth }),
  graphOfTag: (tag, depth = 1) => json("GET", "/graph", { tag, depth }),
  file: (path) => json("GET", "/files", { path }),
  editTags: (path, add, remove) => json("POST", "/files/tags", { path }, { add, remove }),
  stats: () => json("GET", "/stats"),
  /** Returns the file's bytes as a Blob and the content type the server gave. */
  async content(path) {
    const res = await call("GET", "/files/content", { path });
    return { blob: await res.blob(), contentType: res.headers.get("Content-Type") };
  },
};
