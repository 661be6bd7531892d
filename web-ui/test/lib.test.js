// Tests of the page's pure helpers (no DOM): node --test
import assert from "node:assert/strict";
import { test } from "node:test";
import { apiUrl, baseName, errorMessage, fileKind, formatBytes, formatScore, joinPath, parentPath, parseTags } from "../src/lib/format.js";
import { readState, tokenFromHash, writeState } from "../src/lib/url-state.js";
import { detectMode } from "../src/lib/search-mode.js";
import { highlightParts } from "../src/lib/snippet.js";
import { buildGraph, mergeInto, nodeKey, OTHER_COLOR, PALETTE, searchToGraph, splitKey } from "../src/lib/graph-data.js";

test("apiUrl encodes every value and leaves out empty ones", () => {
  assert.equal(apiUrl("/search", { name: "a&b=c d", limit: 5, tag: "" }), "/api/v1/search?name=a%26b%3Dc%20d&limit=5");
  assert.equal(apiUrl("/tags"), "/api/v1/tags");
});

test("paths: base name, parent and join", () => {
  assert.equal(baseName("/docs/a.pdf"), "a.pdf");
  assert.equal(parentPath("/docs/a.pdf"), "/docs");
  assert.equal(parentPath("/a.pdf"), "/");
  assert.equal(joinPath("/", "x.txt"), "/x.txt");
  assert.equal(joinPath("docs/", "x.txt"), "/docs/x.txt");
});

test("tags, scores, bytes and kinds are formatted for people", () => {
  assert.deepEqual(parseTags("Cat, sunset ,,cat\n Dog"), ["cat", "sunset", "dog"]);
  assert.equal(formatScore(0.5), "0.50");
  assert.equal(formatScore(null), "–");
  assert.equal(formatBytes(512), "512 B");
  assert.equal(formatBytes(1536), "1.5 KB");
  assert.equal(formatBytes(-1), "–");
  assert.equal(fileKind("Photo.JPG"), "image");
  assert.equal(fileKind("paper.pdf"), "pdf");
  assert.equal(fileKind("notes.txt"), "text");
  assert.equal(fileKind("README"), "other");
});

test("error messages say the status, the error and the detail", () => {
  assert.equal(errorMessage(502, { error: "bad gateway", detail: "no index server" }), "502: bad gateway (no index server)");
  assert.equal(errorMessage(500, null), "500: request failed");
  assert.match(errorMessage(401, null), /sign in again/);
  assert.equal(errorMessage(0, null), "Cannot reach the server.");
});

test("the token comes out of the fragment and the rest stays", () => {
  assert.deepEqual(tokenFromHash("#token=abc123"), { token: "abc123", hash: "" });
  assert.deepEqual(tokenFromHash("#token=abc&x=1"), { token: "abc", hash: "#x=1" });
  assert.deepEqual(tokenFromHash(""), { token: "", hash: "" });
});

test("deep-link state round-trips through the query string with defaults left out", () => {
  const state = { view: "folders", search: "a b&c", mode: "text", file: "/docs/a b.pdf", tag: "cat" };
  assert.deepEqual(readState(writeState(state)), state);
  assert.equal(writeState({ view: "tags", search: "", mode: "auto", file: "", tag: "" }), "");
  assert.deepEqual(readState("?view=bogus&mode=evil"), { view: "tags", search: "", mode: "auto", file: "", tag: "" });
});

test("search mode: explicit mode, prefixes, known tags, quotes, names, meaning", () => {
  const tags = new Set(["cat", "sunset"]);
  assert.deepEqual(detectMode("dogs on a beach", "tag", tags), { mode: "tag", term: "dogs on a beach" });
  assert.deepEqual(detectMode("tag: Cat"), { mode: "tag", term: "Cat" });
  assert.deepEqual(detectMode("name:report"), { mode: "name", term: "report" });
  assert.deepEqual(detectMode("Cat", "auto", tags), { mode: "tag", term: "cat" });
  assert.deepEqual(detectMode('"tomato soup"'), { mode: "text", term: "tomato soup" });
  assert.deepEqual(detectMode("paper.pdf"), { mode: "name", term: "paper.pdf" });
  assert.deepEqual(detectMode("a dog on a beach"), { mode: "q", term: "a dog on a beach" });
});

