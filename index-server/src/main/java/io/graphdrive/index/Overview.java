package io.graphdrive.index;

import io.graphdrive.common.DrivePath;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.neo4j.driver.Record;
import org.neo4j.driver.Value;

/**
 * The whole drive at a glance, bounded: the most used tags with how often they share files, or the folder
 * tree with the files in it. Each answer is kept a few seconds, since many pages may ask at once.
 */
final class Overview {
  /** How many files at most the tag pairs are counted over by default; a larger drive is sampled. */
  static final int SAMPLE_FILES = 20_000;
  private static final long KEEP_MILLIS = 5000;
  private static final int KEPT_ANSWERS = 16;

  private final Graph graph;
  private final int sampleFiles;
  private final Map<String, Kept> kept = new LinkedHashMap<>(16, 0.75f, true) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<String, Kept> eldest) {
      return size() > KEPT_ANSWERS;
    }
  };

  /** An answer and when it was made. */
  private record Kept(long at, Map<String, Object> body) {}

  /** Reads the drive's graph, counting tag pairs over at most {@code sampleFiles} files. */
  Overview(Graph graph, int sampleFiles) {
    this.graph = graph;
    this.sampleFiles = sampleFiles;
  }

  /** Answers {@code GET /overview?view=tags|folders&limit=&edges=}. */
  void answer(Exchange ex) throws IOException {
    String view = ex.param("view") == null ? "tags" : ex.param("view");
    if (!view.equals("tags") && !view.equals("folders")) {
      throw new ApiError(400, "bad request", "'view' is tags or folders");
    }
    int limit = ex.intParam("limit", 2000, 1, 50_000);
    int edges = ex.intParam("edges", 20_000, 1, 200_000);
    String key = view + " " + limit + " " + edges;
    long now = System.currentTimeMillis();
    Kept answer;
    synchronized (kept) {
      answer = kept.get(key);
    }
    if (answer == null || now - answer.at() > KEEP_MILLIS) {
      answer = new Kept(now, view.equals("tags") ? tags(limit, edges) : folders(limit));
      synchronized (kept) {
        kept.put(key, answer);
      }
    }
    ex.json(200, answer.body());
  }

  /** Returns the {@code limit} most used tags and the {@code maxEdges} heaviest pairs of them that share files. */
  Map<String, Object> tags(int limit, int maxEdges) {
    return graph.read(tx -> {
      long files = tx.run("MATCH (f:File) RETURN count(f) AS n").single().get("n").asLong();
      long tags = tx.run("MATCH (t:Tag) RETURN count(t) AS n").single().get("n").asLong();
      List<Map<String, Object>> nodes = new ArrayList<>();
      List<String> names = new ArrayList<>();
      tx.run("""
          MATCH (t:Tag)
          WITH t.name AS name, COUNT { (t)<-[:TAGGED]-(:File) } AS count
          ORDER BY count DESC, name LIMIT $limit
          RETURN name, count""", Map.of("limit", limit)).forEachRemaining(r -> {
            names.add(r.get("name").asString());
            nodes.add(node("tag:" + r.get("name").asString(), "tag", r.get("name").asString(), "count",
                r.get("count").asLong()));
          });
      // rand() below keeps each file with the same chance, in one pass and without sorting the drive.
      Record pairs = tx.run("""
          MATCH (f:File) WHERE $fraction >= 1.0 OR rand() < $fraction
          WITH f LIMIT $sample
          WITH collect(f) AS sample
          CALL {
            WITH sample
            UNWIND sample AS f
            MATCH (a:Tag)<-[:TAGGED]-(f)-[:TAGGED]->(b:Tag)
            WHERE a.name < b.name AND a.name IN $names AND b.name IN $names
            WITH a.name AS source, b.name AS target, count(f) AS weight
            ORDER BY weight DESC, source, target LIMIT $edges
            RETURN collect({source: source, target: target, weight: weight}) AS pairs
          }
          RETURN size(sample) AS sampleFiles, pairs""",
          Map.of("fraction", files <= sampleFiles ? 1.0 : 1.2 * sampleFiles / files, "sample", sampleFiles,
              "names", names, "edges", maxEdges)).single();
      List<Map<String, Object>> edges = new ArrayList<>();
      for (Value pair : pairs.get("pairs").values()) {
        Map<String, Object> edge = new LinkedHashMap<>();
        edge.put("source", "tag:" + pair.get("source").asString());
        edge.put("target", "tag:" + pair.get("target").asString());
        edge.put("type", "CO_OCCURS");
        edge.put("weight", pair.get("weight").asLong());
        edges.add(edge);
      }
      Map<String, Object> body = new LinkedHashMap<>();
      body.put("view", "tags");
      body.put("nodes", nodes);
      body.put("edges", edges);
      body.put("totals", Map.of("files", files, "tags", tags));
      boolean sampled = files > sampleFiles;
      body.put("sampled", sampled);
      if (sampled) {
        body.put("sampleFiles", pairs.get("sampleFiles").asLong());
      }
      return body;
    });
  }

  /** Returns up to {@code limit} nodes of the folder tree: folders first, shallowest first, then their files. */
  Map<String, Object> folders(int limit) {
    return graph.read(tx -> {
      long files = tx.run("MATCH (f:File) RETURN count(f) AS n").single().get("n").asLong();
      long dirs = tx.run("MATCH (d:Dir) RETURN count(d) AS n").single().get("n").asLong();
      List<Map<String, Object>> nodes = new ArrayList<>();
      List<Map<String, Object>> edges = new ArrayList<>();
      Set<String> shown = new HashSet<>();
      tx.run("""
          MATCH (d:Dir)
          WITH d ORDER BY size(d.path) - size(replace(d.path, '/', '')), d.path LIMIT $limit
          RETURN d.path AS path, COUNT { (d)-[:CONTAINS]->(:File) } AS count""", Map.of("limit", limit))
          .forEachRemaining(r -> {
            String path = r.get("path").asString();
            shown.add(path);
            Map<String, Object> dir = node("dir:" + path, "dir", path.equals("/") ? "/" : DrivePath.name(path), "count",
                r.get("count").asLong());
            dir.put("path", path);
            nodes.add(dir);
            if (!path.equals("/") && shown.contains(DrivePath.parent(path))) {
              edges.add(contains("dir:" + DrivePath.parent(path), "dir:" + path));
            }
          });
      int left = limit - nodes.size();
      long filesShown = 0;
      if (left > 0) {
        for (Record r : tx.run("""
            MATCH (d:Dir)-[:CONTAINS]->(f:File) WHERE d.path IN $dirs
            WITH d, f ORDER BY f.path LIMIT $left
            RETURN d.path AS dir, f.path AS path, f.name AS name, f.status AS status""",
            Map.of("dirs", List.copyOf(shown), "left", left)).list()) {
          Map<String, Object> file = node("file:" + r.get("path").asString(), "file", r.get("name").asString(),
              "status", r.get("status").asString(null));
          file.put("path", r.get("path").asString());
          nodes.add(file);
          edges.add(contains("dir:" + r.get("dir").asString(), "file:" + r.get("path").asString()));
          filesShown++;
        }
      }
      Map<String, Object> body = new LinkedHashMap<>();
      body.put("view", "folders");
      body.put("nodes", nodes);
      body.put("edges", edges);
      body.put("totals", Map.of("files", files, "dirs", dirs));
      body.put("sampled", filesShown < files || shown.size() < dirs);
      return body;
    });
  }

  /** Returns a node of the answer with one more field (a count or a status). */
  private static Map<String, Object> node(String id, String type, String label, String key, Object value) {
    Map<String, Object> node = new LinkedHashMap<>();
    node.put("id", id);
    node.put("type", type);
    node.put("label", label);
    node.put(key, value);
    return node;
  }

  /** Returns a CONTAINS edge of the folder tree. */
  private static Map<String, Object> contains(String source, String target) {
    Map<String, Object> edge = new LinkedHashMap<>();
    edge.put("source", source);
    edge.put("target", target);
    edge.put("type", "CONTAINS");
    return edge;
  }
}
