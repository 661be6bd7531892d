// Pure text helpers for the page: paths, tags, numbers, file kinds, error messages.

export const API = "/api/v1";

/** Builds an API URL; every query value goes through encodeURIComponent, empty ones are left out. */
export function apiUrl(endpoint, params = {}) {
  const query = Object.entries(params)
    .filter(([, value]) => value !== undefined && value !== null && value !== "")
    .map(([key, value]) => `${encodeURIComponent(key)}=${encodeURIComponent(String(value))}`)
    .join("&");
  return API + endpoint + (query ? "?" + query : "");
}

/** Returns the last segment of a drive path. */
export function baseName(path) {
  const s = String(path).replace(/\/+$/, "");
  return s.slice(s.lastIndexOf("/") + 1) || String(path);
}

/** Returns the folder of a drive path ("/" for a file at the root). */
export function parentPath(path) {
  const s = String(path).replace(/\/+$/, "");
  const cut = s.lastIndexOf("/");
  return cut <= 0 ? "/" : s.slice(0, cut);
}

/** Joins a folder and a file name into a drive path. */
export function joinPath(folder, name) {
  const dir = "/" + String(folder || "").replace(/^\/+|\/+$/g, "");
  return (dir === "/" ? "" : dir) + "/" + name;
}

/** Splits a typed tag list ("Cat, sunset ,,") into normalised names: trimmed, lower case, no repeats. */
export function parseTags(text) {
  const names = String(text ?? "")
    .split(/[,\n]/)
    .map((s) => s.trim().toLowerCase())
    .filter((s) => s.length > 0);
  return [...new Set(names)];
}

export function formatScore(score) {
  return typeof score === "number" && Number.isFinite(score) ? score.toFixed(2) : "–";
}

export function formatBytes(n) {
  if (typeof n !== "number" || !Number.isFinite(n) || n < 0) return "–";
  const units = ["B", "KB", "MB", "GB", "TB"];
  let i = 0;
  let v = n;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return i === 0 ? `${v} B` : `${v.toFixed(1)} ${units[i]}`;
}

const KINDS = {
  image: ["png", "jpg", "jpeg", "gif", "webp", "bmp", "tif", "tiff", "heic", "avif", "svg"],
  pdf: ["pdf"],
  text: ["txt", "md", "csv", "json", "xml", "html", "htm", "log", "rtf", "doc", "docx", "odt", "java", "js", "py", "c", "h"],
  audio: ["mp3", "wav", "ogg", "flac", "m4a", "aac"],
  video: ["mp4", "mkv", "webm", "mov", "avi"],
};

/** Returns the kind of a file by its name: image, pdf, text, audio, video or other. */
export function fileKind(name) {
  const s = String(name ?? "");
  const dot = s.lastIndexOf(".");
  const ext = dot < 0 ? "" : s.slice(dot + 1).toLowerCase();
  for (const [kind, exts] of Object.entries(KINDS)) {
    if (exts.includes(ext)) return kind;
  }
  return "other";
}

/** Returns the message to show for a failed call, from its status and JSON error body. */
export function errorMessage(status, body) {
  if (status === 401) return "The server refused the API token (401): sign in again with the link `graphdrive up` prints.";
  if (status === 0) return "Cannot reach the server.";
  const error = body && typeof body === "object" ? body.error : null;
  const detail = body && typeof body === "object" ? body.detail : null;
  let msg = `${status}: ${error || "request failed"}`;
  if (detail) msg += ` (${detail})`;
  return msg;
}
