import { test } from "node:test";
import assert from "node:assert/strict";
import {
  apiUrl, baseName, blobDisposition, errorMessage, flattenStats, formatBytes, formatScore,
  graphToElements, newElements, nodeKey, parseTags, searchToElements, shortLabel,
} from "../src/lib.js";

test("apiUrl encodes every query value and drops empty ones", () => {
  assert.equal(apiUrl("/files", { path: "/a b/c&d=e?.txt" }), "/api/v1/files?path=%2Fa%20b%2Fc%26d%3De%3F.txt");
  assert.equal(apiUrl("/search", { tag: "x", name: "", q: undefined, limit: 5 }), "/api/v1/search?tag=x&limit=5");
  assert.equal(apiUrl("/tags"), "/api/v1/tags");
  assert.equal(apiUrl("/files", { path: "/<script>#frag" }), "/api/v1/files?path=%2F%3Cscript%3E%23frag");
});

test("graphToElements maps files and tags to kinds and client ids", () => {
  const graph = {
    nodes: [
      { id: "/docs/a.pdf", type: "file", label: "a.pdf" },
      { id: "tag:invoice", type: "tag", label: "invoice" },
      { id: "/docs", type: "DIR", label: "docs" },
    ],
    edges: [
      { source: "/docs/a.pdf", target: "tag:invoice", type: "TAGGED", score: 0.8 },
      { source: "/docs", target: "/docs/a.pdf", type: "CONTAINS" },
    ],
  };
  const elements = graphToElements(graph);
  const nodes = elements.filter((e) => e.group === "nodes").map((e) => e.data);
  assert.deepEqual(nodes.map((n) => [n.id, n.kind, n.key]), [
    ["file:/docs/a.pdf", "file", "/docs/a.pdf"],
    ["tag:invoice", "tag", "invoice"],
    ["dir:/docs", "dir", "/docs"],
  ]);
  const edges = elements.filter((e) => e.group === "edges").map((e) => e.data);
  assert.deepEqual(edges[0], {
    id: "file:/docs/a.pdf|TAGGED|tag:invoice", source: "file:/docs/a.pdf", target: "tag:invoice", type: "TAGGED", score: 0.8,
  });
  assert.equal("score" in edges[1], false);
});

test("graphToElements drops dangling edges, duplicates and id-less nodes", () => {
  const elements = graphToElements({
    nodes: [{ id: "1", type: "file", path: "/x" }, { id: "1", type: "file", path: "/x" }, { type: "tag" }],
    edges: [{ source: "1", target: "missing", type: "TAGGED" }],
  });
  assert.equal(elements.length, 1);
  assert.equal(elements[0].data.id, "file:/x");
  assert.equal(elements[0].data.label, "x");
  assert.deepEqual(graphToElements(null), []);
  assert.deepEqual(graphToElements({}), []);
});

test("hostile labels stay plain data", () => {
  const name = "<img src=x onerror=alert(1)>.png";
  const [node] = graphToElements({ nodes: [{ id: "/" + name, type: "file", label: name }] });
  assert.equal(node.data.label, name);
  assert.equal(node.data.key, "/" + name);
});

test("nodeKey prefers explicit path and name fields", () => {
  assert.equal(nodeKey({ id: 7, type: "file", path: "/p" }), "/p");
  assert.equal(nodeKey({ id: 8, type: "tag", name: "cat" }), "cat");
  assert.equal(nodeKey({ id: "file:/q", type: "file" }), "/q");
  assert.equal(nodeKey({ id: "dog", type: "tag" }), "dog");
});

test("searchToElements links results to their tags", () => {
  const elements = searchToElements([
    { path: "/a.jpg", name: "a.jpg", score: 0.9, tags: ["cat", { name: "pet", score: 0.5 }] },
    { path: "/b.jpg", name: "b.jpg", tags: ["cat"] },
  ]);
  const ids = elements.map((e) => e.data.id);
  assert.deepEqual(ids.filter((id) => !id.includes("|")), ["file:/a.jpg", "tag:cat", "tag:pet", "file:/b.jpg"]);
  assert.equal(ids.filter((id) => id.includes("|TAGGED|")).length, 3);
});

test("newElements keeps only unseen ids", () => {
  const elements = [{ data: { id: "a" } }, { data: { id: "b" } }];
  assert.deepEqual(newElements(elements, new Set(["a"])), [{ data: { id: "b" } }]);
});

test("parseTags normalises typed tags", () => {
  assert.deepEqual(parseTags(" Cat, sunset ,,CAT\nbeach "), ["cat", "sunset", "beach"]);
  assert.deepEqual(parseTags(""), []);
});

test("formatting helpers", () => {
  assert.equal(shortLabel("abcdef", 4), "abc…");
  assert.equal(shortLabel("abc", 4), "abc");
  assert.equal(baseName("/a/b/c.txt"), "c.txt");
  assert.equal(baseName("/a/dir/"), "dir");
  assert.equal(formatScore(0.12345), "0.12");
  assert.equal(formatScore(undefined), "–");
  assert.equal(formatBytes(512), "512 B");
  assert.equal(formatBytes(1536), "1.5 KB");
  assert.equal(formatBytes(null), "–");
});

test("flattenStats gives label/value rows", () => {
  assert.deepEqual(flattenStats({ files: { PENDING: 1, TAGGED: 2 }, queueDepth: 0, workers: ["a", "b"] }), [
    ["files.PENDING", "1"], ["files.TAGGED", "2"], ["queueDepth", "0"], ["workers", "a, b"],
  ]);
});

test("errorMessage explains 401 and uses the JSON error", () => {
  assert.match(errorMessage(401, null), /token/);
  assert.equal(errorMessage(404, { error: "not found", detail: "/x" }), "404: not found (/x)");
  assert.equal(errorMessage(502, null), "502: request failed");
  assert.match(errorMessage(0, null), /reach/);
});

test("blobDisposition never opens scriptable types inline", () => {
  assert.deepEqual(blobDisposition("image/png"), { type: "image/png", inline: true });
  assert.deepEqual(blobDisposition("application/pdf"), { type: "application/pdf", inline: true });
  assert.deepEqual(blobDisposition("text/plain; charset=utf-8"), { type: "text/plain", inline: true });
  assert.deepEqual(blobDisposition("application/json"), { type: "text/plain", inline: true });
  for (const unsafe of ["text/html", "image/svg+xml", "application/xhtml+xml", "text/xml", "", null]) {
    assert.deepEqual(blobDisposition(unsafe), { type: "application/octet-stream", inline: false }, String(unsafe));
  }
});
