package io.graphdrive.index;

import io.graphdrive.common.TaggingResult;
import java.util.concurrent.CompletableFuture;

/** What the index server needs from the tagging workers (a Ray actor pool in production). */
interface Tagger extends AutoCloseable {
  /** Tags the file at the path; a file that cannot be tagged completes normally with its error set. */
  CompletableFuture<TaggingResult> tag(String path);

  /** Returns the embedding of a free-text query, in the same space as file embeddings. */
  float[] embedQuery(String text);

  /** Throws IllegalArgumentException, naming the line, if the text is no valid vocabulary file. */
  void validateVocabulary(String text);

  /** Makes the workers read the vocabulary file again. */
  void reloadVocabulary();

  /** Returns the number of workers. */
  int workers();

  /** Returns the number of files being tagged right now. */
  int inFlight();

  /** Stops the workers. */
  @Override
  void close();
}
