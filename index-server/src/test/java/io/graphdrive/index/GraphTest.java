package io.graphdrive.index;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.graphdrive.common.Tag;
import io.graphdrive.common.TagSource;
import io.graphdrive.common.TaggingResult;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.neo4j.driver.Driver;
import org.neo4j.driver.Session;

/** The graph layer against a real Neo4j (the neo4j-server module run as a child process). */
class GraphTest {
  private static Neo4jProcess neo4j;
  private static Driver driver;
  private static Graph graph;

  @BeforeAll
  static void startNeo4j() throws Exception {
    neo4j = Neo4jProcess.shared();
    driver = neo4j.driver();
    graph = new Graph(driver, 0.9, 5);
    graph.ensureSchema();
  }

  @AfterAll
  static void closeDriver() {
    driver.close();
  }

  @BeforeEach
  void clear() {
    neo4j.clear();
  }

  @Test
  void upsertPendingRecordsFileLeaseAndDirectories() {
    long generation = graph.upsertPending("/docs/2024/a.txt", "s1", 1000, 61_000);
    assertEquals(1, generation);
    assertEquals(2, graph.upsertPending("/docs/2024/a.txt", "s1", 2000, 62_000));
    @SuppressWarnings("unchecked")
    Map<String, Object> f = (Map<String, Object>) single("MATCH (f:File {path: '/docs/2024/a.txt'}) RETURN f {.*} AS f")
        .get("f");
    assertEquals("PENDING", f.get("status"));
    assertEquals("s1", f.get("claimedBy"));
    assertEquals(62_000L, f.get("leaseUntil"));
    assertEquals("a.txt", f.get("name"));
    assertEquals("txt", f.get("ext"));
    assertEquals(1000L, f.get("createdAt"));
    assertEquals(List.of("/", "/docs", "/docs/2024", "/docs/2024/a.txt"), column(
        "MATCH p = (:Dir {path: '/'})-[:CONTAINS*]->(:File {path: '/docs/2024/a.txt'}) "
            + "UNWIND nodes(p) AS n RETURN n.path AS v"));
    assertEquals(1L, single("MATCH (d:Dir {path: '/docs'}) RETURN count(d) AS n").get("n"));
  }

  @Test
  void landsTagsAndRelandingTheSameResultGivesTheSameGraph() {
    land(pendingResult("/b.txt", vector(2), "dog"), graph.upsertPending("/b.txt", "s1", 1, 100), 5);
    long generation = graph.upsertPending("/a.txt", "s1", 1, 100);
    TaggingResult result = pendingResult("/a.txt", vector(1), "cat", "animal");
    assertTrue(land(result, generation, 10));
    Map<String, Object> info = graph.file("/a.txt").orElseThrow();
    assertEquals("TAGGED", info.get("status"));
    assertEquals("abc", info.get("sha256"));
    assertEquals(List.of("animal", "cat"), names(info));
    assertFalse(land(result, generation, 11), "a result lands once");
    String before = snapshot();
    assertTrue(land(result, graph.upsertPending("/a.txt", "s1", 20, 100), 30));
    assertEquals(before, snapshot());
  }

  @Test
  void staleResultsDoNotLand() {
    long first = graph.upsertPending("/a.txt", "s1", 1, 100);
    long second = graph.upsertPending("/a.txt", "s1", 2, 100);
    assertFalse(land(pendingResult("/a.txt", vector(1), "old"), first, 3));
    assertFalse(land(TaggingResult.failed("/a.txt", "boom"), first, 3));
    assertTrue(land(pendingResult("/a.txt", vector(1), "new"), second, 4));
    assertEquals(List.of("new"), names(graph.file("/a.txt").orElseThrow()));
  }

  @Test
  void aBatchLandsInOneTransactionWithAnAnswerForEachResult() {
    long stale = graph.upsertPending("/s.txt", "s1", 1, 100);
    long fresh = graph.upsertPending("/s.txt", "s1", 2, 100);
    List<Boolean> landed = graph.landAll(List.of(
        new Graph.Landing(pendingResult("/s.txt", vector(1), "old"), stale),
        new Graph.Landing(pendingResult("/a.txt", vector(2), "cat"), graph.upsertPending("/a.txt", "s1", 1, 100)),
        new Graph.Landing(TaggingResult.failed("/b.txt", "unreadable"), graph.upsertPending("/b.txt", "s1", 1, 100)),
        new Graph.Landing(pendingResult("/s.txt", vector(3), "new"), fresh)), 5);
    assertEquals(List.of(false, true, true, true), landed);
    assertEquals(List.of("cat"), names(graph.file("/a.txt").orElseThrow()));
    assertEquals("FAILED", graph.file("/b.txt").orElseThrow().get("status"));
    assertEquals(List.of("new"), names(graph.file("/s.txt").orElseThrow()));
  }

