package io.graphdrive.storage;

/**
 * What storage knows about one file or directory.
 *
 * @param path the drive path, e.g. {@code /docs/a.pdf}
 * @param directory whether it is a directory
 * @param size the length in bytes; 0 for a directory
 * @param modifiedMillis the last modification time, in milliseconds since the epoch
 * @param mode the permission bits, e.g. {@code 0644}
 */
public record FileStat(String path, boolean directory, long size, long modifiedMillis, int mode) {}
