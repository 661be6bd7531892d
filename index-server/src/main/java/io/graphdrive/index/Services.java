package io.graphdrive.index;

import io.graphdrive.storage.JuiceStorage;
import io.graphdrive.tagging.TaggingPool;
import java.nio.file.Path;

/** The parts behind the API, available once all of them have started. */
record Services(
    Graph graph, JuiceStorage storage, TaggingPool pool, Dispatcher dispatcher, TagSpaceSync tagSpace, Path vocabulary) {}