  @Test
  void userTagsSurviveRetagAndRemovedTagsStayRemoved() {
    land(pendingResult("/a.txt", vector(1), "cat", "animal"), graph.upsertPending("/a.txt", "s1", 1, 100), 2);
    assertTrue(graph.editTags("/a.txt", List.of("favourite"), List.of("animal")));
    assertFalse(graph.editTags("/missing.txt", List.of("x"), List.of()));
    land(pendingResult("/a.txt", vector(1), "cat", "animal", "pet"), graph.upsertPending("/a.txt", "s1", 3, 100), 4);
    Map<String, Object> info = graph.file("/a.txt").orElseThrow();
    assertEquals(Set.of("cat", "pet", "favourite"), new HashSet<>(names(info)));
    Map<String, Object> userTag = new java.util.HashMap<>(Map.of("name", "favourite", "score", 1.0, "source", "user"));
    userTag.put("model", null);
    userTag.put("threshold", null);
    assertTrue(((List<?>) info.get("tags")).contains(userTag), info.toString());
    assertEquals(0L, single("MATCH (t:Tag {name: 'animal'}) RETURN count(t) AS n").get("n"), "orphan tag removed");
  }

  @Test
  void failureKeepsUserTagsAndDropsModelTags() {
    land(pendingResult("/a.txt", vector(1), "cat"), graph.upsertPending("/a.txt", "s1", 1, 100), 2);
    graph.editTags("/a.txt", List.of("mine"), List.of());
    assertTrue(land(TaggingResult.failed("/a.txt", "unreadable"), graph.upsertPending("/a.txt", "s1", 3, 100), 4));
    Map<String, Object> info = graph.file("/a.txt").orElseThrow();
    assertEquals("FAILED", info.get("status"));
    assertEquals("unreadable", info.get("error"));
    assertEquals(List.of("mine"), names(info));
  }

  @Test
  void deleteRemovesFilesUnderThePathAndOrphanTagsOnly() {
    land(pendingResult("/d/a.txt", vector(1), "cat", "shared"), graph.upsertPending("/d/a.txt", "s1", 1, 9), 2);
    land(pendingResult("/d/e/b.txt", vector(2), "dog"), graph.upsertPending("/d/e/b.txt", "s1", 1, 9), 2);
    land(pendingResult("/c.txt", vector(3), "shared"), graph.upsertPending("/c.txt", "s1", 1, 9), 2);
    assertTrue(graph.delete("/d/a.txt"));
    assertEquals(List.of("dog", "shared"), column("MATCH (t:Tag) RETURN t.name AS v ORDER BY v"));
    assertTrue(graph.delete("/d"));
    assertFalse(graph.delete("/d"));
    assertEquals(List.of("/c.txt"), column("MATCH (f:File) RETURN f.path AS v"));
    assertEquals(List.of("/"), column("MATCH (d:Dir) RETURN d.path AS v"));
    assertEquals(List.of("shared"), column("MATCH (t:Tag) RETURN t.name AS v ORDER BY v"));
  }

  @Test
  void moveKeepsTagsAndTaggedAtForFilesAndDirectories() {
    land(pendingResult("/a/x.txt", vector(1), "cat"), graph.upsertPending("/a/x.txt", "s1", 1, 9), 42);
    land(pendingResult("/a/b/y.txt", vector(2), "dog"), graph.upsertPending("/a/b/y.txt", "s1", 1, 9), 43);
    assertEquals("TAGGED", graph.move("/a/x.txt", "/z/renamed.txt", 50).orElseThrow());
    Map<String, Object> moved = graph.file("/z/renamed.txt").orElseThrow();
    assertEquals("renamed.txt", moved.get("name"));
    assertEquals(List.of("cat"), names(moved));
    assertEquals(java.time.Instant.ofEpochMilli(42).toString(), moved.get("taggedAt"));
    assertTrue(graph.file("/a/x.txt").isEmpty());
    assertEquals("DIR", graph.move("/a", "/q", 60).orElseThrow());
    assertEquals(List.of("dog"), names(graph.file("/q/b/y.txt").orElseThrow()));
    assertEquals(List.of("/", "/q", "/q/b", "/q/b/y.txt"), column(
        "MATCH p = (:Dir {path: '/'})-[:CONTAINS*]->(:File {path: '/q/b/y.txt'}) UNWIND nodes(p) AS n RETURN n.path AS v"));
    assertEquals(List.of("/", "/q", "/q/b", "/z"), column("MATCH (d:Dir) RETURN d.path AS v ORDER BY v"));
    assertTrue(graph.move("/nothing", "/else", 70).isEmpty());
  }

