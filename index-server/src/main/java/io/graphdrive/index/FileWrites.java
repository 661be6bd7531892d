package io.graphdrive.index;

import io.graphdrive.common.DrivePath;
import io.graphdrive.common.Event;
import io.graphdrive.common.EventType;
import io.graphdrive.common.TempNames;
import io.graphdrive.storage.FileStat;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.FileAlreadyExistsException;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;

/** Uploads and moves made through the API, stored and then recorded as the mount's events would be. */
final class FileWrites {
  private static final SecureRandom RANDOM = new SecureRandom();

  private final long maxBytes;

  /** Accepts uploads of at most {@code maxBytes} bytes (setting {@code upload.max-bytes}). */
  FileWrites(long maxBytes) {
    this.maxBytes = maxBytes;
  }

  /**
   * Answers {@code PUT /files/content?path=[&overwrite=true]}: streams the body to a temporary name in the
   * same folder, renames it into place and records it as CREATED; 201 with the file's answer.
   */
  void upload(Exchange ex, Services s) throws IOException {
    String path = ex.path("path");
    boolean overwrite = "true".equals(ex.param("overwrite"));
    try {
      checkNewName(path, "upload to");
      refuseExisting(s, path, overwrite);
      if (ex.declaredLength() > maxBytes) {
        throw tooLarge();
      }
    } catch (ApiError e) {
      ex.discardBody();
      throw e;
    }
    String parent = DrivePath.parent(path);
    // A scratch name (TempNames) in the same folder: the mount's journal skips it and the rename stays in one folder.
    String temp = (parent.equals("/") ? "" : parent) + "/.upload-" + HexFormat.of().formatHex(randomBytes()) + ".part";
    try {
      store(ex, s, temp);
      // Checked again: something may have arrived at the path while the body streamed.
      refuseExisting(s, path, overwrite);
      s.storage().rename(temp, path);
    } catch (FileAlreadyExistsException e) {
      throw new ApiError(409, "exists", "a file is in the way of a folder in " + path);
    } finally {
      s.storage().delete(temp, false);
    }
    s.intake().record(new Event(EventType.CREATED, path, null));
    ex.json(201, s.graph().file(path).orElseThrow(() -> Api.notFound(path)));
  }

  /** Copies the request body to {@code temp}, counting; 413 (and nothing kept) past the limit. */
  private void store(Exchange ex, Services s, String temp) throws IOException {
    byte[] buffer = new byte[65536];
    long total = 0;
    try (InputStream in = ex.bodyStream(); OutputStream out = s.storage().create(temp)) {
      for (int n; (n = in.read(buffer)) >= 0; ) {
        total += n;
        if (total > maxBytes) {
          ex.discardBody();
          throw tooLarge();
        }
        out.write(buffer, 0, n);
      }
    }
  }

  /**
   * Answers {@code POST /files/move?path=&to=}: moves a file or a whole folder in storage and in the graph,
   * making the parents of {@code to}; 200 with the file's answer, or {@code {"path","status":"DIR"}}.
   */
  void move(Exchange ex, Services s) throws IOException {
    String from = ex.path("path");
    String to = ex.path("to");
    if (from.equals("/")) {
      throw new ApiError(400, "bad request", "the drive root cannot be moved");
    }
    checkNewName(to, "move to");
    if (to.equals(from) || to.startsWith(from + "/")) {
      throw new ApiError(400, "bad request", "cannot move " + from + " into itself (" + to + ")");
    }
    Optional<FileStat> source = s.storage().stat(from);
    if (source.isEmpty()) {
      throw Api.notFound(from);
    }
    if (s.storage().stat(to).isPresent()) {
      throw new ApiError(409, "exists", "something is already at " + to + "; move or delete it first");
    }
    try {
      s.storage().rename(from, to);
    } catch (FileAlreadyExistsException e) {
      throw new ApiError(409, "exists", "a file is in the way of a folder in " + to);
    }
    String status = s.intake().record(new Event(EventType.MOVED, to, from));
    ex.json(200, status.equals("DIR") ? Map.of("path", to, "status", "DIR")
        : s.graph().file(to).orElseThrow(() -> Api.notFound(to)));
  }

  /** Refuses the root and the scratch names the index ignores (TempNames), which a new file may not have. */
  private static void checkNewName(String path, String what) {
    if (path.equals("/")) {
      throw new ApiError(400, "bad request", "cannot " + what + " the drive root; give a file path like /folder/name.txt");
    }
    if (TempNames.isTemp(path)) {
      throw new ApiError(400, "bad request", "'" + DrivePath.name(path) + "' is a temporary name (like x.part, x.tmp, "
          + ".x.swp, x~) that the drive does not index; choose another name");
    }
    if (path.indexOf(':') >= 0) {
      throw new ApiError(400, "bad request", "names may not contain ':' on this drive");
    }
  }

  /** Refuses with 409 when a folder is at the path, or a file is and it may not be replaced. */
  private static void refuseExisting(Services s, String path, boolean overwrite) throws IOException {
    Optional<FileStat> there = s.storage().stat(path);
    if (there.isPresent() && (there.get().directory() || !overwrite)) {
      throw new ApiError(409, "exists", there.get().directory()
          ? "a folder is at " + path + "; choose another name"
          : "a file is already at " + path + "; add overwrite=true to replace it");
    }
  }

  /** Returns the 413 that names the limit and its setting. */
  private ApiError tooLarge() {
    return new ApiError(413, "request body too large", "the upload limit is " + maxBytes
        + " bytes (setting upload.max-bytes)");
  }

  /** Returns 8 random bytes, for a scratch name no other upload picks. */
  private static byte[] randomBytes() {
    byte[] bytes = new byte[8];
    RANDOM.nextBytes(bytes);
    return bytes;
  }
}
