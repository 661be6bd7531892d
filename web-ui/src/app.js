// The page: wires the forms, lists, graph and side panel to the API.
// Server data only ever reaches the page through textContent or Cytoscape data, never innerHTML.
import cytoscape from "cytoscape";
import { api, ApiError, getToken, setToken } from "./api.js";
import {
  baseName, blobDisposition, fileId, flattenStats, formatBytes, formatScore,
  graphToElements, newElements, parseTags, searchToElements,
} from "./lib.js";

const $ = (id) => document.getElementById(id);

function el(tag, text, className) {
  const node = document.createElement(tag);
  if (text !== undefined && text !== null) node.textContent = String(text);
  if (className) node.className = className;
  return node;
}

function showMessage(text, isError = true) {
  const box = $("message");
  box.textContent = text;
  box.className = isError ? "error" : "info";
  box.hidden = !text;
}

// Runs an action and reports its failure in the message bar instead of the console.
async function attempt(action) {
  try {
    const result = await action();
    if (!$("message").classList.contains("info")) showMessage("");
    return result;
  } catch (e) {
    showMessage(e instanceof ApiError ? e.message : "Error: " + e.message);
    if (e instanceof ApiError && e.status === 401) $("token").focus();
    return undefined;
  }
}

// ---- graph ----

const cy = cytoscape({
  container: $("graph"),
  wheelSensitivity: 0.3,
  minZoom: 0.1,
  maxZoom: 4,
  style: [
    { selector: "node", style: { label: "data(short)", "font-size": 11, "text-valign": "bottom", "text-margin-y": 4, color: "#222" } },
    { selector: "node[kind = 'file']", style: { shape: "round-rectangle", width: 26, height: 20, "background-color": "#3b7dd8" } },
    { selector: "node[kind = 'tag']", style: { shape: "ellipse", width: 22, height: 22, "background-color": "#e8912d" } },
    { selector: "node[kind = 'dir']", style: { shape: "tag", width: 24, height: 20, "background-color": "#8a8f98" } },
    { selector: "node:selected", style: { "border-width": 3, "border-color": "#111" } },
    { selector: "edge", style: { width: 1.5, "line-color": "#b8bfc9", "curve-style": "bezier" } },
    { selector: "edge[type = 'TAGGED'][score]", style: { width: "mapData(score, 0, 1, 1, 5)" } },
    { selector: "edge[type = 'SIMILAR']", style: { "line-style": "dashed", "line-color": "#7fb07f" } },
    { selector: "edge[type = 'CONTAINS']", style: { "line-color": "#d5d8dd", width: 1 } },
  ],
});

function relayout() {
  cy.layout({ name: "cose", animate: false, nodeDimensionsIncludeLabels: true }).run();
}

function addToGraph(elements, caption) {
  const existing = new Set(cy.elements().map((e) => e.id()));
  cy.add(newElements(elements, existing));
  relayout();
  if (caption) $("graph-caption").textContent = caption;
}

function replaceGraph(elements, caption) {
  cy.elements().remove();
  addToGraph(elements, caption);
}

async function expandFile(path) {
  const graph = await attempt(() => api.graphOfFile(path));
  if (graph) addToGraph(graphToElements(graph), "Around " + path);
}

async function expandTag(name, replace = false) {
  const graph = await attempt(() => api.graphOfTag(name));
  if (!graph) return;
  const elements = graphToElements(graph);
  if (replace) replaceGraph(elements, "Tag: " + name);
  else addToGraph(elements, "Tag: " + name);
}

cy.on("tap", "node", (event) => {
  const { kind, key } = event.target.data();
  if (kind === "file") {
    selectFile(key);
    expandFile(key);
  } else if (kind === "tag") {
    expandTag(key);
  }
});

$("graph-fit").addEventListener("click", () => cy.fit(undefined, 30));
$("graph-clear").addEventListener("click", () => replaceGraph([], "Search, or pick a tag, to draw the graph."));

// ---- search and tags ----

function renderResults(files) {
  const list = $("results");
  list.replaceChildren();
  if (files.length === 0) {
    list.append(el("li", "No files found.", "muted"));
    return;
  }
  for (const file of files) {
    const item = el("li");
    const link = el("button", file.name ?? baseName(file.path), "link");
    link.title = file.path;
    link.addEventListener("click", () => {
      selectFile(file.path);
      expandFile(file.path);
    });
    item.append(link, el("span", formatScore(file.score), "muted"));
    list.append(item);
  }
}

async function search(kind, text) {
  const answer = await attempt(() => api.search(kind, text));
  if (!answer) return;
  const files = answer.files ?? [];
  renderResults(files);
  if (kind === "tag") await expandTag(text, true);
  else replaceGraph(searchToElements(files), `Search (${kind}): ${text}`);
}