  @Test
  void similarFilesAreLinkedThroughTheVectorIndex() {
    land(pendingResult("/a.txt", vector(1), "x"), graph.upsertPending("/a.txt", "s1", 1, 9), 2);
    land(pendingResult("/b.txt", vector(50), "y"), graph.upsertPending("/b.txt", "s1", 1, 9), 2);
    float[] nearA = vector(1);
    nearA[0] += 0.05f;
    land(pendingResult("/c.txt", nearA, "z"), graph.upsertPending("/c.txt", "s1", 1, 9), 2);
    assertEquals(List.of("/a.txt->/c.txt"),
        column("MATCH (a)-[:SIMILAR]->(b) RETURN a.path + '->' + b.path AS v"));
    assertEquals("/a.txt", graph.searchByMeaning(Graph.ENGLISH, vector(1), null, 1).get(0).get("path"));
    Map<String, Object> hood = graph.neighbourhood("/a.txt", null, 2, 100).orElseThrow();
    assertTrue(hood.get("edges").toString().contains("SIMILAR"));
  }

  @Test
  void searchAndTagCounts() {
    land(pendingResult("/Report.PDF", vector(1), "work"), graph.upsertPending("/Report.PDF", "s1", 1, 9), 2);
    land(pendingResult("/old report.txt", vector(2), "work"), graph.upsertPending("/old report.txt", "s1", 1, 9), 2);
    assertEquals(List.of("/Report.PDF", "/old report.txt"),
        graph.searchByName("REPORT", 10).stream().map(m -> m.get("path")).toList());
    assertEquals(2, graph.searchByTag("work", 0, 10).size());
    assertEquals(List.of(Map.of("name", "work", "count", 2L, "aliases", List.of())), graph.tags(0, 100));
    assertEquals(Map.of("PENDING", 0L, "TAGGED", 2L, "FAILED", 0L), graph.statusCounts());
  }

