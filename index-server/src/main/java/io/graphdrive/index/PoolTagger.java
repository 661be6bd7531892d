package io.graphdrive.index;

import io.graphdrive.common.Config;
import io.graphdrive.common.TaggingResult;
import io.graphdrive.tagging.TaggingPool;
import io.graphdrive.tagging.Vocabulary;
import java.util.concurrent.CompletableFuture;

/** The Ray actor pool of tagging-workers behind the index server's Tagger seam. */
final class PoolTagger implements Tagger {
  private final TaggingPool pool;

  private PoolTagger(TaggingPool pool) {
    this.pool = pool;
  }

  /** Starts the pool the settings describe. */
  static PoolTagger start(Config config) {
    return new PoolTagger(TaggingPool.start(config));
  }

  @Override
  public CompletableFuture<TaggingResult> tag(String path) {
    return pool.tag(path);
  }

  @Override
  public float[] embedQuery(String text) {
    return pool.embedQuery(text);
  }

  @Override
  public void validateVocabulary(String text) {
    Vocabulary.parse(text);
  }

  @Override
  public void reloadVocabulary() {
    pool.reloadVocabulary();
  }

  @Override
  public int workers() {
    return pool.workers();
  }

  @Override
  public int inFlight() {
    return pool.inFlight();
  }

  @Override
  public void close() {
    pool.close();
  }
}
