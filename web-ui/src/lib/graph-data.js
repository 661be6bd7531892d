// Pure helper: turns the server's {nodes, edges} answers into a graphology graph with sigma's attributes
// (x, y, size, color, label), sizes by file count and colours by Louvain community or by kind.
import Graph from "graphology";
import louvain from "graphology-communities-louvain";

export const PALETTE = ["#4e79a7", "#f28e2b", "#e15759", "#76b7b2", "#59a14f", "#edc948", "#b07aa1",
  "#ff9da7", "#9c755f", "#3b8bc2", "#d37295", "#8cd17d"];
export const OTHER_COLOR = "#b4b9c2";
export const KIND_COLORS = { tag: "#f28e2b", dir: "#8a8f98", file: "#4e79a7", pending: "#c7c9cc", failed: "#e15759" };

/** Returns "tag", "dir" or "file" for a server node's type (any case); anything else counts as a file. */
export function nodeKind(type) {
  const t = String(type || "").toLowerCase();
  return t === "tag" || t === "dir" ? t : "file";
}

/** Returns the node's key in the page's graph: "tag:<name>", "dir:<path>" or "file:<path>". */
export function nodeKey(node) {
  const kind = nodeKind(node.type);
  const id = String(node.id ?? "");
  if (id.startsWith(kind + ":")) return id;
  const value = kind === "tag" ? node.name ?? node.label : node.path ?? node.label;
  return kind + ":" + String(value ?? id);
}

/** Splits a node key into {kind, value}: the tag name or the drive path. */
export function splitKey(key) {
  const cut = String(key).indexOf(":");
  return { kind: key.slice(0, cut), value: key.slice(cut + 1) };
}

