package io.graphdrive.index;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import io.graphdrive.common.DrivePath;
import io.graphdrive.common.Json;
import io.graphdrive.common.Tag;
import io.graphdrive.common.TagSource;
import io.graphdrive.common.TaggingResult;
import io.graphdrive.storage.FileStat;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.neo4j.driver.Driver;
import org.neo4j.driver.Record;
import org.neo4j.driver.Session;
import org.neo4j.driver.SessionConfig;
import org.neo4j.driver.TransactionCallback;
import org.neo4j.driver.TransactionContext;
import org.neo4j.driver.Value;
import org.neo4j.driver.Values;
import org.neo4j.driver.exceptions.Neo4jException;
import org.neo4j.driver.types.Node;

/** The drive's graph in Neo4j: every query the index server runs, all of them parameterized. */
final class Graph {
  /** A text model's vector space: the File property holding a file's vector and the index over it. */
  record TextSpace(String property, String index, int dimensions) {}

  /** The English text model's space (all-MiniLM-L6-v2). */
  static final TextSpace ENGLISH = new TextSpace("embedding", "file_embedding", 384);
  /** The Chinese text model's space (bge-small-zh-v1.5), for files whose language is {@code zh}. */
  static final TextSpace CHINESE = new TextSpace("zhEmbedding", "file_zh_embedding", 512);

  private static final String VECTOR_INDEX = ENGLISH.index();
  private static final String TEXT_INDEX = "file_text";
  /** The image model's space; its dimension is the model's, so it is made at the first landing of an image embedding. */
  private static final String IMAGE_VECTOR_INDEX = "file_image_embedding";
  /**
   * The score a generated phrase (a model whose name starts with {@link #PHRASE_MODEL}) needs to become a
   * Tag node on one file's word alone; below it, it is a keyword of the file until another file has it
   * too. Half: the key-phrase tagger's scores are a phrase's likeness to its own document, where a
   * phrase that stands for the whole file scores well above half and most of a text's phrases below.
   */
  static final double PHRASE_BAR = 0.5;
  /** The model name prefix of the key-phrase tagger's tags. */
  static final String PHRASE_MODEL = "keyphrase";
  /** Reciprocal rank fusion's damping constant (the value of the original paper, Cormack et al. 2009). */
  static final int RRF_K = 60;
  /** How much of a file's text its answer shows as an excerpt, in characters. */
  static final int EXCERPT_CHARS = 600;
  /** How many similar files a file's answer lists. */
  static final int SIMILAR_SHOWN = 10;
  private static final String UNDER = "(n.path = $path OR n.path STARTS WITH $prefix)";
  private static final List<String> SCHEMA = List.of(
      "CREATE CONSTRAINT file_path IF NOT EXISTS FOR (f:File) REQUIRE f.path IS UNIQUE",
      "CREATE CONSTRAINT tag_name IF NOT EXISTS FOR (t:Tag) REQUIRE t.name IS UNIQUE",
      "CREATE CONSTRAINT dir_path IF NOT EXISTS FOR (d:Dir) REQUIRE d.path IS UNIQUE",
      "CREATE CONSTRAINT vocabulary_name IF NOT EXISTS FOR (v:Vocabulary) REQUIRE v.name IS UNIQUE",
      "CREATE INDEX file_status IF NOT EXISTS FOR (f:File) ON (f.status)",
      // The changes feed asks for files updated or tagged after a moment, every few seconds.
      "CREATE INDEX file_updated IF NOT EXISTS FOR (f:File) ON (f.updatedAt)",
      "CREATE INDEX file_tagged IF NOT EXISTS FOR (f:File) ON (f.taggedAt)",
      "CREATE TEXT INDEX file_name_lower IF NOT EXISTS FOR (f:File) ON (f.nameLower)",
      vectorIndex(ENGLISH),
      vectorIndex(CHINESE),
      // The CJK analyser splits Chinese into overlapping character pairs and English into words, so
      // one index serves both languages (Chinese has no spaces between words).
      "CREATE FULLTEXT INDEX " + TEXT_INDEX + " IF NOT EXISTS FOR (f:File) ON EACH [f.text, f.name, f.keywordText] "
          + "OPTIONS {indexConfig: {`fulltext.analyzer`: 'cjk'}}");
  // Depth is a literal in variable-length patterns; these three are the only ones ever run.
  private static final List<String> NEIGHBOURHOODS = List.of(1, 2, 3).stream()
      .map(depth -> "OPTIONAL MATCH p = (s)-[:TAGGED|SIMILAR|CONTAINS*1.." + depth + "]-() "
          + "WITH s, p LIMIT $maxPaths "
          + "UNWIND (CASE WHEN p IS NULL THEN [null] ELSE relationships(p) END) AS r "
          + "WITH s, collect(DISTINCT r) AS rels "
          + "RETURN s AS start, [r IN rels | {a: startNode(r), type: type(r), b: endNode(r), score: r.score}] AS edges")
      .toList();

  private final Driver driver;
  private final double similarThreshold;
  private final int similarNeighbours;
  private volatile boolean imageIndexReady;

  /** Uses the driver (owned by the caller) and the SIMILAR settings: minimum index score and most neighbours. */
  Graph(Driver driver, double similarThreshold, int similarNeighbours) {
    this.driver = driver;
    this.similarThreshold = similarThreshold;
    this.similarNeighbours = similarNeighbours;
  }

  /** Creates constraints and indexes if absent and waits until they are online; safe when servers race. */
  void ensureSchema() {
    dropOutdatedTextIndex();
    for (String statement : SCHEMA) {
      for (int attempt = 1; ; attempt++) {
        try (Session session = session()) {
          session.run(statement).consume();
          break;
        } catch (Neo4jException e) {
          // Another server creating the same rule at the same moment loses the race with an error;
          // the IF NOT EXISTS of the next attempt then sees the rule.
          if (attempt == 5) {
            throw e;
          }
          sleep(200L * attempt);
        }
      }
    }
    try (Session session = session()) {
      session.run("CALL db.awaitIndexes(300)").consume();
    }
  }

  /** Drops the full-text index when it was made before keywords were indexed, so that it is made again with them. */
  private void dropOutdatedTextIndex() {
    boolean outdated = read(tx -> tx.run("""
        SHOW FULLTEXT INDEXES YIELD name, properties WHERE name = $name
        RETURN NOT 'keywordText' IN properties AS outdated""", Map.of("name", TEXT_INDEX))
        .list(r -> r.get("outdated").asBoolean())).contains(true);
    if (outdated) {
      try (Session session = session()) {
        session.run("DROP INDEX " + TEXT_INDEX + " IF EXISTS").consume();
      }
    }
  }

  /** Returns whether Neo4j answers a trivial query. */
  boolean ping() {
    try (Session session = session()) {
      return session.run("RETURN 1 AS one").single().get("one").asInt() == 1;
    } catch (RuntimeException e) {
      return false;
    }
  }

