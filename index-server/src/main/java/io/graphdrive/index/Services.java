package io.graphdrive.index;

import io.graphdrive.storage.JuiceStorage;
import io.graphdrive.tagging.TaggingPool;
import java.nio.file.Path;

/** The parts behind the API, available once all of them have started. */
record Services(
    Graph graph, JuiceStorage storage, TaggingPool pool, Dispatcher dispatcher, EventIntake intake,
    Reconciler reconciler, TagSpaceSync tagSpace, Path vocabulary, Overview overview, Previews previews, FileWrites writes) {}
