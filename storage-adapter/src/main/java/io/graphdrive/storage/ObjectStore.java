package io.graphdrive.storage;

import io.graphdrive.common.Config;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;

/**
 * Where a new volume keeps its data blocks: a local directory (JuiceFS's {@code file} storage) or a bucket of an
 * S3-compatible store given as {@code http(s)://host:port/bucket} (its {@code s3} storage, path style), with keys.
 *
 * @param storage JuiceFS's storage type, {@code file} or {@code s3}
 * @param bucket the directory (absolute, ending in '/') or the bucket's URL, as the volume's format records it
 * @param accessKey the S3 access key, or "" for none (then JuiceFS asks AWS's usual places)
 * @param secretKey the S3 secret key, or ""
 */
record ObjectStore(String storage, String bucket, String accessKey, String secretKey) {
  static final String FILE = "file";
  static final String S3 = "s3";

  /** Returns the object store the settings name ({@code juicefs.bucket}, {@code juicefs.access-key}, {@code juicefs.secret-key}). */
  static ObjectStore of(Config config) {
    String bucket = config.juicefsBucket();
    if (!bucket.startsWith("http://") && !bucket.startsWith("https://")) {
      return local(Path.of(bucket));
    }
    try {
      URI uri = new URI(bucket);
      String path = uri.getPath() == null ? "" : uri.getPath().replaceAll("^/+|/+$", "");
      if (uri.getHost() == null || path.isEmpty() || path.contains("/") || uri.getQuery() != null) {
        throw new IllegalArgumentException("setting " + Config.JUICEFS_BUCKET + " must be a directory or an S3 "
            + "bucket's URL such as http://127.0.0.1:9000/graphdrive, not " + bucket);
      }
      return new ObjectStore(S3, uri.getScheme() + "://" + uri.getRawAuthority() + "/" + path,
          config.get(Config.JUICEFS_ACCESS_KEY, ""), config.get(Config.JUICEFS_SECRET_KEY, ""));
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException("setting " + Config.JUICEFS_BUCKET + " is not a URL: " + e.getMessage(), e);
    }
  }

  /** Returns {@code file} storage in a local directory. */
  static ObjectStore local(Path dir) {
    return new ObjectStore(FILE, dir.toAbsolutePath().normalize() + "/", "", "");
  }

  /** Returns the local directory of {@code file} storage; only for it. */
  Path directory() {
    if (!storage.equals(FILE)) {
      throw new IllegalStateException("not file storage: " + this);
    }
    return Path.of(bucket);
  }

  /** Returns whether blocks live in a local directory. */
  boolean isFile() {
    return storage.equals(FILE);
  }

  /** Returns the store without its secret, for logs and errors. */
  @Override
  public String toString() {
    return storage + " " + bucket + (accessKey.isEmpty() ? "" : " (access key " + accessKey + ")");
  }
}
