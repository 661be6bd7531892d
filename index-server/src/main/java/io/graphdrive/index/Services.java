package io.graphdrive.index;

import io.graphdrive.storage.FileStat;
import io.graphdrive.storage.JuiceStorage;
import io.graphdrive.tagging.TaggingPool;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;

/** The parts behind the API, available once all of them have started. */
record Services(
    Graph graph, JuiceStorage storage, TaggingPool pool, Dispatcher dispatcher, TagSpaceSync tagSpace, Path vocabulary,
    Overview overview, Previews previews, FileWrites writes) {

  /** Records a created or changed path: a directory as a Dir, a file as PENDING and dispatched; returns its status. */
  String record(String path, long now) throws IOException {
    if (storage.stat(path).map(FileStat::directory).orElse(false)) {
      graph.upsertDir(path);
      return "DIR";
    }
    dispatcher.dispatch(path, graph.upsertPending(path, dispatcher.owner(), now, dispatcher.leaseUntil(now)));
    return "PENDING";
  }

  /**
   * Records a move already made in storage, keeping tags; returns the status at the new path ("DIR" for a
   * directory), or empty when neither the graph knew {@code from} nor storage has {@code to}.
   */
  Optional<String> recordMove(String from, String to, long now) throws IOException {
    Optional<String> moved = graph.move(from, to, now);
    if (moved.isEmpty()) {
      return storage.stat(to).isEmpty() ? Optional.empty() : Optional.of(record(to, now));
    }
    // A file moved while PENDING is dispatched again under its new path.
    return Optional.of(moved.get().equals("PENDING") ? record(to, now) : moved.get());
  }
}
