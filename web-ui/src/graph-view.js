// The graph view: one sigma (WebGL) renderer, the ForceAtlas2 layout in a Web Worker, highlights and the legend.
import Sigma, { DEFAULT_STYLES } from "sigma";
import { buildGraph, KIND_COLORS, mergeInto } from "./lib/graph-data.js";
import { $, el } from "./dom.js";

let renderer = null;
let highlighted = [];
const handlers = { click: () => {}, expand: () => {} };

/** Sets what a click (select) and a double click (expand) on a node do; both get the node key. */
export function onNode(click, expand) {
  handlers.click = click;
  handlers.expand = expand;
}

function createRenderer(graph) {
  renderer = new Sigma(graph, $("graph"), {
    settings: {
      allowInvalidContainer: true,
      // Sizes in screen pixels (sigma 4 defaults to graph units, which makes small graphs all discs).
      itemSizesReference: "screen",
      labelRenderedSizeThreshold: 5,
      stagePadding: 50,
    },
    styles: {
      nodes: [DEFAULT_STYLES.nodes, {
        // Labels come with zoom (level of detail); the selected and matching nodes always show theirs.
        labelVisibility: (attrs, state) => (state.isHovered || state.isHighlighted ? "visible" : "auto"),
        size: (attrs, state) => (attrs.size ?? 4) * (state.isHighlighted ? 1.6 : 1),
      }],
      edges: DEFAULT_STYLES.edges,
    },
  });
  renderer.on("clickNode", ({ node }) => handlers.click(node));
  renderer.on("doubleClickNode", (e) => {
    e.preventSigmaDefault();
    handlers.expand(e.node);
  });
}

// One worker for the page's lifetime; a newer layout request makes the answers of older ones stale.
let worker = null;
let layoutId = 0;

// Past this many nodes and edges ForceAtlas2 takes minutes on a laptop's CPU: the starting positions (groups
// placed by community) are the layout.
const MAX_LAYOUT_ITEMS = 60000;

// Lays the graph out with ForceAtlas2 in the worker (more iterations for smaller graphs) and moves the nodes
// once, when the positions come back; until then the graph shows its starting positions and stays usable.
function runLayout(graph, done) {
  const id = ++layoutId;
  const items = graph.order + graph.size;
  if (graph.order < 2 || graph.size === 0 || items > MAX_LAYOUT_ITEMS) {
    done();
    return;
  }
  worker ??= new Worker("layout-worker.js", { type: "module" });
  const iterations = Math.round(Math.min(500, Math.max(50, 3e6 / items)));
  worker.onmessage = ({ data }) => {
    if (data.id !== layoutId || renderer?.getGraph() !== graph) return;
    let i = 0;
    graph.updateEachNodeAttributes((key, attrs) => ({ ...attrs, x: data.positions[i++], y: data.positions[i++] }),
      { attributes: ["x", "y"] });
    done();
  };
  worker.postMessage({ id, iterations, graph: graph.export() });
}

/**
 * Draws an answer ({nodes, edges}: the overview, a tag's neighbourhood, a search's subgraph) in place of
 * the current graph. Marks "graph-first-render" after the first frame, "graph-interactive" when the main thread
 * is free after it, and "graph-layout-done" when the layout's positions have landed (the benchmark reads these).
 */
export function renderGraph(data, { communities = false, caption = "" } = {}) {
  for (const mark of ["graph-first-render", "graph-interactive", "graph-layout-done"]) performance.clearMarks(mark);
  const graph = buildGraph(data, { communities });
  if (!renderer) createRenderer(graph);
  else renderer.setGraph(graph);
  // Drawing tens of thousands of edges on every frame of a pan costs more than it shows.
  renderer.setSettings({ hideEdgesOnMove: graph.size > 20000 });
  highlighted = [];
  renderer.getCamera().setState({ x: 0.5, y: 0.5, ratio: 1, angle: 0 });
  renderer.once("afterRender", () => {
    performance.mark("graph-first-render");
    // The layout runs in a worker: the page answers input as soon as this frame is out.
    setTimeout(() => performance.mark("graph-interactive"));
    runLayout(graph, () => performance.mark("graph-layout-done"));
  });
  $("graph-caption").textContent = caption;
  $("graph-empty").hidden = graph.order > 0;
  drawLegend(graph, communities);
  return graph;
}

/** Adds an answer's nodes around a node (expanding it) and lets the layout place them. */
export function expandGraph(data, anchor) {
  if (!renderer) return;
  const graph = renderer.getGraph();
  mergeInto(graph, data, anchor);
  $("graph-empty").hidden = graph.order > 0;
  runLayout(graph, () => {});
}

/** Emphasises the given node keys (the selection, the matches); others go back to normal. */
export function highlight(keys) {
  if (!renderer) return;
  const graph = renderer.getGraph();
  renderer.setNodesState(highlighted.filter((k) => graph.hasNode(k)), { isHighlighted: false });
  highlighted = keys.filter((k) => graph.hasNode(k));
  renderer.setNodesState(highlighted, { isHighlighted: true });
}

/** Removes a node (a deleted file) from the drawing. */
export function dropNode(key) {
  const graph = renderer?.getGraph();
  if (graph?.hasNode(key)) graph.dropNode(key);
}

/** Zooms by a factor (>1 out, <1 in), or back to the whole graph with 0. */
export function zoom(factor) {
  if (!renderer) return;
  const camera = renderer.getCamera();
  if (factor === 0) camera.animatedReset({ duration: 200 });
  else camera.animate({ ratio: camera.getState().ratio * factor }, { duration: 150 });
}

function swatch(color) {
  const dot = el("span", null, "dot");
  dot.style.background = color;
  return dot;
}

function drawLegend(graph, communities) {
  const legend = $("legend");
  legend.replaceChildren();
  if (communities) {
    legend.append(el("p", "Size: files with the tag. Lines: files in common. Colour: community, named by its biggest tag."));
    const list = el("ul");
    for (const c of graph.getAttribute("communities").slice(0, 12)) {
      const item = el("li");
      item.append(swatch(c.color), el("span", `${c.label} (${c.size} tags)`));
      list.append(item);
    }
    legend.append(list);
    return;
  }
  const list = el("ul");
  for (const [name, color] of [["tag", KIND_COLORS.tag], ["folder", KIND_COLORS.dir], ["file", KIND_COLORS.file],
    ["pending", KIND_COLORS.pending], ["failed", KIND_COLORS.failed]]) {
    const item = el("li");
    item.append(swatch(color), el("span", name));
    list.append(item);
  }
  legend.append(list);
}