$("search-form").addEventListener("submit", (event) => {
  event.preventDefault();
  const text = $("search-text").value.trim();
  if (text) search($("search-kind").value, text);
});

async function loadTags() {
  const answer = await attempt(() => api.tags());
  if (!answer) return;
  const list = $("tags");
  list.replaceChildren();
  const tags = [...(answer.tags ?? [])].sort((a, b) => (b.count ?? 0) - (a.count ?? 0) || String(a.name).localeCompare(String(b.name)));
  if (tags.length === 0) list.append(el("li", "No tags yet.", "muted"));
  for (const tag of tags) {
    const item = el("li");
    const link = el("button", tag.name, "link");
    link.addEventListener("click", () => {
      $("search-kind").value = "tag";
      $("search-text").value = tag.name;
      search("tag", tag.name);
    });
    item.append(link, el("span", tag.count, "count"));
    list.append(item);
  }
}

$("tags-refresh").addEventListener("click", loadTags);

// ---- selected file ----

let selectedPath = null;

function formatTime(value) {
  if (value === null || value === undefined || value === "") return "–";
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? String(value) : date.toLocaleString();
}

async function selectFile(path) {
  const file = await attempt(() => api.file(path));
  if (!file) return;
  selectedPath = file.path ?? path;
  cy.$(":selected").unselect();
  cy.getElementById(fileId(selectedPath)).select();

  $("file-panel").hidden = false;
  $("file-name").textContent = file.name ?? baseName(selectedPath);
  $("file-path").textContent = selectedPath;

  const facts = $("file-facts");
  facts.replaceChildren();
  const rows = [
    ["status", file.status],
    ["error", file.error],
    ["size", formatBytes(file.size)],
    ["type", file.mime],
    ["sha256", file.sha256 ? String(file.sha256).slice(0, 16) + "…" : null],
    ["created", formatTime(file.createdAt)],
    ["updated", formatTime(file.updatedAt)],
    ["tagged", formatTime(file.taggedAt)],
  ];
  for (const [name, value] of rows) {
    if (value === null || value === undefined || value === "") continue;
    const dd = el("dd", value, name === "status" ? "status " + String(value).toLowerCase() : undefined);
    facts.append(el("dt", name), dd);
  }

  const body = $("file-tags").querySelector("tbody");
  body.replaceChildren();
  for (const tag of file.tags ?? []) {
    const row = el("tr");
    const remove = el("button", "×", "small");
    remove.title = "remove tag " + tag.name;
    remove.addEventListener("click", () => editTags([], [tag.name]));
    const cell = el("td");
    cell.append(remove);
    row.append(el("td", tag.name), el("td", formatScore(tag.score)), el("td", tag.source ?? "–"), cell);
    body.append(row);
  }
}

async function editTags(add, remove) {
  if (!selectedPath) return;
  const path = selectedPath;
  const done = await attempt(async () => {
    await api.editTags(path, add, remove);
    return true;
  });
  if (!done) return;
  // Drop the file's drawn edges so removed tags disappear, then draw it afresh.
  cy.getElementById(fileId(path)).connectedEdges().remove();
  await Promise.all([selectFile(path), expandFile(path), loadTags()]);
}

$("tag-form").addEventListener("submit", (event) => {
  event.preventDefault();
  const add = parseTags($("tag-add").value);
  if (add.length === 0) return;
  $("tag-add").value = "";
  editTags(add, []);
});

$("file-open").addEventListener("click", async () => {
  if (!selectedPath) return;
  const path = selectedPath;
  const content = await attempt(() => api.content(path));
  if (!content) return;
  const { type, inline } = blobDisposition(content.contentType);
  const url = URL.createObjectURL(new Blob([content.blob], { type }));
  const link = document.createElement("a");
  link.href = url;
  link.rel = "noopener";
  if (inline) link.target = "_blank";
  else link.download = baseName(path);
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
});

// ---- stats ----

async function loadStats() {
  const stats = await attempt(() => api.stats());
  if (!stats) return;
  const list = $("stats");
  list.replaceChildren();
  for (const [name, value] of flattenStats(stats)) list.append(el("dt", name), el("dd", value));
}

$("stats-refresh").addEventListener("click", loadStats);

// ---- token ----

function loadAll() {
  loadTags();
  loadStats();
}

$("token").value = getToken();
$("token-form").addEventListener("submit", (event) => {
  event.preventDefault();
  setToken($("token").value.trim());
  showMessage("");
  loadAll();
});

if (getToken()) loadAll();
else showMessage("Paste the API token (the file <data>/api-token) into the token box to start.", false);