  /**
   * Upserts the file as PENDING, leased to {@code owner} until {@code leaseUntil}, with its directories,
   * and returns the file's new dispatch generation.
   */
  long upsertPending(String path, String owner, long now, long leaseUntil) {
    return write(tx -> upsertPending(tx, List.of(new FileStat(path, false, -1, -1, 0)), owner, now, leaseUntil)
        .get(path));
  }

  /**
   * Upserts files as PENDING, leased to {@code owner} until {@code leaseUntil}, with their directories, in the
   * caller's transaction; returns each path's new dispatch generation. A stat's size and time are kept on the node
   * (a negative one keeps what the node has), so that a repeat can be told from a change.
   */
  static Map<String, Long> upsertPending(TransactionContext tx, Collection<FileStat> stats, String owner, long now,
      long leaseUntil) {
    Map<String, Map<String, Object>> files = new LinkedHashMap<>();
    for (FileStat st : stats) {
      Map<String, Object> file = new HashMap<>();
      file.put("path", st.path());
      file.put("name", DrivePath.name(st.path()));
      file.put("ext", DrivePath.extension(st.path()));
      file.put("size", st.size() < 0 ? null : st.size());
      file.put("modifiedAt", st.modifiedMillis() < 0 ? null : st.modifiedMillis());
      files.put(st.path(), file);
    }
    Map<String, Long> generations = new LinkedHashMap<>();
    tx.run("""
        UNWIND $files AS file
        MERGE (f:File {path: file.path})
        ON CREATE SET f.createdAt = $now, f.generation = 0, f.name = file.name, f.nameLower = toLower(file.name),
            f.ext = file.ext
        SET f.status = 'PENDING', f.error = null, f.updatedAt = $now, f.generation = coalesce(f.generation, 0) + 1,
            f.claimedBy = $owner, f.leaseUntil = $leaseUntil, f.size = coalesce(file.size, f.size),
            f.modifiedAt = coalesce(file.modifiedAt, f.modifiedAt)
        RETURN f.path AS path, f.generation AS generation""",
        Map.of("files", new ArrayList<>(files.values()), "now", now, "owner", owner, "leaseUntil", leaseUntil))
        .forEachRemaining(r -> generations.put(r.get("path").asString(), r.get("generation").asLong()));
    linkToParents(tx, generations.keySet(), List.of());
    return generations;
  }

  /**
   * Returns the status of each of the files that the graph already holds at the same size and modification time
   * (a repeated event, not a change), in the caller's transaction.
   */
  static Map<String, String> unchanged(TransactionContext tx, Collection<FileStat> stats) {
    List<Map<String, Object>> files = stats.stream()
        .map(st -> Map.<String, Object>of("path", st.path(), "size", st.size(), "modifiedAt", st.modifiedMillis()))
        .toList();
    Map<String, String> statuses = new HashMap<>();
    tx.run("""
        UNWIND $files AS file
        MATCH (f:File {path: file.path}) WHERE f.size = file.size AND f.modifiedAt = file.modifiedAt
        RETURN f.path AS path, f.status AS status""", Map.of("files", files))
        .forEachRemaining(r -> statuses.put(r.get("path").asString(), r.get("status").asString()));
    return statuses;
  }

  /**
   * Merges the Dir chains above the given files and directories (the directories themselves included) and the
   * CONTAINS edges down to each, in the caller's transaction.
   */
  static void linkToParents(TransactionContext tx, Collection<String> files, Collection<String> dirs) {
    Set<List<String>> pairs = new LinkedHashSet<>();
    for (String path : files) {
      addChain(pairs, DrivePath.parent(path));
    }
    for (String path : dirs) {
      addChain(pairs, path);
    }
    // Top-down, so that concurrent writers lock Dir nodes in the same order.
    List<List<String>> ordered = new ArrayList<>(pairs);
    ordered.sort(Comparator.comparingLong((List<String> pair) -> pair.get(1).chars().filter(c -> c == '/').count())
        .thenComparing(pair -> pair.get(1)));
    tx.run("MERGE (:Dir {path: '/'})").consume();
    if (!ordered.isEmpty()) {
      tx.run("""
          UNWIND $pairs AS pair
          MERGE (p:Dir {path: pair[0]})
          MERGE (c:Dir {path: pair[1]})
          MERGE (p)-[:CONTAINS]->(c)""", Map.of("pairs", ordered)).consume();
    }
    if (!files.isEmpty()) {
      tx.run("""
          UNWIND $files AS file
          MATCH (f:File {path: file[0]}), (d:Dir {path: file[1]})
          OPTIONAL MATCH (other:Dir)-[old:CONTAINS]->(f) WHERE other <> d
          DELETE old
          MERGE (d)-[:CONTAINS]->(f)""",
          Map.of("files", files.stream().map(f -> List.of(f, DrivePath.parent(f))).toList())).consume();
    }
  }

  /** Adds the (parent, child) pairs from the root down to {@code dir}. */
  private static void addChain(Set<List<String>> pairs, String dir) {
    for (String child = dir; !child.equals("/"); child = DrivePath.parent(child)) {
      pairs.add(List.of(DrivePath.parent(child), child));
    }
  }

  /** A tagging result and the generation of its file it was tagged at. */
  record Landing(TaggingResult result, long generation) {}

  /**
   * Lands tagging results in one transaction: each one's tags, or FAILED with its error, if its file is still
   * PENDING at its generation; returns for each whether it landed (false for a stale result: the file changed,
   * moved, was deleted, or was landed already).
   */
  List<Boolean> landAll(List<Landing> landings, long now) {
    for (Landing l : landings) {
      if (l.result().imageEmbedding() != null) {
        ensureImageIndex(l.result().imageEmbedding().length);
      }
    }
    return write(tx -> {
      List<Boolean> landed = new ArrayList<>(landings.size());
      for (Landing l : landings) {
        landed.add(landIn(tx, l.result(), l.generation(), now));
      }
      return landed;
    });
  }