  @Test
  void twoServersClaimingExpiredLeasesNeverGetTheSameFile() throws Exception {
    for (int i = 0; i < 60; i++) {
      graph.upsertPending(String.format("/f%02d.txt", i), "crashed", 1, 5);
    }
    graph.upsertPending("/alive.txt", "other", 1, Long.MAX_VALUE);
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      List<Future<Set<String>>> claims = new ArrayList<>();
      for (String owner : List.of("s1", "s2")) {
        Callable<Set<String>> claim = () -> {
          Set<String> mine = new TreeSet<>();
          for (int round = 0; round < 10; round++) {
            mine.addAll(graph.claimExpired(owner, 10, 1_000_000, 7).keySet());
          }
          return mine;
        };
        claims.add(pool.submit(claim));
      }
      Set<String> a = claims.get(0).get();
      Set<String> b = claims.get(1).get();
      Set<String> both = new HashSet<>(a);
      both.retainAll(b);
      assertTrue(both.isEmpty(), "claimed twice: " + both);
      assertEquals(60, a.size() + b.size());
      assertFalse(a.contains("/alive.txt") || b.contains("/alive.txt"));
    } finally {
      pool.shutdown();
    }
    assertEquals(0L, single("MATCH (f:File) WHERE f.claimLock IS NOT NULL RETURN count(f) AS n").get("n"));
  }

  @Test
  void leasesAreRenewedOnlyForTheOwner() {
    graph.upsertPending("/mine.txt", "s1", 1, 5);
    graph.upsertPending("/theirs.txt", "s2", 1, 5);
    graph.renewLeases("s1", List.of("/mine.txt", "/theirs.txt"), 2_000_000);
    assertEquals(List.of("/mine.txt"), column("MATCH (f:File) WHERE f.leaseUntil = 2000000 RETURN f.path AS v"));
    assertEquals(Map.of("/theirs.txt", 1L), graph.claimExpired("s1", 10, 100, 10));
    assertEquals(0L, graph.releaseLeases("s3"));
    assertEquals(2L, graph.releaseLeases("s1"), "after a restart a server ends the leases it held");
    assertEquals(Set.of("/mine.txt", "/theirs.txt"), graph.claimExpired("s2", 10, 100, 10).keySet(),
        "and any server may claim them");
  }

  @Test
  void scoreBarsAreRecordedAndFilterTagSearch() {
    TaggingResult result = new TaggingResult("/a.txt", "abc", 3, "text/plain",
        List.of(new Tag("finance", 0.62, TagSource.TEXT, "m", 0.3), new Tag("tax", 0.41, TagSource.TEXT, "m", 0.26)),
        vector(1), null, null, null, null);
    land(result, graph.upsertPending("/a.txt", "s1", 1, 9), 2);
    @SuppressWarnings("unchecked")
    List<Map<String, Object>> tags = (List<Map<String, Object>>) graph.file("/a.txt").orElseThrow().get("tags");
    assertEquals(0.3, tags.get(0).get("threshold"));
    assertEquals(1, graph.searchByTag("finance", 0.5, 10).size());
    assertEquals(0, graph.searchByTag("tax", 0.5, 10).size());
    assertEquals(1, graph.searchByTag("tax", 0.4, 10).size());
  }

  @Test
  void theSharedVocabularyIsStoredOnceAndReplacedOnPut() {
    assertTrue(graph.sharedVocabulary().isEmpty());
    assertEquals("a\n", graph.shareVocabulary("a\n", "fa", false));
    assertEquals("a\n", graph.shareVocabulary("b\n", "fb", false), "a second server's default does not win");
    assertEquals("c\n", graph.shareVocabulary("c\n", "fc", true));
    Map<String, Object> shared = graph.sharedVocabulary().orElseThrow();
    assertEquals("fc", shared.get("fingerprint"));
    assertEquals(0L, shared.get("edits"));
  }

  @Test
  void usersEditsBecomeEvidencePerSpace() {
    for (int i = 1; i <= 3; i++) {
      String path = "/f" + i + ".txt";
      land(pendingResult(path, vector(i), "contact list"), graph.upsertPending(path, "s1", 1, 9), 2);
    }
    graph.shareVocabulary("x\n", "fx", false);
    assertTrue(graph.editTags("/f1.txt", List.of("programming"), List.of("contact list")));
    assertTrue(graph.editTags("/f2.txt", List.of(), List.of("contact list")));
    assertEquals(2L, graph.sharedVocabulary().orElseThrow().get("edits"));
    Map<String, Map<String, Map<String, List<Object>>>> evidence = graph.correctionEvidence(50);
    assertEquals(Set.of("programming", "contact list"), evidence.get("en").keySet());
    assertEquals(1, evidence.get("en").get("programming").get("confirmed").size());
    assertEquals(2, evidence.get("en").get("contact list").get("removed").size());
    assertEquals(Graph.ENGLISH.dimensions(), ((List<?>) evidence.get("en").get("contact list").get("removed").get(0)).size());
    assertTrue(evidence.get("zh").isEmpty(), "English files teach the English space only");
    assertEquals(1, graph.correctionEvidence(1).get("en").get("contact list").get("removed").size());
  }

  @Test
  void aWeakPhraseIsAKeywordUntilAnotherFileHasIt() {
    land(phrases("/a.txt", 1, new Tag("tide table", 0.3, TagSource.TEXT, "keyphrase-mmr"),
        new Tag("harbour master", 0.7, TagSource.TEXT, "keyphrase-mmr")), graph.upsertPending("/a.txt", "s1", 1, 9), 2);
    Map<String, Object> a = graph.file("/a.txt").orElseThrow();
    assertEquals(List.of("harbour master"), names(a), "past the bar a phrase is a tag at once");
    assertEquals(List.of("tide table"), a.get("keywords"));
    assertEquals(0L, single("MATCH (t:Tag {name: 'tide table'}) RETURN count(t) AS n").get("n"));
    assertEquals("/a.txt", graph.searchByText("\"tide table\"", null, 0, 5).get(0).get("path"), "keywords are full text");
    land(phrases("/b.txt", 2, new Tag("tide tables", 0.2, TagSource.OCR, "keyphrase-mmr")),
        graph.upsertPending("/b.txt", "s1", 1, 9), 2);
    assertEquals(List.of("/a.txt", "/b.txt"), column(
        "MATCH (f:File)-[r:TAGGED]->(:Tag {name: 'tide table'}) RETURN f.path AS v ORDER BY v"),
        "promoted on both, the plural meeting the singular");
    assertEquals(List.of(), graph.file("/a.txt").orElseThrow().get("keywords"));
    assertEquals(List.of("text"), column("MATCH (:File {path: '/a.txt'})-[r:TAGGED]->(:Tag {name: 'tide table'}) "
        + "RETURN r.source AS v"), "the first file's evidence is kept");
    land(phrases("/c.txt", 3, new Tag("harbour master", 0.1, TagSource.TEXT, "keyphrase-mmr")),
        graph.upsertPending("/c.txt", "s1", 1, 9), 2);
    assertTrue(names(graph.file("/c.txt").orElseThrow()).contains("harbour master"), "an existing tag recurs");
  }

  @Test
  void keywordsAreLookedUpByTheirWordsAlone() {
    assertEquals("keywordText:\"tide table\" OR keywordText:\"c sharp or not\"",
        Graph.keywordQuery(List.of("Tide table", "C# \"sharp\" OR not*", "—")));
    assertEquals("", Graph.keywordQuery(List.of("—", "")));
  }

  @Test
  void keywordsWithQuerySyntaxOrNoWordsLandAndRecur() {
    Tag[] odd = {new Tag("c# \"sharp\" or not*", 0.3, TagSource.TEXT, "keyphrase-mmr"),
        new Tag("the", 0.3, TagSource.TEXT, "keyphrase-mmr"), new Tag("—", 0.3, TagSource.TEXT, "keyphrase-mmr"),
        new Tag("机器学习", 0.3, TagSource.TEXT, "keyphrase-mmr")};
    land(phrases("/odd-a.txt", 1, odd), graph.upsertPending("/odd-a.txt", "s1", 1, 9), 2);
    land(phrases("/odd-b.txt", 2, odd), graph.upsertPending("/odd-b.txt", "s1", 1, 9), 2);
    graph.promoteRecurring(List.of("/odd-a.txt", "/odd-b.txt"));
    assertEquals(List.of("/odd-a.txt", "/odd-b.txt"), column(
        "MATCH (f:File)-[:TAGGED]->(:Tag {name: 'c# \"sharp\" or not*'}) RETURN f.path AS v ORDER BY v"),
        "a phrase full of query syntax is found by its words");
    assertEquals(List.of("/odd-a.txt", "/odd-b.txt"), column(
        "MATCH (f:File)-[:TAGGED]->(:Tag {name: '机器学习'}) RETURN f.path AS v ORDER BY v"),
        "a Chinese phrase is found through the index's bigrams");
  }

  @Test
  void keywordsOfFilesLandingTogetherArePromotedAfterwards() {
    land(phrases("/a.txt", 1, new Tag("sea otter", 0.3, TagSource.TEXT, "keyphrase-mmr")),
        graph.upsertPending("/a.txt", "s1", 1, 9), 2);
    // As if /b.txt had landed in a transaction that could not see /a.txt's keyword: both are keywords.
    land(phrases("/b.txt", 2, new Tag("kelp forest", 0.3, TagSource.TEXT, "keyphrase-mmr")),
        graph.upsertPending("/b.txt", "s1", 1, 9), 2);
    write("MATCH (a:File {path: '/a.txt'}), (b:File {path: '/b.txt'}) "
        + "SET b.keywords = a.keywords, b.keywordTags = a.keywordTags, b.keywordText = a.keywordText");
    graph.promoteRecurring(List.of("/b.txt"));
    assertEquals(List.of("/a.txt", "/b.txt"), column(
        "MATCH (f:File)-[:TAGGED]->(:Tag {name: 'sea otter'}) RETURN f.path AS v ORDER BY v"));
    assertEquals(List.of(), graph.file("/b.txt").orElseThrow().get("keywords"));
    graph.promoteRecurring(List.of("/a.txt"));
    assertEquals(1L, single("MATCH (t:Tag {name: 'sea otter'}) RETURN count(t) AS n").get("n"), "a second pass changes nothing");
  }

  @Test
  void nearDuplicateTagsMeetOnOneNodeWithAliases() {
    land(pendingResult("/a.jpg", vector(1), "photos", "contact lists"), graph.upsertPending("/a.jpg", "s1", 1, 9), 2);
    land(pendingResult("/b.jpg", vector(2), "Photograph"), graph.upsertPending("/b.jpg", "s1", 1, 9), 2);
    assertTrue(graph.editTags("/a.jpg", List.of("e-mail", "news"), List.of()));
    assertEquals(List.of("contact list", "email", "news", "photo"), column("MATCH (t:Tag) RETURN t.name AS v ORDER BY v"));
    assertEquals(List.of("photograph", "photos"), column("MATCH (t:Tag {name: 'photo'}) UNWIND t.aliases AS v RETURN v ORDER BY v"));
    for (String asked : List.of("photo", "photos", "photograph", "photographs")) {
      assertEquals(2, graph.searchByTag(asked, 0, 10).size(), asked);
    }
    assertEquals(1, graph.searchByTag("e-mail", 0, 10).size());
    assertTrue(graph.editTags("/b.jpg", List.of(), List.of("photographs")));
    assertEquals(1, graph.searchByTag("photo", 0, 10).size(), "removing by another spelling removes the tag");
  }

  @Test
  void anOldFullTextIndexIsMadeAgainWithKeywords() {
    try (Session session = driver.session()) {
      session.run("DROP INDEX file_text").consume();
      session.run("CREATE FULLTEXT INDEX file_text FOR (f:File) ON EACH [f.text, f.name]").consume();
    }
    graph.ensureSchema();
    assertEquals(List.of(List.of("text", "name", "keywordText")),
        column("SHOW FULLTEXT INDEXES YIELD name, properties WHERE name = 'file_text' RETURN properties AS v"));
  }

  private static TaggingResult phrases(String path, int seed, Tag... tags) {
    return new TaggingResult(path, "abc", 3, "text/plain", List.of(tags), vector(seed), null, null, null, null);
  }

  /** Returns a unit vector that differs clearly for different seeds. */
  static float[] vector(int seed) {
    float[] v = new float[Graph.ENGLISH.dimensions()];
    double norm = 0;
    for (int i = 0; i < v.length; i++) {
      v[i] = (float) Math.sin(seed * 7.1 + i * (seed % 13 + 1) * 0.37);
      norm += v[i] * v[i];
    }
    for (int i = 0; i < v.length; i++) {
      v[i] /= (float) Math.sqrt(norm);
    }
    return v;
  }

  private static TaggingResult pendingResult(String path, float[] embedding, String... tags) {
    List<Tag> list = new ArrayList<>();
    for (int i = 0; i < tags.length; i++) {
      list.add(new Tag(tags[i], 0.9 - i * 0.1, TagSource.TEXT, "test-model"));
    }
    return new TaggingResult(path, "abc", 3, "text/plain", list, embedding, null, null, null, null);
  }

  @SuppressWarnings("unchecked")
  private static List<String> names(Map<String, Object> info) {
    return ((List<Map<String, Object>>) info.get("tags")).stream().map(t -> (String) t.get("name")).sorted().toList();
  }

  private static Map<String, Object> single(String query) {
    try (Session session = driver.session()) {
      return session.run(query).single().asMap();
    }
  }

  private static void write(String query) {
    try (Session session = driver.session()) {
      session.run(query).consume();
    }
  }

  private static List<Object> column(String query) {
    try (Session session = driver.session()) {
      return session.run(query).list(r -> r.get("v").asObject());
    }
  }

  /** Returns every node and relationship with its properties, timestamps and generations left out, sorted. */
  private static String snapshot() {
    return String.join("\n", new TreeSet<>(column("""
        MATCH (n) OPTIONAL MATCH (n)-[r]->(m)
        RETURN labels(n)[0] + ' ' + coalesce(n.path, n.name) + ' ' + coalesce(n.status, '') + ' '
          + coalesce(n.sha256, '') + ' ' + coalesce(type(r), '') + ' ' + coalesce(toString(r.score), '') + ' '
          + coalesce(r.source, '') + ' ' + coalesce(m.path, m.name, '') AS v""").stream().map(Object::toString).toList()));
  }

  /** Lands one result, as the lander does a batch. */
  private static boolean land(TaggingResult result, long generation, long now) {
    return graph.landAll(List.of(new Graph.Landing(result, generation)), now).get(0);
  }
}
