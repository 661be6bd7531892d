// Search: runs the one search box (tag, name, words inside, meaning), applies the filters, lists ranked results.
import { api } from "./api.js";
import { $, el } from "./dom.js";
import { fileKind, formatScore } from "./lib/format.js";
import { detectMode, MODE_LABELS } from "./lib/search-mode.js";
import { highlightParts } from "./lib/snippet.js";

const knownTags = new Set();
let hits = new Map();

/** Loads the tag names for autocompletion and for recognising a typed tag. */
export async function loadTagNames() {
  const { tags } = await api.tags();
  knownTags.clear();
  const options = [];
  for (const tag of tags ?? []) {
    knownTags.add(tag.name);
    if (options.length < 500) {
      const option = el("option");
      option.value = tag.name;
      option.textContent = `${tag.count} files`;
      options.push(option);
    }
  }
  $("tag-names").replaceChildren(...options);
}

function filters() {
  return { kind: $("filter-kind").value, source: $("filter-source").value, minScore: Number($("filter-score").value) };
}

// A source filter needs each result's tag sources, which only the file's own record has.
async function bySource(files, source, tag) {
  const records = await Promise.all(files.map((f) => api.file(f.path).catch(() => null)));
  return files.filter((f, i) => (records[i]?.tags ?? []).some((t) => t.source === source && (!tag || t.name === tag)));
}

/** Runs a search (or lists a tag's files) and returns {files, mode, term}: the results after filters. */
export async function runSearch(text, mode) {
  const detected = detectMode(text, mode, knownTags);
  const f = filters();
  const extra = detected.mode === "tag" && f.minScore > 0 ? { minScore: f.minScore } : {};
  const answer = await api.search(detected.mode, detected.term, extra);
  let files = (answer.files ?? []).filter((file) => (!f.kind || fileKind(file.name ?? file.path) === f.kind)
    && (detected.mode === "tag" || !(f.minScore > 0) || (file.score ?? 0) >= f.minScore));
  if (f.source) files = await bySource(files, f.source, detected.mode === "tag" ? detected.term : "");
  hits = new Map(files.map((file) => [file.path, file]));
  return { files, ...detected };
}

/** Returns the search hit for a path (its snippet and highlights), if the last search found it. */
export function hitFor(path) {
  return hits.get(path);
}

/** Appends a snippet to a parent, its matches as <mark> elements, all as text. */
export function appendSnippet(parent, snippet, highlights) {
  for (const part of highlightParts(snippet, highlights)) {
    parent.append(part.mark ? el("mark", part.text) : document.createTextNode(part.text));
  }
}

/** Shows a ranked list of files; a click (or Enter) on one calls open(path). */
export function showResults(title, files, open) {
  $("results-title").textContent = title;
  const items = files.map((file) => {
    const item = el("li");
    const button = el("button", file.name ?? file.path, "result");
    button.type = "button";
    button.dataset.path = file.path;
    button.addEventListener("click", () => open(file.path));
    item.append(button, el("span", formatScore(file.score), "score"), el("div", file.path, "path"));
    if (file.snippet) {
      const snippet = el("p", null, "snippet");
      appendSnippet(snippet, file.snippet, file.highlights);
      item.append(snippet);
    }
    if (file.tags?.length) item.append(el("div", file.tags.map((t) => t.name ?? t).join(", "), "tags"));
    return item;
  });
  if (items.length === 0) items.push(el("li", "Nothing found.", "empty"));
  $("results").replaceChildren(...items);
}

/** Removes a path from the list (after a delete). */
export function dropResult(path) {
  hits.delete(path);
  for (const button of $("results").querySelectorAll("button.result")) {
    if (button.dataset.path === path) button.closest("li").remove();
  }
}

export function describe(mode, term) {
  return `${MODE_LABELS[mode] ?? mode}: ${term}`;
}