// A small seeded generator, so the same answer always gives the same first picture.
function random(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function nodeColor(kind, status) {
  if (kind !== "file") return KIND_COLORS[kind];
  if (status === "PENDING") return KIND_COLORS.pending;
  if (status === "FAILED") return KIND_COLORS.failed;
  return KIND_COLORS.file;
}

/**
 * Builds the graph of an answer ({nodes:[{id,type,label,count?,status?}], edges:[{source,target,type,weight?,score?}]}).
 * Edges whose ends are missing are dropped. With communities (the tag overview), nodes are coloured by Louvain
 * community, the largest communities first in the palette, and the graph's "communities" attribute lists
 * [{color, size, label}] for the legend; otherwise nodes are coloured by kind.
 */
export function buildGraph(data, { communities = false } = {}) {
  const graph = new Graph({ type: "undirected", multi: false, allowSelfLoops: false });
  const ids = new Map();
  // Sizes are screen pixels: a big graph gets smaller discs so that its groups stay apart until one zooms in.
  const scale = Math.min(1, Math.sqrt(2000 / Math.max(1, data?.nodes?.length ?? 0)));
  let maxCount = 1;
  for (const node of data?.nodes ?? []) maxCount = Math.max(maxCount, Number(node?.count) || 0);
  for (const node of data?.nodes ?? []) {
    if (!node || node.id === undefined || node.id === null) continue;
    const key = nodeKey(node);
    ids.set(String(node.id), key);
    if (graph.hasNode(key)) continue;
    const kind = nodeKind(node.type);
    const count = Number(node.count) || 0;
    graph.addNode(key, {
      kind,
      label: String(node.label ?? splitKey(key).value),
      count,
      status: node.status,
      size: scale * (kind === "file" ? 6 : count > 0 ? 4 + 10 * Math.sqrt(count / maxCount) : 7),
      color: nodeColor(kind, node.status),
    });
  }
  let maxWeight = 1;
  for (const edge of data?.edges ?? []) maxWeight = Math.max(maxWeight, Number(edge?.weight) || 0);
  for (const edge of data?.edges ?? []) {
    const source = ids.get(String(edge?.source));
    const target = ids.get(String(edge?.target));
    if (!source || !target || source === target || graph.hasEdge(source, target)) continue;
    const weight = Number(edge.weight) || 1;
    graph.addEdge(source, target, {
      type: String(edge.type || "").toUpperCase(),
      weight,
      score: edge.score,
      size: 0.5 + 2.5 * (weight / maxWeight),
      color: "#d3d7de",
    });
  }
  if (communities) colourByCommunity(graph);
  placeNodes(graph);
  return graph;
}

function colourByCommunity(graph) {
  if (graph.order === 0) {
    graph.setAttribute("communities", []);
    return;
  }
  louvain.assign(graph, { getEdgeWeight: "weight", rng: random(7) });
  const groups = new Map();
  graph.forEachNode((key, attrs) => {
    const group = groups.get(attrs.community) ?? { size: 0, label: attrs.label, top: -1 };
    group.size++;
    if (attrs.count > group.top) {
      group.top = attrs.count;
      group.label = attrs.label;
    }
    groups.set(attrs.community, group);
  });
  const ranked = [...groups.entries()].sort((a, b) => b[1].size - a[1].size || a[0] - b[0]);
  const colorOf = new Map(ranked.map(([id], i) => [id, i < PALETTE.length ? PALETTE[i] : OTHER_COLOR]));
  graph.forEachNode((key, attrs) => graph.setNodeAttribute(key, "color", colorOf.get(attrs.community)));
  graph.setAttribute("communities", ranked.map(([id, g]) => ({ color: colorOf.get(id), size: g.size, label: g.label })));
}

// Gives every node a starting position: each community (or kind) on a spiral, its nodes in a disc around it,
// so the first frame already shows the groups before the layout worker refines it.
function placeNodes(graph) {
  const groups = new Map();
  graph.forEachNode((key, attrs) => {
    const group = attrs.community ?? attrs.kind;
    if (!groups.has(group)) groups.set(group, []);
    groups.get(group).push(key);
  });
  const rng = random(42);
  let i = 0;
  let offset = 0;
  for (const members of [...groups.values()].sort((a, b) => b.length - a.length)) {
    const radius = Math.sqrt(members.length) * 10;
    const angle = i * 2.39996;
    const distance = i === 0 ? 0 : offset + radius;
    const cx = Math.cos(angle) * distance;
    const cy = Math.sin(angle) * distance;
    for (const key of members) {
      const r = radius * Math.sqrt(rng());
      const a = rng() * 2 * Math.PI;
      graph.mergeNodeAttributes(key, { x: cx + r * Math.cos(a), y: cy + r * Math.sin(a) });
    }
    offset = Math.max(offset, distance + radius);
    i++;
  }
}

/**
 * Adds an answer's nodes and edges to a graph (an expansion): new nodes start near the anchor node.
 * Returns the keys of the answer's nodes.
 */
export function mergeInto(graph, data, anchor) {
  const extra = buildGraph(data);
  const origin = anchor && graph.hasNode(anchor) ? graph.getNodeAttributes(anchor) : { x: 0, y: 0 };
  const rng = random(graph.order + 1);
  extra.forEachNode((key, attrs) => {
    if (graph.hasNode(key)) return;
    const a = rng() * 2 * Math.PI;
    graph.addNode(key, { ...attrs, x: origin.x + 20 * Math.cos(a), y: origin.y + 20 * Math.sin(a) });
  });
  extra.forEachEdge((edge, attrs, source, target) => {
    if (!graph.hasEdge(source, target)) graph.addEdge(source, target, attrs);
  });
  return extra.nodes();
}

/** Turns search results into file and tag nodes with TAGGED edges: the subgraph shown beside the list. */
export function searchToGraph(files) {
  const data = { nodes: [], edges: [] };
  for (const file of files ?? []) {
    if (!file?.path) continue;
    data.nodes.push({ id: "file:" + file.path, type: "file", label: file.name ?? file.path });
    for (const tag of file.tags ?? []) {
      const name = typeof tag === "string" ? tag : tag?.name;
      if (!name) continue;
      data.nodes.push({ id: "tag:" + name, type: "tag", label: name });
      data.edges.push({ source: "file:" + file.path, target: "tag:" + name, type: "TAGGED" });
    }
  }
  return data;
}
