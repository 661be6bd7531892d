package io.graphdrive.index;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.graphdrive.common.TaggingResult;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.neo4j.driver.Driver;
import org.neo4j.driver.Session;

/** Image embeddings in the graph: stored on landing, their own vector index, and one ranking over both spaces. */
class ImageSearchTest {
  private static final int IMAGE_DIMENSIONS = 512;

  private static Neo4jProcess neo4j;
  private static Driver driver;
  private static Graph graph;

  @BeforeAll
  static void startNeo4j() throws Exception {
    neo4j = Neo4jProcess.shared();
    driver = neo4j.driver();
    graph = new Graph(driver, 0.9, 5);
    graph.ensureSchema();
    neo4j.clear();
  }

  @AfterAll
  static void closeDriver() {
    driver.close();
  }

  private static float[] axis(int i) {
    float[] v = new float[IMAGE_DIMENSIONS];
    v[i] = 1;
    return v;
  }

  private static float[] mix(float[] a, float[] b) {
    float[] v = new float[a.length];
    double norm = 0;
    for (int i = 0; i < v.length; i++) {
      v[i] = a[i] + b[i];
      norm += v[i] * v[i];
    }
    for (int i = 0; i < v.length; i++) {
      v[i] /= (float) Math.sqrt(norm);
    }
    return v;
  }

  private static void land(String path, float[] text, float[] image) {
    long generation = graph.upsertPending(path, "s1", 1, 100);
    TaggingResult result = new TaggingResult(path, "h" + path, 3, "image/png", List.of(), text, image, null, null, null);
    assertTrue(graph.landAll(List.of(new Graph.Landing(result, generation)), 10).get(0));
  }

  private static List<Object> paths(List<Map<String, Object>> hits) {
    return hits.stream().map(h -> h.get("path")).toList();
  }

  @Test
  void landingStoresImageEmbeddingsAndSearchMergesBothSpaces() {
    float[] textQuery = GraphTest.vector(1);
    float[] imageQuery = axis(0);
    land("/notes.txt", GraphTest.vector(1), null);
    land("/beach.png", mix(GraphTest.vector(1), GraphTest.vector(2)), axis(0));
    land("/cat.png", GraphTest.vector(3), axis(1));

    try (Session session = driver.session()) {
      List<Object> stored = session.run("MATCH (f:File {path: '/beach.png'}) RETURN f.imageEmbedding AS v").single()
          .get("v").asList(v -> v.asObject());
      assertEquals(IMAGE_DIMENSIONS, stored.size());
      assertEquals(1.0, ((Number) stored.get(0)).doubleValue(), 1e-6);
      assertEquals(1L, session.run("SHOW VECTOR INDEXES YIELD name WHERE name = 'file_image_embedding' RETURN count(*) AS n")
          .single().get("n").asLong());
    }

    // The text space alone: the note matches the words best, its cosine is the score.
    List<Map<String, Object>> textOnly = graph.searchByMeaning(Graph.ENGLISH, textQuery, null, 3);
    assertEquals(List.of("/notes.txt", "/beach.png", "/cat.png"), paths(textOnly));
    assertEquals(1.0, (double) textOnly.get(0).get("score"), 1e-4);

    // Both spaces: the beach photo is second by its words and first by its pixels, so it leads the fused
    // ranking; the note, found by words only, falls behind both pictures.
    List<Map<String, Object>> both = graph.searchByMeaning(Graph.ENGLISH, textQuery, imageQuery, 3);
    assertEquals(List.of("/beach.png", "/cat.png", "/notes.txt"), paths(both));
    double best = 2.0 / (Graph.RRF_K + 1);
    assertEquals((1.0 / (Graph.RRF_K + 2) + 1.0 / (Graph.RRF_K + 1)) / best, (double) both.get(0).get("score"), 1e-9);
    assertEquals((1.0 / (Graph.RRF_K + 1)) / best, (double) both.get(2).get("score"), 1e-9);
    assertEquals(1, graph.searchByMeaning(Graph.ENGLISH, textQuery, imageQuery, 1).size());
  }
}
