// The layout Web Worker: runs ForceAtlas2 on a copy of the graph off the main thread and posts back the positions.
import Graph from "graphology";
import forceAtlas2 from "graphology-layout-forceatlas2";

self.onmessage = ({ data }) => {
  const graph = Graph.from(data.graph);
  // Strong gravity keeps unconnected groups in view instead of drifting to the corners.
  const settings = { ...forceAtlas2.inferSettings(graph), strongGravityMode: true, gravity: 0.05,
    barnesHutOptimize: graph.order > 500 };
  forceAtlas2.assign(graph, { iterations: data.iterations, settings, getEdgeWeight: "weight" });
  const positions = new Float64Array(graph.order * 2);
  let i = 0;
  graph.forEachNode((key, attrs) => {
    positions[i++] = attrs.x;
    positions[i++] = attrs.y;
  });
  self.postMessage({ id: data.id, positions }, [positions.buffer]);
};
