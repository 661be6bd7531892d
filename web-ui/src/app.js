// The page's entry: sign-in, the URL state (view, search, selection) and the wiring between the parts.
import { api, onUnauthorized } from "./api.js";
import { getToken, setToken, takeTokenFromAddress } from "./auth.js";
import { initFilePanel, refreshIfShown, showFile } from "./file-panel.js";
import { dropNode, expandGraph, highlight, onNode, renderGraph, zoom } from "./graph-view.js";
import { $, attempt, showMessage } from "./dom.js";
import { searchToGraph, splitKey } from "./lib/graph-data.js";
import { readState, writeState } from "./lib/url-state.js";
import { startLive, stopLive } from "./live.js";
import { describe, dropResult, loadTagNames, runSearch, showResults } from "./search.js";
import { initUpload, setUploadFolder, setUploadStatus } from "./upload.js";

let state = readState(location.search);
let shownGraph = null;
let matches = [];
const seenChanges = new Set();

/** Changes the state, records it in the address (a deep link) and updates what it touches. */
function navigate(patch, { force = false } = {}) {
  showMessage("");
  state = { ...state, ...patch };
  const url = location.pathname + writeState(state);
  if (url !== location.pathname + location.search) history.pushState(null, "", url);
  apply(force);
}

// What the graph and the list show: a search, a tag's files, or the overview of the chosen view.
function graphKey() {
  if (state.search) return `search|${state.mode}|${state.search}`;
  if (state.tag) return `tag|${state.tag}`;
  return `overview|${state.view}`;
}

async function apply(force = false) {
  $("search-text").value = state.search;
  $("search-mode").value = state.mode;
  $("view-tags").setAttribute("aria-pressed", String(state.view === "tags"));
  $("view-folders").setAttribute("aria-pressed", String(state.view === "folders"));
  const key = graphKey();
  if (force || key !== shownGraph) {
    shownGraph = key;
    $("graph-stale").hidden = true;
    await attempt(loadGraph);
  }
  await showFile(state.file);
  highlight(state.file ? ["file:" + state.file] : state.tag ? ["tag:" + state.tag] : matches);
}

async function loadGraph() {
  $("results").setAttribute("aria-busy", "true");
  try {
    await fillGraphAndList();
  } finally {
    $("results").setAttribute("aria-busy", "false");
  }
}

async function fillGraphAndList() {
  matches = [];
  if (state.search) {
    const { files, mode, term } = await runSearch(state.search, state.mode);
    matches = files.map((file) => "file:" + file.path);
    showResults(`${files.length} found by ${describe(mode, term)}`, files, openFile);
    renderGraph(searchToGraph(files), { caption: "Matches of " + describe(mode, term) });
  } else if (state.tag) {
    const { files } = await runSearch(state.tag, "tag");
    showResults(`Files tagged ${state.tag}`, files, openFile);
    renderGraph(await api.graph("tag", state.tag), { caption: "Around the tag " + state.tag });
  } else {
    $("results-title").textContent = "Click a tag or a file, or search";
    $("results").replaceChildren();
    const data = await api.overview(state.view);
    let caption = state.view === "tags"
      ? `${data.totals?.tags ?? data.nodes.length} tags over ${data.totals?.files ?? "?"} files`
      : `${data.nodes.length} folders and files`;
    if (data.sampled) caption += " (sampled)";
    renderGraph(data, { communities: state.view === "tags", caption });
  }
}

function openFile(path) {
  navigate({ file: path });
}

function openNode(key) {
  const { kind, value } = splitKey(key);
  if (kind === "file") navigate({ file: value });
  else if (kind === "tag") navigate({ tag: value, search: "", file: "" });
  else {
    setUploadFolder(value);
    expand(key);
  }
}

async function expand(key) {
  const { kind, value } = splitKey(key);
  await attempt(async () => expandGraph(await api.graph(kind, value), key));
}

function markStale() {
  $("graph-stale").hidden = false;
}

function wire() {
  $("search-form").addEventListener("submit", (e) => {
    e.preventDefault();
    navigate({ search: $("search-text").value.trim(), mode: $("search-mode").value, tag: "" });
  });
  for (const id of ["filter-kind", "filter-source", "filter-score"]) {
    $(id).addEventListener("change", () => navigate({}, { force: true }));
  }
  $("filter-score").addEventListener("input", () => {
    $("filter-score-value").textContent = Number($("filter-score").value).toFixed(2);
  });
  $("view-tags").addEventListener("click", () => navigate({ view: "tags", search: "", tag: "" }));
  $("view-folders").addEventListener("click", () => navigate({ view: "folders", search: "", tag: "" }));
  $("graph-stale").addEventListener("click", () => {
    attempt(loadTagNames);
    navigate({}, { force: true });
  });
  $("zoom-in").addEventListener("click", () => zoom(1 / 1.5));
  $("zoom-out").addEventListener("click", () => zoom(1.5));
  $("zoom-fit").addEventListener("click", () => zoom(0));
  $("graph").addEventListener("keydown", (e) => {
    const factor = { "+": 1 / 1.5, "=": 1 / 1.5, "-": 1.5, 0: 0 }[e.key];
    if (factor !== undefined) zoom(factor);
  });
  document.addEventListener("keydown", (e) => {
    const typing = /^(INPUT|SELECT|TEXTAREA)$/.test(document.activeElement?.tagName);
    if (e.key === "/" && !typing) {
      e.preventDefault();
      $("search-text").focus();
    } else if (e.key === "Escape" && state.file && !$("confirm-delete").open) {
      navigate({ file: "" });
    }
  });
  window.addEventListener("popstate", () => {
    state = readState(location.search);
    apply();
  });
  $("logout").addEventListener("click", () => signOut(""));
  $("signin-form").addEventListener("submit", (e) => {
    e.preventDefault();
    setToken($("signin-token").value.trim());
    $("signin-token").value = "";
    if (getToken()) start();
  });
  onUnauthorized(() => signOut("The server refused the token: sign in again."));
  onNode(openNode, expand);
  initFilePanel({
    openFile,
    openTag: (name) => navigate({ tag: name, search: "", file: "" }),
    expand,
    moved: (from, to) => {
      navigate({ file: to }, { force: true });
      showMessage(`Moved ${from} to ${to}.`, false);
    },
    deleted: (path) => {
      dropNode("file:" + path);
      dropResult(path);
      navigate({ file: "" });
      showMessage(`Deleted ${path}.`, false);
    },
  });
  initUpload(markStale);
}

function signOut(reason) {
  setToken("");
  stopLive();
  $("app").hidden = true;
  $("logout").hidden = true;
  $("signin").hidden = false;
  showMessage(reason);
}

function start() {
  $("signin").hidden = true;
  $("app").hidden = false;
  $("logout").hidden = false;
  attempt(loadTagNames);
  apply(true);
  startLive((files) => {
    for (const file of files) {
      // Polls overlap: a change already seen is skipped.
      const change = `${file.path}|${file.status}|${file.updatedAt}|${file.taggedAt}`;
      if (seenChanges.has(change)) continue;
      seenChanges.add(change);
      setUploadStatus(file.path, file.status, file.error);
      attempt(() => refreshIfShown(file));
      if (file.status === "TAGGED") markStale();
    }
  });
}

takeTokenFromAddress();
wire();
if (getToken()) start();
else signOut("");
