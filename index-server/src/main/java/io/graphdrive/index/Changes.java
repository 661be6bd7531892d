package io.graphdrive.index;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.neo4j.driver.Record;

/**
 * The feed the web page polls: files updated or tagged since a moment, oldest change first. A file's change
 * time is the later of its updatedAt and taggedAt; deletions are not in it.
 */
final class Changes {
  /**
   * How far the {@code now} of a complete answer lies behind the clock: a file's times are taken before its
   * landing commits, which on a busy machine took over 2 s, so the next polls look back this far and still
   * see it. Duplicates are the price, and the page takes them.
   */
  static final long OVERLAP_MILLIS = 15_000;
  /** The most files one answer carries beyond its limit to finish a millisecond that many files share. */
  private static final int TIE_CAP = 50_000;
  private static final String CHANGED =
      "CASE WHEN f.taggedAt IS NOT NULL AND f.taggedAt > f.updatedAt THEN f.taggedAt ELSE f.updatedAt END";
  private static final String FIELDS = " RETURN f.path AS path, f.name AS name, f.status AS status, f.error AS error, "
      + "f.mime AS mime, f.size AS size, f.updatedAt AS updatedAt, f.taggedAt AS taggedAt, changed";

  private Changes() {}

  /**
   * Answers {@code GET /changes?since=&limit=} with {@code {"now","files","more"}}: pass {@code now} as the
   * next {@code since}. When {@code more} is true, {@code now} is just after the last change returned (every
   * file of that millisecond included), so the next call goes on from there.
   */
  static void answer(Exchange ex, Graph graph) throws IOException {
    long since = sinceParam(ex);
    int limit = ex.intParam("limit", 500, 1, 5000);
    long clock = System.currentTimeMillis();
    List<Record> rows = graph.read(tx -> tx.run("MATCH (f:File) WHERE f.updatedAt >= $since OR f.taggedAt >= $since "
        + "WITH f, " + CHANGED + " AS changed WHERE changed >= $since "
        + "WITH f, changed ORDER BY changed, f.path LIMIT $limit" + FIELDS,
        Map.of("since", since, "limit", limit + 1)).list());
    boolean more = rows.size() > limit;
    long now = clock - OVERLAP_MILLIS;
    if (more) {
      rows = new ArrayList<>(rows.subList(0, limit));
      Record last = rows.get(limit - 1);
      long lastChanged = last.get("changed").asLong();
      rows.addAll(graph.read(tx -> tx.run("MATCH (f:File) WHERE f.updatedAt = $t OR f.taggedAt = $t "
          + "WITH f, " + CHANGED + " AS changed WHERE changed = $t AND f.path > $after "
          + "WITH f, changed ORDER BY f.path LIMIT $cap" + FIELDS,
          Map.of("t", lastChanged, "after", last.get("path").asString(), "cap", TIE_CAP)).list()));
      now = lastChanged + 1;
    }
    List<Map<String, Object>> files = new ArrayList<>();
    for (Record r : rows) {
      Map<String, Object> file = new LinkedHashMap<>(r.asMap());
      file.remove("changed");
      for (String key : List.of("updatedAt", "taggedAt")) {
        file.put(key, file.get(key) == null ? null : Instant.ofEpochMilli((Long) file.get(key)).toString());
      }
      files.add(file);
    }
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("now", now);
    body.put("files", files);
    body.put("more", more);
    ex.json(200, body);
  }

  /** Returns {@code since}, 0 when absent; 400 for anything but a time in milliseconds. */
  private static long sinceParam(Exchange ex) {
    String raw = ex.param("since");
    if (raw == null) {
      return 0;
    }
    try {
      long since = Long.parseLong(raw);
      if (since >= 0) {
        return since;
      }
    } catch (NumberFormatException e) {
      // answered below
    }
    throw new ApiError(400, "bad request", "'since' must be a time in milliseconds since 1970, as 'now' of the last answer");
  }
}
