package io.graphdrive.mount;

/** One open() of a file: the shared open file and how this handle may use it. */
final class Handle {
  final OpenFile file;
  final boolean writer;
  final boolean append;

  Handle(OpenFile file, boolean writer, boolean append) {
    this.file = file;
    this.writer = writer;
    this.append = append;
  }
}
