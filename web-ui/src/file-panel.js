// The file panel: preview, facts, tags with score/source/model, similar files, download, tag edits, move, delete.
import { api, ApiError } from "./api.js";
import { $, attempt, el, showMessage } from "./dom.js";
import { baseName, fileKind, formatBytes, formatScore, parseTags } from "./lib/format.js";
import { appendSnippet, hitFor } from "./search.js";

let current = null;
let previewUrl = null;
// What the page does after a change here: open another file, a tag, expand, or forget a deleted file.
const actions = { openFile: () => {}, openTag: () => {}, expand: () => {}, moved: () => {}, deleted: () => {} };

/** Wires the panel's buttons and forms; the callbacks say how the rest of the page follows. */
export function initFilePanel(callbacks) {
  Object.assign(actions, callbacks);
  $("panel-close").addEventListener("click", () => actions.openFile(""));
  $("file-download").addEventListener("click", () => attempt(download));
  $("file-expand").addEventListener("click", () => actions.expand("file:" + current.path));
  $("file-delete").addEventListener("click", () => {
    $("confirm-name").textContent = current.path;
    $("confirm-delete").showModal();
  });
  $("confirm-cancel").addEventListener("click", () => $("confirm-delete").close());
  $("confirm-ok").addEventListener("click", () => {
    $("confirm-delete").close();
    attempt(remove);
  });
  $("tag-form").addEventListener("submit", (e) => {
    e.preventDefault();
    const add = parseTags($("tag-add").value);
    if (add.length) attempt(() => editTags(add, []));
  });
  $("move-form").addEventListener("submit", (e) => {
    e.preventDefault();
    const to = $("move-to").value.trim();
    if (to && to !== current.path) attempt(() => move(to));
  });
}

/** Shows a file's panel (fetching its record), or hides the panel for an empty path. */
export async function showFile(path) {
  if (!path) {
    current = null;
    $("panel").hidden = true;
    return;
  }
  try {
    fill(await api.file(path));
  } catch (e) {
    current = null;
    $("panel").hidden = true;
    showMessage(e instanceof ApiError && e.status === 404 ? `No file ${path} on the drive.` : e.message);
  }
}

/** Refreshes the panel if it shows this file and the change is a new status or landing (a live change arrived). */
export async function refreshIfShown(change) {
  if (current?.path !== change.path) return;
  if (current.status === change.status && current.taggedAt === change.taggedAt) return;
  fill(await api.file(change.path));
}

function fill(file) {
  const samePath = current?.path === file.path;
  current = file;
  $("panel").hidden = false;
  $("panel-title").textContent = file.name ?? baseName(file.path);
  $("panel-path").textContent = file.path;
  const facts = [["size", formatBytes(file.size)], ["type", file.mime], ["status", file.status], ["error", file.error],
    ["tagged", file.taggedAt && new Date(file.taggedAt).toLocaleString()]];
  $("facts").replaceChildren(...facts.filter(([, v]) => v).flatMap(([k, v]) => [el("dt", k), el("dd", v)]));
  fillTags(file.tags ?? []);
  fillSimilar(file.similar ?? []);
  if (!samePath) {
    $("move-to").value = file.path;
    $("tag-add").value = "";
    fillPreview(file);
  }
}

function fillTags(tags) {
  $("file-tags").tBodies[0].replaceChildren(...tags.map((tag) => {
    const row = el("tr");
    const name = el("button", tag.name, "link");
    name.type = "button";
    name.addEventListener("click", () => actions.openTag(tag.name));
    const remove = el("button", "×", "small");
    remove.type = "button";
    remove.setAttribute("aria-label", "remove tag " + tag.name);
    remove.addEventListener("click", () => attempt(() => editTags([], [tag.name])));
    const cells = [el("td"), el("td", formatScore(tag.score)), el("td", tag.source), el("td", tag.model), el("td")];
    cells[0].append(name);
    cells[4].append(remove);
    row.append(...cells);
    return row;
  }));
}

function fillSimilar(similar) {
  const items = similar.map((s) => {
    const item = el("li");
    const button = el("button", s.name ?? baseName(s.path), "link");
    button.type = "button";
    button.addEventListener("click", () => actions.openFile(s.path));
    item.append(button, el("span", formatScore(s.score), "score"));
    return item;
  });
  if (items.length === 0) items.push(el("li", "None yet.", "empty"));
  $("similar").replaceChildren(...items);
}

// Pictures and PDFs get the server's thumbnail; other files show the search snippet or the text excerpt.
async function fillPreview(file) {
  const box = $("preview");
  box.replaceChildren();
  if (previewUrl) URL.revokeObjectURL(previewUrl);
  previewUrl = null;
  const hit = hitFor(file.path);
  if (hit?.snippet) {
    const p = el("p", null, "snippet");
    appendSnippet(p, hit.snippet, hit.highlights);
    box.append(p);
  } else if (file.excerpt) {
    box.append(el("pre", file.excerpt, "excerpt"));
  }
  const kind = fileKind(file.name ?? file.path);
  if (kind !== "image" && kind !== "pdf") return;
  try {
    const blob = await api.preview(file.path);
    if (current?.path !== file.path) return;
    previewUrl = URL.createObjectURL(blob);
    const img = el("img");
    img.alt = "preview of " + file.path;
    img.src = previewUrl;
    box.prepend(img);
  } catch (e) {
    box.prepend(el("p", "No preview: " + e.message, "empty"));
  }
}

// The server signs a short-lived link, so the browser streams the file to disk without the token in a URL.
async function download() {
  const { url } = await api.link(current.path);
  const a = el("a");
  a.href = url;
  a.download = current.name ?? baseName(current.path);
  document.body.append(a);
  a.click();
  a.remove();
}

async function editTags(add, remove) {
  fill(await api.editTags(current.path, add, remove));
  if (add.length) $("tag-add").value = "";
}

async function move(to) {
  const from = current.path;
  const moved = await api.move(from, to);
  actions.moved(from, moved.path);
}

async function remove() {
  const path = current.path;
  await api.remove(path);
  actions.deleted(path);
}
