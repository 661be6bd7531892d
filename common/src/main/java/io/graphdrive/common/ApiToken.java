package io.graphdrive.common;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.HexFormat;

/** The bearer token that guards the API: kept in {@code <data>/api-token}, mode 0600. */
public final class ApiToken {
  /** Environment variable that overrides the token file for clients. */
  public static final String ENV = "GRAPHDRIVE_TOKEN";

  private ApiToken() {}

  /** Returns the token in the file, first writing a new random one (mode 0600) if there is none. */
  public static String readOrCreate(Path file) throws IOException {
    if (!Files.exists(file)) {
      Files.createDirectories(file.toAbsolutePath().getParent());
      byte[] random = new byte[32];
      new SecureRandom().nextBytes(random);
      Path tmp = Files.createTempFile(file.toAbsolutePath().getParent(), ".api-token", ".tmp",
          PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
      Files.writeString(tmp, HexFormat.of().formatHex(random) + "\n", StandardCharsets.UTF_8);
      try {
        Files.move(tmp, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
      } catch (IOException e) {
        Files.deleteIfExists(tmp);
        if (!Files.exists(file)) {
          throw e;
        }
      }
    }
    return read(file);
  }

  /** Returns the token in the file; a missing or empty file is a clear error. */
  public static String read(Path file) throws IOException {
    if (!Files.isReadable(file)) {
      throw new IOException("no API token: " + file + " does not exist (start the server with "
          + "'graphdrive up', or set " + ENV + ")");
    }
    String token = Files.readString(file, StandardCharsets.UTF_8).strip();
    if (token.isEmpty()) {
      throw new IOException("API token file " + file + " is empty");
    }
    return token;
  }

  /**
   * Returns the token a client sends and a server requires: {@code GRAPHDRIVE_TOKEN} if set (a cluster's servers
   * take it from their environment or a secret), else the data directory's file.
   */
  public static String of(Config config) throws IOException {
    String env = System.getenv(ENV);
    return env != null && !env.isBlank() ? env.strip() : read(config.apiTokenFile());
  }
}
