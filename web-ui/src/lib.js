// Pure helpers for the page: no DOM, no fetch, so node:test can check them.

export const API = "/api/v1";
export const TOKEN_KEY = "graphdrive.token";

/** Builds an API URL; every query value goes through encodeURIComponent, empty ones are left out. */
export function apiUrl(endpoint, params = {}) {
  const query = Object.entries(params)
    .filter(([, value]) => value !== undefined && value !== null && value !== "")
    .map(([key, value]) => `${encodeURIComponent(key)}=${encodeURIComponent(String(value))}`)
    .join("&");
  return API + endpoint + (query ? "?" + query : "");
}

// The client gives every node its own id ("file:/a.txt", "tag:cat", "dir:/docs") so that nodes
// from several graph answers merge, whatever ids the server chose.
export function fileId(path) {
  return "file:" + path;
}

export function tagId(name) {
  return "tag:" + name;
}

function stripPrefix(value, prefix) {
  return value.startsWith(prefix) ? value.slice(prefix.length) : value;
}

/** Returns "file", "tag" or "dir" for a server node's type (any case); anything else counts as a file. */
export function nodeKind(type) {
  const t = String(type || "").toLowerCase();
  return t === "tag" || t === "dir" ? t : "file";
}

/** Returns the drive path of a file or dir node, or the name of a tag node. */
export function nodeKey(node) {
  const kind = nodeKind(node.type);
  if (kind === "tag") {
    return String(node.name ?? stripPrefix(String(node.id ?? node.label), "tag:"));
  }
  return String(node.path ?? stripPrefix(String(node.id ?? node.label), kind + ":"));
}

/** Shortens a label for drawing; the full text stays in the element's data. */
export function shortLabel(text, max = 28) {
  const s = String(text ?? "");
  return s.length > max ? s.slice(0, max - 1) + "…" : s;
}

/** Returns the last segment of a drive path. */
export function baseName(path) {
  const s = String(path).replace(/\/+$/, "");
  return s.slice(s.lastIndexOf("/") + 1) || String(path);
}

/**
 * Turns the answer of GET /api/v1/graph ({nodes:[{id,type,label}], edges:[{source,target,type,score}]})
 * into Cytoscape elements. Edges whose ends are not among the nodes are dropped.
 */
export function graphToElements(graph) {
  const ids = new Map();
  const nodes = [];
  for (const node of graph?.nodes ?? []) {
    if (!node || node.id === undefined || node.id === null) continue;
    const kind = nodeKind(node.type);
    const key = nodeKey(node);
    const id = kind + ":" + key;
    ids.set(String(node.id), id);
    if (nodes.some((n) => n.data.id === id)) continue;
    const label = node.label ?? (kind === "tag" ? key : baseName(key));
    nodes.push({ group: "nodes", data: { id, kind, key, label: String(label), short: shortLabel(label) } });
  }
  const edges = [];
  for (const edge of graph?.edges ?? []) {
    const source = ids.get(String(edge?.source));
    const target = ids.get(String(edge?.target));
    if (!source || !target) continue;
    const type = String(edge.type || "TAGGED").toUpperCase();
    const id = `${source}|${type}|${target}`;
    if (edges.some((e) => e.data.id === id)) continue;
    const data = { id, source, target, type };
    // Left out when absent, so the stylesheet's [score] selector only maps real numbers.
    if (typeof edge.score === "number") data.score = edge.score;
    edges.push({ group: "edges", data });
  }
  return [...nodes, ...edges];
}

/** Turns search results into file and tag nodes with TAGGED edges, for a first picture without extra calls. */
export function searchToElements(files) {
  const graph = { nodes: [], edges: [] };
  for (const file of files ?? []) {
    if (!file?.path) continue;
    graph.nodes.push({ id: fileId(file.path), type: "file", path: file.path, label: file.name ?? baseName(file.path) });
    for (const tag of file.tags ?? []) {
      const name = typeof tag === "string" ? tag : tag?.name;
      if (!name) continue;
      graph.nodes.push({ id: tagId(name), type: "tag", name, label: name });
      graph.edges.push({ source: fileId(file.path), target: tagId(name), type: "TAGGED", score: tag?.score });
    }
  }
  return graphToElements(graph);
}

/** Returns the elements whose ids are not in the given set (what a merge adds). */
export function newElements(elements, existingIds) {
  return elements.filter((el) => !existingIds.has(el.data.id));
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

/** Flattens the stats answer into [label, value] rows: {"files":{"TAGGED":3}} gives ["files.TAGGED", "3"]. */
export function flattenStats(stats, prefix = "") {
  const rows = [];
  for (const [key, value] of Object.entries(stats ?? {})) {
    const label = prefix ? `${prefix}.${key}` : key;
    if (value && typeof value === "object" && !Array.isArray(value)) {
      rows.push(...flattenStats(value, label));
    } else {
      rows.push([label, Array.isArray(value) ? value.join(", ") : String(value)]);
    }
  }
  return rows;
}

/** Returns the message to show for a failed call, from its status and JSON error body. */
export function errorMessage(status, body) {
  if (status === 401) {
    return "The server refused the API token (401). Paste the token from <data>/api-token into the token box.";
  }
  if (status === 0) {
    return "Cannot reach the server.";
  }
  const error = body && typeof body === "object" ? body.error : null;
  const detail = body && typeof body === "object" ? body.detail : null;
  let msg = `${status}: ${error || "request failed"}`;
  if (detail) msg += ` (${detail})`;
  return msg;
}

// Types a browser may show inline without running code from the file. A blob URL has the page's
// origin, so an uploaded HTML or SVG file opened as itself could read the token: those download.
const INLINE_TYPES = [/^image\/(png|jpeg|gif|webp|bmp|avif)$/, /^application\/pdf$/, /^audio\//, /^video\//, /^text\/plain$/];
const TEXT_AS_PLAIN = [/^text\/(csv|markdown|x-[\w.+-]+)$/, /^application\/json$/];

/** Returns {type, inline}: the blob type to use for a file's content, and whether to open it or download it. */
export function blobDisposition(contentType) {
  const mime = String(contentType || "").split(";")[0].trim().toLowerCase();
  if (INLINE_TYPES.some((re) => re.test(mime))) return { type: mime, inline: true };
  if (TEXT_AS_PLAIN.some((re) => re.test(mime))) return { type: "text/plain", inline: true };
  return { type: "application/octet-stream", inline: false };
}