test("snippet highlights become parts; overlaps merge and bad offsets are clipped", () => {
  assert.deepEqual(highlightParts("red stars shine", [[4, 9]]), [
    { text: "red ", mark: false }, { text: "stars", mark: true }, { text: " shine", mark: false }]);
  assert.deepEqual(highlightParts("abcdef", [[3, 5], [0, 2], [1, 3], [4, 99], [-5, -1], ["x", 2]]), [
    { text: "abcdef", mark: true }]);
  assert.deepEqual(highlightParts("<b>x</b>", null), [{ text: "<b>x</b>", mark: false }]);
});

test("the overview becomes a graph sized by count and coloured by community", () => {
  const data = {
    nodes: [
      { id: "tag:cat", type: "tag", label: "cat", count: 100 },
      { id: "tag:dog", type: "tag", label: "dog", count: 25 },
      { id: "tag:pdf", type: "tag", label: "pdf", count: 1 },
      { id: "tag:doc", type: "tag", label: "doc", count: 1 },
    ],
    edges: [
      { source: "tag:cat", target: "tag:dog", type: "CO_OCCURS", weight: 9 },
      { source: "tag:pdf", target: "tag:doc", type: "CO_OCCURS", weight: 1 },
      { source: "tag:pdf", target: "tag:nowhere", type: "CO_OCCURS", weight: 1 },
    ],
  };
  const graph = buildGraph(data, { communities: true });
  assert.equal(graph.order, 4);
  assert.equal(graph.size, 2);
  assert.equal(graph.getNodeAttribute("tag:cat", "size"), 14);
  assert.equal(graph.getNodeAttribute("tag:dog", "size"), 9);
  assert.equal(graph.getNodeAttribute("tag:cat", "color"), graph.getNodeAttribute("tag:dog", "color"));
  assert.notEqual(graph.getNodeAttribute("tag:cat", "color"), graph.getNodeAttribute("tag:pdf", "color"));
  assert.ok(PALETTE.includes(graph.getNodeAttribute("tag:pdf", "color")) || graph.getNodeAttribute("tag:pdf", "color") === OTHER_COLOR);
  assert.equal(graph.getAttribute("communities").length, 2);
  graph.forEachNode((key, a) => assert.ok(Number.isFinite(a.x) && Number.isFinite(a.y)));
  assert.ok(graph.getEdgeAttribute("tag:cat", "tag:dog", "size") > graph.getEdgeAttribute("tag:pdf", "tag:doc", "size"));
});

test("an empty overview is an empty graph with no communities", () => {
  const graph = buildGraph({ nodes: [], edges: [] }, { communities: true });
  assert.equal(graph.order, 0);
  assert.deepEqual(graph.getAttribute("communities"), []);
});

test("node keys, expansion and search subgraphs", () => {
  assert.equal(nodeKey({ id: "x", type: "File", path: "/a.txt" }), "file:/a.txt");
  assert.equal(nodeKey({ id: "tag:cat", type: "tag" }), "tag:cat");
  assert.deepEqual(splitKey("file:/a:b.txt"), { kind: "file", value: "/a:b.txt" });
  const graph = buildGraph({ nodes: [{ id: "tag:cat", type: "tag", label: "cat", count: 2 }], edges: [] });
  const added = mergeInto(graph, {
    nodes: [{ id: "tag:cat", type: "tag", label: "cat" }, { id: "file:/a.txt", type: "file", label: "a.txt", status: "TAGGED" }],
    edges: [{ source: "file:/a.txt", target: "tag:cat", type: "TAGGED", score: 0.9 }],
  }, "tag:cat");
  assert.deepEqual(added.sort(), ["file:/a.txt", "tag:cat"]);
  assert.equal(graph.order, 2);
  assert.equal(graph.size, 1);
  const sub = searchToGraph([{ path: "/a.txt", name: "a.txt", tags: ["cat", "dog"] }, { name: "no path" }]);
  assert.equal(sub.nodes.length, 3);
  assert.equal(sub.edges.length, 2);
});
