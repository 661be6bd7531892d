package io.graphdrive.index;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.graphdrive.common.Json;
import io.graphdrive.tagging.TaggingPool;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps this server's actors on the drive's one tag space: the vocabulary stored in the graph and the
 * corrections users' tag edits give. It checks the graph every period and hands the actors whatever
 * changed, so a vocabulary put to any server, or a burst of edits, reaches every actor within a period.
 */
final class TagSpaceSync implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(TagSpaceSync.class);
  /** Most files per tag, confirmed or removed, whose embeddings are read: the newest ones. */
  static final int EVIDENCE_PER_TAG = 20;

  private final Graph graph;
  private final TaggingPool pool;
  private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "tag-space-sync");
    t.setDaemon(true);
    return t;
  });
  private long editsApplied = -1;
  private volatile int correctedTags;

  /**
   * Stores the pool's starting vocabulary (the local file) as the shared one if the graph has none,
   * brings the actors to the shared state, then checks every {@code periodMillis}.
   */
  TagSpaceSync(Graph graph, TaggingPool pool, String localVocabulary, long periodMillis) {
    this.graph = graph;
    this.pool = pool;
    graph.shareVocabulary(localVocabulary, pool.vocabularyFingerprint(), false);
    sync();
    timer.scheduleWithFixedDelay(this::syncLogged, periodMillis, periodMillis, TimeUnit.MILLISECONDS);
  }

  /** Brings the actors to the graph's vocabulary and corrections, where they differ; safe from any thread. */
  synchronized void sync() {
    Map<String, Object> shared = graph.sharedVocabulary().orElseThrow();
    if (!shared.get("fingerprint").equals(pool.vocabularyFingerprint())) {
      pool.useVocabulary((String) shared.get("text"));
    }
    long edits = (Long) shared.get("edits");
    if (edits != editsApplied) {
      try {
        Map<String, Map<String, Map<String, List<Object>>>> evidence = graph.correctionEvidence(EVIDENCE_PER_TAG);
        // The prototype needs only the confirmed files' mean, so one vector per tag travels instead of many.
        evidence.values().forEach(tags -> tags.values().forEach(e -> e.computeIfPresent("confirmed", (k, v) -> mean(v))));
        correctedTags = pool.useCorrections(Json.mapper().writeValueAsString(evidence));
      } catch (JsonProcessingException e) {
        throw new IllegalStateException(e);
      }
      editsApplied = edits;
    }
  }

  /** Returns the element-wise mean of equally long vectors (lists of numbers) as a one-vector list. */
  private static List<Object> mean(List<Object> vectors) {
    double[] sum = null;
    for (Object o : vectors) {
      List<?> v = (List<?>) o;
      if (sum == null) {
        sum = new double[v.size()];
      }
      for (int i = 0; i < sum.length; i++) {
        sum[i] += ((Number) v.get(i)).doubleValue() / vectors.size();
      }
    }
    return sum == null ? List.of() : List.of(sum);
  }

  private void syncLogged() {
    try {
      sync();
    } catch (RuntimeException e) {
      LOG.warn("tag space sync: {}", e.toString());
    }
  }

  /** Returns what the actors use: the vocabulary's fingerprint, the tag edits and the tags corrected. */
  synchronized Map<String, Object> state() {
    Map<String, Object> state = new LinkedHashMap<>();
    state.put("vocabulary", pool.vocabularyFingerprint());
    state.put("edits", editsApplied);
    state.put("correctedTags", correctedTags);
    return state;
  }

  /** Stops checking. */
  @Override
  public void close() {
    timer.shutdownNow();
  }
}