  private boolean landIn(TransactionContext tx, TaggingResult result, long generation, long now) {
    if (result.failed()) {
      return failIn(tx, result.path(), generation, result.error(), now);
    }
    Record current = only(tx.run("""
        MATCH (f:File {path: $path}) WHERE f.generation = $generation AND f.status = 'PENDING'
        RETURN f.sha256 AS sha256, coalesce(f.removedTags, []) AS removed""",
        Map.of("path", result.path(), "generation", generation)));
    if (current == null) {
      return false;
    }
    List<String> removed = current.get("removed").asList(Value::asString);
    List<Map<String, Object>> neighbours = result.embedding() == null ? List.of() : neighbours(tx, result);
    Map<String, Object> params = new HashMap<>();
    params.put("path", result.path());
    params.put("sha256", result.sha256());
    params.put("size", result.size());
    params.put("mime", result.mime());
    // A file's text vector lies in its language's space; the other space's property is cleared.
    TextSpace space = space(result.language());
    params.put(space.property(), result.embedding() == null ? null : toList(result.embedding()));
    params.put(space == ENGLISH ? CHINESE.property() : ENGLISH.property(), null);
    params.put("text", result.text());
    params.put("language", result.language());
    params.put("imageEmbedding", result.imageEmbedding() == null ? null : toList(result.imageEmbedding()));
    params.put("now", now);
    List<Map<String, Object>> tags = new ArrayList<>();
    List<Map<String, Object>> phrases = new ArrayList<>();
    for (Map<String, Object> tag : tagParams(result.tags(), removed)) {
      boolean weakPhrase = tag.get("model") != null && ((String) tag.get("model")).startsWith(PHRASE_MODEL)
          && (double) tag.get("score") < PHRASE_BAR;
      (weakPhrase ? phrases : tags).add(tag);
    }
    List<String> recurring = recurring(tx, result.path(), phrases.stream().map(t -> (String) t.get("name")).toList());
    phrases.removeIf(t -> {
      boolean promoted = recurring.contains((String) t.get("name"));
      if (promoted) {
        tags.add(t);
      }
      return promoted;
    });
    params.put("tags", tags);
    params.putAll(keywordParams(phrases));
    params.put("neighbours", neighbours);
    List<String> oldTags = dropModelTags(tx, result.path());
    if (!current.get("sha256").isNull() && !current.get("sha256").asString().equals(result.sha256())) {
      tx.run("MATCH (:File {path: $path})-[s:SIMILAR]-() DELETE s", params).consume();
    }
    tx.run("""
        MATCH (f:File {path: $path})
        SET f.sha256 = $sha256, f.size = $size, f.mime = $mime, f.embedding = $embedding,
            f.zhEmbedding = $zhEmbedding, f.imageEmbedding = $imageEmbedding, f.text = $text,
            f.language = $language, f.status = 'TAGGED', f.error = null, f.taggedAt = $now,
            f.claimedBy = null, f.leaseUntil = null, f.keywords = $keywords, f.keywordTags = $keywordTags,
            f.keywordText = $keywordText
        WITH f
        UNWIND $tags AS tag
        MERGE (t:Tag {name: tag.name})
        FOREACH (alias IN CASE WHEN tag.alias IS NULL OR tag.alias IN coalesce(t.aliases, []) THEN []
                               ELSE [tag.alias] END | SET t.aliases = coalesce(t.aliases, []) + alias)
        MERGE (f)-[r:TAGGED]->(t)
        ON CREATE SET r.score = tag.score, r.source = tag.source, r.model = tag.model, r.threshold = tag.threshold""", params).consume();
    tx.run("""
        MATCH (f:File {path: $path})
        UNWIND $neighbours AS n
        MATCH (o:File {path: n.path})
        WITH CASE WHEN f.path < o.path THEN [f, o] ELSE [o, f] END AS pair, n
        WITH pair[0] AS a, pair[1] AS b, n
        MERGE (a)-[s:SIMILAR]->(b)
        SET s.score = n.score""", params).consume();
    promote(tx, result.path(), recurring);
    removeOrphanTags(tx, oldTags);
    return true;
  }

  /**
   * Returns those of the phrases that another file already has, as a tag or as a keyword. Keywords are found
   * through the full-text index (their text is indexed as keywordText) rather than by reading every file's list.
   */
  private static List<String> recurring(TransactionContext tx, String path, List<String> phrases) {
    if (phrases.isEmpty()) {
      return List.of();
    }
    List<Map<String, Object>> queries = phrases.stream()
        .map(p -> Map.<String, Object>of("name", p, "query", keywordQuery(List.of(p))))
        .toList();
    return tx.run("""
        UNWIND $phrases AS phrase
        CALL {
          WITH phrase
          WITH phrase WHERE phrase.query <> ''
          CALL db.index.fulltext.queryNodes($index, phrase.query) YIELD node
          WITH phrase, node WHERE node.path <> $path AND phrase.name IN node.keywords
          RETURN count(node) > 0 AS keyword
        }
        WITH phrase.name AS phrase, keyword
        WHERE keyword OR EXISTS { MATCH (:Tag {name: phrase})<-[:TAGGED]-(o:File) WHERE o.path <> $path }
        RETURN collect(phrase) AS phrases""", Map.of("path", path, "phrases", queries, "index", TEXT_INDEX))
        .single().get("phrases").asList(Value::asString);
  }

  /**
   * Returns a full-text query that finds at least every file holding one of the phrases as a keyword: each
   * phrase's words, in order, in keywordText (words only, so no phrase reaches the query parser's syntax); empty
   * when no phrase has a word (such a keyword is never found again).
   */
  static String keywordQuery(List<String> phrases) {
    return phrases.stream()
        .map(FullText::words)
        .filter(words -> !words.isEmpty())
        .map(words -> "keywordText:\"" + String.join(" ", words) + "\"")
        .collect(Collectors.joining(" OR "));
  }

  /** Turns the phrases into tags on the other files that hold them as keywords. */
  private static void promote(TransactionContext tx, String path, List<String> phrases) {
    String query = keywordQuery(phrases);
    if (query.isEmpty()) {
      return;
    }
    List<Record> holders = tx.run("""
        CALL db.index.fulltext.queryNodes($index, $query) YIELD node AS o
        WITH o WHERE o.path <> $path AND any(k IN coalesce(o.keywords, []) WHERE k IN $phrases)
        RETURN o.path AS path, o.keywordTags AS keywordTags""",
        Map.of("path", path, "phrases", phrases, "index", TEXT_INDEX, "query", query)).list();
    for (Record holder : holders) {
      List<Map<String, Object>> kept = new ArrayList<>();
      List<Map<String, Object>> promoted = new ArrayList<>();
      for (String json : holder.get("keywordTags").asList(Value::asString)) {
        Map<String, Object> tag = fromJson(json);
        (phrases.contains((String) tag.get("name")) ? promoted : kept).add(tag);
      }
      Map<String, Object> params = new HashMap<>(keywordParams(kept));
      params.put("path", holder.get("path").asString());
      params.put("tags", promoted);
      tx.run("""
          MATCH (o:File {path: $path})
          SET o.keywords = $keywords, o.keywordTags = $keywordTags, o.keywordText = $keywordText
          WITH o
          UNWIND $tags AS tag
          MERGE (t:Tag {name: tag.name})
          MERGE (o)-[r:TAGGED]->(t)
          ON CREATE SET r.score = tag.score, r.source = tag.source, r.model = tag.model, r.threshold = tag.threshold""",
          params).consume();
    }
  }

