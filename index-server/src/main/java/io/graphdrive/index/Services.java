package io.graphdrive.index;

import java.nio.file.Path;

/** The parts behind the API, available once all of them have started. */
record Services(Graph graph, FileStore store, Tagger tagger, Dispatcher dispatcher, Path vocabulary) {}