  /**
   * Returns the File properties of a file's keywords: their names (matched when another file has the
   * same phrase), their tags as JSON (to become edges when promoted) and their names as one text (for
   * the full-text index, which skips list properties); all null when there are none.
   */
  private static Map<String, Object> keywordParams(List<Map<String, Object>> phrases) {
    Map<String, Object> params = new HashMap<>();
    List<String> names = phrases.stream().map(t -> (String) t.get("name")).toList();
    params.put("keywords", names.isEmpty() ? null : names);
    params.put("keywordTags", names.isEmpty() ? null : phrases.stream().map(Graph::toJson).toList());
    params.put("keywordText", names.isEmpty() ? null : String.join("\n", names));
    return params;
  }

  private static String toJson(Map<String, Object> tag) {
    try {
      return Json.mapper().writeValueAsString(tag);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  private static Map<String, Object> fromJson(String json) {
    try {
      return Json.mapper().readValue(json, new TypeReference<Map<String, Object>>() {});
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a stored keyword is not JSON: " + json, e);
    }
  }

  /**
   * Promotes the files' keywords that another file has too, on every file holding them, after their
   * landing committed: two files landing at the same moment cannot see each other's keywords inside
   * their own transactions, and the later of the two passes sees both.
   */
  void promoteRecurring(List<String> paths) {
    write(tx -> {
      for (String path : paths) {
        Record file = only(tx.run("MATCH (f:File {path: $path}) RETURN coalesce(f.keywords, []) AS keywords",
            Map.of("path", path)));
        if (file != null) {
          // No file has the empty path, so every holder is promoted, this one included.
          promote(tx, "", recurring(tx, path, file.get("keywords").asList(Value::asString)));
        }
      }
      return null;
    });
  }

  /**
   * Links the files to their nearest neighbours again after their landing committed: two similar files
   * landing at the same moment cannot see each other inside their own transactions.
   */
  void linkSimilar(List<String> paths) {
    for (TextSpace space : List.of(ENGLISH, CHINESE)) {
      write(tx -> {
        for (String path : paths) {
          linkSimilar(tx, space, path);
        }
        return null;
      });
    }
  }

  private void linkSimilar(TransactionContext tx, TextSpace space, String path) {
    // The property name is one of two constants, never user text.
    tx.run("MATCH (f:File {path: $path}) WHERE f." + space.property() + " IS NOT NULL AND f.status = 'TAGGED' "
        + "CALL db.index.vector.queryNodes($index, $k, f." + space.property() + ") YIELD node, score " + """
        WITH f, node, score WHERE node <> f AND score >= $threshold
        WITH f, node, score ORDER BY score DESC, node.path LIMIT $limit
        WITH CASE WHEN f.path < node.path THEN [f, node] ELSE [node, f] END AS pair, score
        WITH pair[0] AS a, pair[1] AS b, score
        MERGE (a)-[s:SIMILAR]->(b)
        SET s.score = score""", Map.of("path", path, "index", space.index(), "k", similarNeighbours + 1,
            "threshold", similarThreshold, "limit", similarNeighbours)).consume();
  }

  /** Returns the text space of a language as the workers tell it ({@code zh} or other). */
  static TextSpace space(String language) {
    return "zh".equals(language) ? CHINESE : ENGLISH;
  }

  private static String vectorIndex(TextSpace space) {
    return "CREATE VECTOR INDEX " + space.index() + " IF NOT EXISTS FOR (f:File) ON (f." + space.property() + ") OPTIONS "
        + "{indexConfig: {`vector.dimensions`: " + space.dimensions() + ", `vector.similarity_function`: 'cosine'}}";
  }

  /** Marks the file FAILED with the error if it is still PENDING at {@code generation}; returns whether it did. */
  private static boolean failIn(TransactionContext tx, String path, long generation, String error, long now) {
    Record hit = only(tx.run("""
        MATCH (f:File {path: $path}) WHERE f.generation = $generation AND f.status = 'PENDING'
        SET f.status = 'FAILED', f.error = $error, f.taggedAt = $now, f.claimedBy = null, f.leaseUntil = null,
            f.text = null, f.language = null, f.embedding = null, f.zhEmbedding = null, f.imageEmbedding = null,
            f.keywords = null, f.keywordTags = null, f.keywordText = null
        RETURN f.path AS path""", Map.of("path", path, "generation", generation, "error", error, "now", now)));
    if (hit == null) {
      return false;
    }
    // Tags of earlier content no longer describe the file; what a person set stays.
    removeOrphanTags(tx, dropModelTags(tx, path));
    return true;
  }

  /** Returns the nearest files to the result's embedding above the threshold, the file itself left out. */
  private List<Map<String, Object>> neighbours(TransactionContext tx, TaggingResult result) {
    return tx.run("""
        CALL db.index.vector.queryNodes($index, $k, $embedding) YIELD node, score
        WITH node, score WHERE node.path <> $path AND score >= $threshold
        RETURN node.path AS path, score ORDER BY score DESC, path LIMIT $limit""",
        Map.of("index", space(result.language()).index(), "k", similarNeighbours + 1, "embedding", toList(result.embedding()),
            "path", result.path(), "threshold", similarThreshold, "limit", similarNeighbours))
        .list(r -> Map.<String, Object>of("path", r.get("path").asString(), "score", r.get("score").asDouble()));
  }

  /** Deletes the file's TAGGED edges that no person made and returns the names of their tags. */
  private static List<String> dropModelTags(TransactionContext tx, String path) {
    return tx.run("""
        MATCH (:File {path: $path})-[r:TAGGED]->(t:Tag) WHERE r.source <> 'user'
        DELETE r
        RETURN collect(t.name) AS names""", Map.of("path", path)).single().get("names").asList(Value::asString);
  }

  /** Deletes those of the named tags that no file carries any more. */
  static void removeOrphanTags(TransactionContext tx, List<String> names) {
    if (!names.isEmpty()) {
      tx.run("""
          UNWIND $names AS name
          MATCH (t:Tag {name: name}) WHERE NOT (t)<-[:TAGGED]-()
          DELETE t""", Map.of("names", names)).consume();
    }
  }

  /**
   * Deletes the file or directory at {@code path} with everything under it, and tags left with no
   * file; returns whether anything was there.
   */
  boolean delete(String path) {
    return write(tx -> deleteUnder(tx, path));
  }

  /**
   * Deletes the files and directories at {@code paths}, with everything under the directories, and tags left
   * with no file, in the caller's transaction.
   */
  static void deleteAll(TransactionContext tx, Collection<String> paths) {
    List<String> dirs = tx.run("UNWIND $paths AS p MATCH (d:Dir {path: p}) RETURN p", Map.of("paths", paths))
        .list(r -> r.get("p").asString());
    for (String dir : dirs) {
      deleteUnder(tx, dir);
    }
    List<String> tags = tx.run("""
        UNWIND $paths AS p
        MATCH (f:File {path: p})
        OPTIONAL MATCH (f)-[:TAGGED]->(t:Tag)
        WITH collect(DISTINCT f) AS files, collect(DISTINCT t.name) AS names
        FOREACH (f IN files | DETACH DELETE f)
        RETURN names""", Map.of("paths", paths)).single().get("names").asList(Value::asString);
    removeOrphanTags(tx, tags);
  }

  /** Returns the status of the File at {@code path}, "DIR" for a directory, or null if the graph has neither. */
  static String statusAt(TransactionContext tx, String path) {
    Record r = only(tx.run("""
        OPTIONAL MATCH (f:File {path: $path})
        OPTIONAL MATCH (d:Dir {path: $path})
        RETURN CASE WHEN f IS NOT NULL THEN f.status WHEN d IS NOT NULL THEN 'DIR' END AS status""",
        Map.of("path", path)));
    return r == null || r.get("status").isNull() ? null : r.get("status").asString();
  }

  private static boolean deleteUnder(TransactionContext tx, String path) {
    Map<String, Object> params = Map.of("path", path, "prefix", path + "/");
    List<String> tags = tx.run("MATCH (n:File)-[:TAGGED]->(t:Tag) WHERE " + UNDER
        + " RETURN collect(DISTINCT t.name) AS names", params).single().get("names").asList(Value::asString);
    long files = tx.run("MATCH (n:File) WHERE " + UNDER + " DETACH DELETE n RETURN count(*) AS c", params)
        .single().get("c").asLong();
    long dirs = tx.run("MATCH (n:Dir) WHERE " + UNDER + " DETACH DELETE n RETURN count(*) AS c", params)
        .single().get("c").asLong();
    removeOrphanTags(tx, tags);
    return files + dirs > 0;
  }

  /**
   * Moves the file or directory at {@code from} to {@code to} keeping tags, taggedAt and status, and
   * returns the moved file's status ("DIR" for a directory), or empty if nothing was at {@code from}.
   */
  Optional<String> move(String from, String to, long now) {
    return write(tx -> move(tx, from, to, now));
  }

  /** Moves like {@link #move(String, String, long)}, in the caller's transaction. */
  static Optional<String> move(TransactionContext tx, String from, String to, long now) {
    Map<String, Object> params = Map.of("from", from, "to", to, "prefix", from + "/", "now", now,
        "name", DrivePath.name(to), "ext", DrivePath.extension(to));
    Record file = only(tx.run("MATCH (f:File {path: $from}) RETURN f.status AS status", params));
    if (file != null) {
      deleteUnder(tx, to);
      tx.run("""
          MATCH (f:File {path: $from})
          SET f.path = $to, f.name = $name, f.nameLower = toLower($name), f.ext = $ext, f.updatedAt = $now""",
          params).consume();
      linkToParents(tx, List.of(to), List.of());
      return Optional.of(file.get("status").asString());
    }
    if (only(tx.run("MATCH (d:Dir {path: $from}) RETURN d.path AS path", params)) == null) {
      return Optional.empty();
    }
    deleteUnder(tx, to);
    tx.run("""
        MATCH (n) WHERE (n:File OR n:Dir) AND n.path STARTS WITH $prefix
        SET n.path = $to + substring(n.path, size($from))""", params).consume();
    tx.run("""
        MATCH (d:Dir {path: $from})
        OPTIONAL MATCH (:Dir)-[old:CONTAINS]->(d)
        DELETE old
        SET d.path = $to""", params).consume();
    linkToParents(tx, List.of(), List.of(to));
    return Optional.of("DIR");
  }

  /** Returns the paths of the PENDING files under a directory, in the caller's transaction. */
  static List<String> pendingUnder(TransactionContext tx, String dir) {
    return tx.run("MATCH (f:File {status: 'PENDING'}) WHERE f.path STARTS WITH $prefix RETURN f.path AS path",
        Map.of("prefix", dir + "/")).list(r -> r.get("path").asString());
  }

  /** Returns the file's fields and tags as the API shows them, or empty if there is no such file. */
  Optional<Map<String, Object>> file(String path) {
    // The status is read before the tags: Neo4j reads committed data as it goes, so a landing that
    // commits in between would otherwise show as TAGGED with no tags.
    return read(tx -> {
      Record r = only(tx.run("""
          MATCH (f:File {path: $path})
          WITH f, f {.path, .name, .size, .mime, .sha256, .language, .status, .error, .createdAt, .updatedAt, .taggedAt,
                    keywords: coalesce(f.keywords, []), excerpt: left(f.text, $excerpt)} AS file,
               [(f)-[s:SIMILAR]-(o:File) | {path: o.path, name: o.name, score: s.score}] AS similar
          OPTIONAL MATCH (f)-[r:TAGGED]->(t:Tag)
          WITH file, similar, r, t ORDER BY r.score DESC, t.name
          RETURN file, similar,
                 [x IN collect({name: t.name, score: r.score, source: r.source, model: r.model, threshold: r.threshold}) WHERE x.name IS NOT NULL] AS tags""",
          Map.of("path", path, "excerpt", EXCERPT_CHARS)));
      if (r == null) {
        return Optional.empty();
      }
      Map<String, Object> file = new LinkedHashMap<>(r.get("file").asMap());
      for (String key : List.of("createdAt", "updatedAt", "taggedAt")) {
        file.put(key, file.get(key) == null ? null : java.time.Instant.ofEpochMilli((Long) file.get(key)).toString());
      }
      file.put("tags", r.get("tags").asList(Value::asMap));
      file.put("similar", r.get("similar").asList(Value::asMap).stream()
          .sorted(java.util.Comparator.comparingDouble((Map<String, Object> o) -> -((Number) o.get("score")).doubleValue())
              .thenComparing(o -> (String) o.get("path")))
          .limit(SIMILAR_SHOWN).toList());
      return Optional.of(file);
    });
  }

  /**
   * Adds tags as the user's own and removes tags of any source; a removed tag is not given back by
   * later tagging. Returns false if there is no such file.
   */
  boolean editTags(String path, List<String> addNames, List<String> removeNames) {
    List<String> add = addNames.stream().map(TagNames::canonical).distinct().toList();
    List<String> remove = removeNames.stream().map(TagNames::canonical).distinct().toList();
    List<List<String>> aliases = addNames.stream().filter(n -> !n.equals(TagNames.canonical(n)))
        .map(n -> List.of(TagNames.canonical(n), n)).toList();
    return write(tx -> {
      Map<String, Object> params = Map.of("path", path, "add", add, "remove", remove, "aliases", aliases);
      if (only(tx.run("MATCH (f:File {path: $path}) RETURN f.path AS path", params)) == null) {
        return false;
      }
      tx.run("""
          MATCH (f:File {path: $path})
          SET f.removedTags = [x IN coalesce(f.removedTags, []) WHERE NOT x IN $add] +
                              [x IN $remove WHERE NOT x IN coalesce(f.removedTags, []) AND NOT x IN $add]
          WITH f
          UNWIND $add AS name
          MERGE (t:Tag {name: name})
          MERGE (f)-[r:TAGGED]->(t)
          SET r.source = 'user', r.score = 1.0, r.model = null, r.threshold = null""", params).consume();
      tx.run("""
          UNWIND $aliases AS alias
          MATCH (t:Tag {name: alias[0]}) WHERE NOT alias[1] IN coalesce(t.aliases, [])
          SET t.aliases = coalesce(t.aliases, []) + alias[1]""", params).consume();
      // Every edit is evidence the taggers learn from; the count tells the servers to refresh it.
      tx.run("MERGE (v:Vocabulary {name: 'shared'}) SET v.edits = coalesce(v.edits, 0) + 1").consume();
      List<String> dropped = tx.run("""
          MATCH (:File {path: $path})-[r:TAGGED]->(t:Tag) WHERE t.name IN $remove AND NOT t.name IN $add
          DELETE r
          RETURN collect(t.name) AS names""", params).single().get("names").asList(Value::asString);
      removeOrphanTags(tx, dropped);
      return true;
    });
  }

  /** Returns files carrying the tag (by its name, its stored form or an alias) with at least {@code minScore}, best score first. */
  List<Map<String, Object>> searchByTag(String tag, double minScore, int limit) {
    return search("""
        MATCH (t:Tag) WHERE t.name IN [$tag, $canonical] OR $tag IN coalesce(t.aliases, [])
        MATCH (t)<-[r:TAGGED]-(f:File) WHERE r.score >= $minScore
        WITH f, max(r.score) AS score ORDER BY score DESC, f.path LIMIT $limit""",
        Map.of("tag", tag, "canonical", TagNames.canonical(tag), "minScore", minScore, "limit", limit));
  }

  /**
   * Stores the vocabulary every server uses (its file's text and fingerprint) unless one is stored
   * already, or always when {@code replace}; returns the stored one's text.
   */
  String shareVocabulary(String text, String fingerprint, boolean replace) {
    return write(tx -> tx.run("""
        MERGE (v:Vocabulary {name: 'shared'})
        WITH v, v.text IS NULL OR $replace AS take
        SET v.text = CASE WHEN take THEN $text ELSE v.text END,
            v.fingerprint = CASE WHEN take THEN $fingerprint ELSE v.fingerprint END
        RETURN v.text AS text""", Map.of("text", text, "fingerprint", fingerprint, "replace", replace))
        .single().get("text").asString());
  }

  /**
   * Returns the shared tag space's state: the vocabulary's {@code text} and {@code fingerprint}, and the
   * number of users' tag {@code edits} so far; empty before any server stored a vocabulary.
   */
  Optional<Map<String, Object>> sharedVocabulary() {
    return read(tx -> Optional.ofNullable(only(tx.run("""
        MATCH (v:Vocabulary {name: 'shared'}) WHERE v.text IS NOT NULL
        RETURN v.text AS text, v.fingerprint AS fingerprint, coalesce(v.edits, 0) AS edits""")))
        .map(Record::asMap));
  }

  /**
   * Returns users' evidence per text space ({@code en}, {@code zh}) and tag: the embeddings of up to
   * {@code perTag} files a user gave the tag ({@code confirmed}) and took it from ({@code removed}),
   * the most recently updated first.
   */
  Map<String, Map<String, Map<String, List<Object>>>> correctionEvidence(int perTag) {
    Map<String, Map<String, Map<String, List<Object>>>> out = new LinkedHashMap<>();
    for (TextSpace space : List.of(ENGLISH, CHINESE)) {
      Map<String, Map<String, List<Object>>> tags = new LinkedHashMap<>();
      // The property name is one of two constants, never user text.
      String vector = "f." + space.property();
      // A tag is also told under its aliases: the vocabulary may spell it as it arrived ("recipes").
      read(tx -> tx.run("MATCH (f:File)-[:TAGGED {source: 'user'}]->(t:Tag) WHERE " + vector + " IS NOT NULL "
          + "UNWIND [t.name] + coalesce(t.aliases, []) AS tag "
          + "WITH tag, " + vector + " AS v ORDER BY f.updatedAt DESC, f.path "
          + "RETURN tag, collect(v)[..$perTag] AS vs", Map.of("perTag", perTag)).list(Record::asMap))
          .forEach(r -> tags.computeIfAbsent((String) r.get("tag"), k -> new LinkedHashMap<>())
              .put("confirmed", asObjects(r.get("vs"))));
      read(tx -> tx.run("MATCH (f:File) WHERE " + vector + " IS NOT NULL AND size(coalesce(f.removedTags, [])) > 0 "
          + "UNWIND f.removedTags AS removed "
          + "OPTIONAL MATCH (t:Tag {name: removed}) "
          + "UNWIND [removed] + coalesce(t.aliases, []) AS tag "
          + "WITH tag, " + vector + " AS v ORDER BY f.updatedAt DESC, f.path "
          + "RETURN tag, collect(v)[..$perTag] AS vs", Map.of("perTag", perTag)).list(Record::asMap))
          .forEach(r -> tags.computeIfAbsent((String) r.get("tag"), k -> new LinkedHashMap<>())
              .put("removed", asObjects(r.get("vs"))));
      out.put(space == CHINESE ? "zh" : "en", tags);
    }
    return out;
  }

  private static List<Object> asObjects(Object list) {
    return new ArrayList<>((List<?>) list);
  }

  /** Returns files whose name contains the text, any case: exact names first, then prefixes, then the rest. */
  List<Map<String, Object>> searchByName(String text, int limit) {
    return search("""
        MATCH (f:File) WHERE f.nameLower CONTAINS $text
        WITH f, CASE WHEN f.nameLower = $text THEN 1.0 WHEN f.nameLower STARTS WITH $text THEN 0.8 ELSE 0.5 END AS score
        ORDER BY score DESC, size(f.name), f.path LIMIT $limit""",
        Map.of("text", text.toLowerCase(java.util.Locale.ROOT), "limit", limit));
  }

  /**
   * Returns the files whose text or name holds the words of a Lucene query, best match first, each
   * with its stored text for a snippet; only files carrying {@code tag} with at least {@code minScore}
   * when the tag is not null.
   */
  List<Map<String, Object>> searchByText(String luceneQuery, String tag, double minScore, int limit) {
    return search("""
        CALL db.index.fulltext.queryNodes($index, $query, {limit: $candidates}) YIELD node AS f, score
        WHERE $tag IS NULL OR EXISTS { (f)-[r:TAGGED]->(t:Tag) WHERE r.score >= $minScore
                                        AND (t.name IN [$tag, $canonical] OR $tag IN coalesce(t.aliases, [])) }
        WITH f, score ORDER BY score DESC, f.path LIMIT $limit""",
        ", f.text AS text",
        params("index", TEXT_INDEX, "query", luceneQuery, "tag", tag, "canonical", tag == null ? null : TagNames.canonical(tag),
            "minScore", minScore, "limit", limit,
            "candidates", tag == null ? limit : limit * 50));
  }

  /**
   * Creates the image-embedding vector index with the model's dimension unless it exists; schema
   * changes cannot share a transaction with data, so this runs before the landing's transaction.
   */
  void ensureImageIndex(int dimensions) {
    if (imageIndexReady) {
      return;
    }
    try (Session session = session()) {
      session.run("CREATE VECTOR INDEX " + IMAGE_VECTOR_INDEX + " IF NOT EXISTS FOR (f:File) ON (f.imageEmbedding) "
          + "OPTIONS {indexConfig: {`vector.dimensions`: " + dimensions + ", `vector.similarity_function`: 'cosine'}}")
          .consume();
      session.run("CALL db.awaitIndex($name, 300)", Map.of("name", IMAGE_VECTOR_INDEX)).consume();
    }
    imageIndexReady = true;
  }

  private boolean imageIndexExists() {
    if (!imageIndexReady) {
      // Another server may have made it; once seen it stays.
      imageIndexReady = read(tx -> tx.run("SHOW INDEXES YIELD name WHERE name = $name RETURN count(*) AS n",
          Map.of("name", IMAGE_VECTOR_INDEX)).single().get("n").asLong() > 0);
    }
    return imageIndexReady;
  }

  /**
   * Returns the files nearest a search text's meaning, in one ranking over both spaces: the text
   * model's query embedding against file text embeddings, and (when {@code imageQuery} is not null and
   * some file has an image embedding) the image model's text embedding against file image
   * embeddings. The two lists are merged by reciprocal rank fusion, not by score: MiniLM's and CLIP's
   * cosines live on different scales (CLIP's text-to-image cosines bunch around 0.2 to 0.35) and no
   * labelled queries are at hand to calibrate one against the other, while ranks need no
   * calibration. A merged score is the fusion score divided by its maximum (first in both lists), so
   * it lies in (0, 1]; with one space only, the score is that space's cosine.
   */
  List<Map<String, Object>> searchByMeaning(TextSpace space, float[] textQuery, float[] imageQuery, int limit) {
    List<Map<String, Object>> text = vectorSearch(space.index(), textQuery, limit);
    if (imageQuery == null || !imageIndexExists()) {
      return text;
    }
    List<Map<String, Object>> image = vectorSearch(IMAGE_VECTOR_INDEX, imageQuery, limit);
    Map<String, Map<String, Object>> merged = new LinkedHashMap<>();
    Map<String, Double> fused = new HashMap<>();
    for (List<Map<String, Object>> ranking : List.of(text, image)) {
      for (int rank = 0; rank < ranking.size(); rank++) {
        Map<String, Object> hit = ranking.get(rank);
        String path = (String) hit.get("path");
        merged.putIfAbsent(path, hit);
        fused.merge(path, 1.0 / (RRF_K + rank + 1), Double::sum);
      }
    }
    double best = 2.0 / (RRF_K + 1);
    List<Map<String, Object>> out = new ArrayList<>();
    for (Map.Entry<String, Map<String, Object>> e : merged.entrySet()) {
      Map<String, Object> hit = new LinkedHashMap<>(e.getValue());
      hit.put("score", fused.get(e.getKey()) / best);
      out.add(hit);
    }
    out.sort(java.util.Comparator.comparingDouble((Map<String, Object> h) -> -(double) h.get("score"))
        .thenComparing(h -> (String) h.get("path")));
    return out.size() > limit ? List.copyOf(out.subList(0, limit)) : out;
  }

  private List<Map<String, Object>> vectorSearch(String index, float[] query, int limit) {
    return search("""
        CALL db.index.vector.queryNodes($index, $limit, $embedding) YIELD node AS f, score
        WITH f, score ORDER BY score DESC, f.path""",
        Map.of("index", index, "limit", limit, "embedding", toList(query)));
  }

  private List<Map<String, Object>> search(String match, Map<String, Object> params) {
    return search(match, "", params);
  }

  private List<Map<String, Object>> search(String match, String extraColumns, Map<String, Object> params) {
    return read(tx -> tx.run(match + """

        OPTIONAL MATCH (f)-[r:TAGGED]->(t:Tag)
        WITH f, score, t ORDER BY r.score DESC, t.name
        WITH f, score, collect(t.name) AS tags
        RETURN f.path AS path, f.name AS name, score, tags""" + extraColumns + " ORDER BY score DESC, path", params)
        .list(Record::asMap));
  }

  private static Map<String, Object> params(Object... keysAndValues) {
    // Map.of refuses null values, and a missing filter is null.
    Map<String, Object> m = new HashMap<>();
    for (int i = 0; i < keysAndValues.length; i += 2) {
      m.put((String) keysAndValues[i], keysAndValues[i + 1]);
    }
    return m;
  }

  /**
   * Returns a page of the tags with the number of files carrying each and its other spellings, most used first,
   * skipping {@code offset}.
   */
  List<Map<String, Object>> tags(int offset, int limit) {
    return read(tx -> tx.run("""
        MATCH (t:Tag)
        OPTIONAL MATCH (t)<-[r:TAGGED]-(:File)
        WITH t.name AS name, coalesce(t.aliases, []) AS aliases, count(r) AS count
        RETURN name, count, aliases ORDER BY count DESC, name SKIP $offset LIMIT $limit""",
        Map.of("offset", offset, "limit", limit)).list(Record::asMap));
  }

  /** Returns how many tags the graph has. */
  long tagCount() {
    return read(tx -> tx.run("MATCH (t:Tag) RETURN count(t) AS n").single().get("n").asLong());
  }

  /**
   * Returns the neighbourhood of a file or directory ({@code tag} null) or of a tag ({@code path} null)
   * up to {@code depth} hops, as nodes and edges; empty if the start does not exist.
   */
  Optional<Map<String, Object>> neighbourhood(String path, String tag, int depth, int maxPaths) {
    String start = path != null
        ? "MATCH (s) WHERE (s:File OR s:Dir) AND s.path = $key WITH s LIMIT 1 "
        : "MATCH (s:Tag {name: $key}) ";
    return read(tx -> {
      Record r = only(tx.run(start + NEIGHBOURHOODS.get(depth - 1),
          Map.of("key", path != null ? path : tag, "maxPaths", maxPaths)));
      if (r == null) {
        return Optional.empty();
      }
      Map<String, Map<String, Object>> nodes = new LinkedHashMap<>();
      addNode(nodes, r.get("start").asNode());
      List<Map<String, Object>> edges = new ArrayList<>();
      for (Value edge : r.get("edges").values()) {
        String a = addNode(nodes, edge.get("a").asNode());
        String b = addNode(nodes, edge.get("b").asNode());
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("source", a);
        e.put("target", b);
        e.put("type", edge.get("type").asString());
        e.put("score", edge.get("score").isNull() ? null : edge.get("score").asDouble());
        edges.add(e);
      }
      return Optional.of(Map.of("nodes", List.copyOf(nodes.values()), "edges", edges));
    });
  }

  /** Adds a node in the API's form and returns its id: {@code file:/a.txt}, {@code dir:/a}, {@code tag:cat}. */
  private static String addNode(Map<String, Map<String, Object>> nodes, Node node) {
    String type = node.hasLabel("File") ? "file" : node.hasLabel("Dir") ? "dir" : "tag";
    String key = type.equals("tag") ? node.get("name").asString() : node.get("path").asString();
    String id = type + ":" + key;
    nodes.computeIfAbsent(id, k -> {
      Map<String, Object> n = new LinkedHashMap<>();
      n.put("id", id);
      n.put("type", type);
      n.put("label", type.equals("tag") ? key : key.equals("/") ? "/" : DrivePath.name(key));
      if (!type.equals("tag")) {
        n.put("path", key);
      }
      if (type.equals("file")) {
        n.put("status", node.get("status").asString(null));
      }
      return n;
    });
    return id;
  }

  /** Returns the number of files in each status. */
  Map<String, Long> statusCounts() {
    return read(tx -> {
      Map<String, Long> counts = new LinkedHashMap<>(Map.of("PENDING", 0L, "TAGGED", 0L, "FAILED", 0L));
      tx.run("MATCH (f:File) RETURN f.status AS status, count(*) AS n")
          .forEachRemaining(r -> counts.put(r.get("status").asString("UNKNOWN"), r.get("n").asLong()));
      return counts;
    });
  }

  /**
   * Claims up to {@code limit} PENDING files whose lease ran out for {@code owner}; returns path and generation of
   * each. Two servers claiming at once never get the same file: each re-checks the lease after locking.
   */
  Map<String, Long> claimExpired(String owner, long now, long leaseUntil, int limit) {
    Map<String, Object> params = Map.of("owner", owner, "now", now, "leaseUntil", leaseUntil, "limit", limit);
    return write(tx -> {
      Map<String, Long> claimed = new LinkedHashMap<>();
      tx.run("""
          MATCH (f:File {status: 'PENDING'})
          WHERE f.leaseUntil IS NULL OR f.leaseUntil < $now
          WITH f ORDER BY f.path LIMIT $limit
          // A write takes the node's lock until the commit; the lease is checked again under it.
          SET f.claimLock = true
          REMOVE f.claimLock
          WITH f
          WHERE f.status = 'PENDING' AND (f.leaseUntil IS NULL OR f.leaseUntil < $now)
          SET f.claimedBy = $owner, f.leaseUntil = $leaseUntil
          RETURN f.path AS path, f.generation AS generation""", params)
          .forEachRemaining(r -> claimed.put(r.get("path").asString(), r.get("generation").asLong()));
      return claimed;
    });
  }

  /**
   * Ends the leases {@code owner} held before a restart, so that it and any other server can claim those files at
   * once; returns how many there were.
   */
  long releaseLeases(String owner) {
    return write(tx -> tx.run("""
        MATCH (f:File {status: 'PENDING'}) WHERE f.claimedBy = $owner
        SET f.leaseUntil = 0
        RETURN count(f) AS n""", Map.of("owner", owner)).single().get("n").asLong());
  }

  /** Extends the lease of those files that are still PENDING under this owner. */
  void renewLeases(String owner, List<String> paths, long leaseUntil) {
    if (paths.isEmpty()) {
      return;
    }
    write(tx -> tx.run("""
        UNWIND $paths AS path
        MATCH (f:File {path: path}) WHERE f.status = 'PENDING' AND f.claimedBy = $owner
        SET f.leaseUntil = $leaseUntil""", Map.of("paths", paths, "owner", owner, "leaseUntil", leaseUntil))
        .consume());
  }

  /**
   * Returns up to {@code limit} file paths after {@code after} in path order, of files with {@code status} (any when
   * null), for paging through them.
   */
  List<String> filePaths(String after, int limit, String status) {
    return read(tx -> tx.run("""
        MATCH (f:File) WHERE f.path > $after AND ($status IS NULL OR f.status = $status)
        RETURN f.path AS path ORDER BY path LIMIT $limit""", Values.parameters("after", after, "limit", limit, "status", status))
        .list(r -> r.get("path").asString()));
  }

  /** Returns up to {@code limit} directory paths after {@code after} in path order, the root left out. */
  List<String> dirPaths(String after, int limit) {
    return read(tx -> tx.run("""
        MATCH (d:Dir) WHERE d.path > $after AND d.path <> '/'
        RETURN d.path AS path ORDER BY path LIMIT $limit""", Map.of("after", after, "limit", limit))
        .list(r -> r.get("path").asString()));
  }

  /** Returns up to {@code limit} FAILED files with their errors, the latest first. */
  List<Map<String, Object>> failed(int limit) {
    return read(tx -> tx.run("""
        MATCH (f:File {status: 'FAILED'})
        RETURN f.path AS path, f.error AS error ORDER BY f.taggedAt DESC, f.path LIMIT $limit""",
        Map.of("limit", limit)).list(Record::asMap));
  }

  private static List<Map<String, Object>> tagParams(List<Tag> tags, List<String> removed) {
    Map<String, Tag> best = new LinkedHashMap<>();
    for (Tag tag : tags) {
      String name = TagNames.canonical(tag.name());
      if (tag.source() != TagSource.USER && !removed.contains(name)) {
        best.merge(name, tag, (a, b) -> a.score() >= b.score() ? a : b);
      }
    }
    List<Map<String, Object>> out = new ArrayList<>();
    for (Map.Entry<String, Tag> e : best.entrySet()) {
      Tag tag = e.getValue();
      Map<String, Object> m = new HashMap<>();
      m.put("name", e.getKey());
      m.put("alias", e.getKey().equals(tag.name()) ? null : tag.name());
      m.put("score", tag.score());
      m.put("source", tag.source().id());
      m.put("model", tag.model());
      m.put("threshold", tag.threshold());
      out.add(m);
    }
    return out;
  }

  private static List<Double> toList(float[] values) {
    List<Double> list = new ArrayList<>(values.length);
    for (float v : values) {
      list.add((double) v);
    }
    return list;
  }

  private static Record only(org.neo4j.driver.Result result) {
    return result.hasNext() ? result.next() : null;
  }

  private Session session() {
    return driver.session(SessionConfig.defaultConfig());
  }

  /** Runs a write transaction, retried on transient errors; for the classes beside this one (intake). */
  <T> T write(TransactionCallback<T> work) {
    try (Session session = session()) {
      return session.executeWrite(work);
    }
  }

  /** Runs a read transaction; for the query classes beside this one (overview, changes). */
  <T> T read(TransactionCallback<T> work) {
    try (Session session = session()) {
      return session.executeRead(work);
    }
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }
}
