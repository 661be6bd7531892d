package io.graphdrive.client;

import com.fasterxml.jackson.databind.JsonNode;
import io.graphdrive.apiclient.ApiClient;
import io.graphdrive.apiclient.ClientOptions;
import io.graphdrive.common.DrivePath;
import io.graphdrive.common.Event;
import io.graphdrive.common.EventType;
import io.graphdrive.common.TempNames;
import io.graphdrive.events.EventJournal;
import io.graphdrive.storage.JuiceStorage;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** Copies a local folder tree into the drive, with progress, and has every file tagged. */
@Command(name = "import", mixinStandardHelpOptions = true,
    description = "Copy a local folder tree into the drive (JuiceFS) and have every file tagged.",
    footer = {"",
        "The contents of DIR go under DRIVEDIR, which defaults to /NAME where NAME is DIR's own name:",
        "'graphdrive import ~/Photos' fills /Photos. Existing files are replaced.",
        "Symbolic links are skipped. A file that cannot be read, or whose name the drive refuses (':',",
        "control characters, names over 255 bytes), is listed at the end and the import goes on.",
        "Exit status: 0 when every file was copied (and, with --wait, tagging finished in time), else 1.",
        "",
        "Example: graphdrive import ~/Documents/papers /papers --wait"})
final class ImportCommand implements Callable<Integer> {
  private static final Duration SEND_TIMEOUT = Duration.ofSeconds(60);

  @Mixin ClientOptions options;

  @Parameters(index = "0", paramLabel = "DIR", description = "the local folder to copy")
  Path source;

  @Parameters(index = "1", arity = "0..1", paramLabel = "DRIVEDIR", description = "where it goes in the drive")
  String driveDir;

  @Option(names = "--wait", description = "wait until every imported file is tagged (or failed)")
  boolean waitForTags;

  @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "3600",
      description = "how long --wait waits (default: ${DEFAULT-VALUE})")
  int timeoutSeconds;

  @Override
  public Integer call() throws Exception {
    if (!Files.isDirectory(source)) {
      throw new NoSuchFileException(source + " is not a directory");
    }
    Path local = source.toAbsolutePath().normalize();
    if (driveDir == null && local.getFileName() == null) {
      throw new IllegalArgumentException("give DRIVEDIR when importing " + local);
    }
    String target = DrivePath.normalize(driveDir != null ? driveDir : "/" + local.getFileName());
    ApiClient api = options.api();
    api.requireServer("nothing was copied");
    Plan plan = Plan.of(local, target);
    List<String> failed = new ArrayList<>(plan.refused);
    List<String> copied = new ArrayList<>();
    long bytes = 0;
    long start = System.nanoTime();
    try (EventJournal journal = options.openJournal(api);
         JuiceStorage storage = JuiceStorage.open(options.config())) {
      Progress progress = new Progress("import", plan.bytes, plan.files.size());
      for (String dir : plan.emptyDirs) {
        storage.mkdirs(dir);
        journal.accept(new Event(EventType.CREATED, dir, null));
      }
      for (Item item : plan.files) {
        try {
          bytes += copy(storage, item, progress);
          copied.add(item.drivePath);
          journal.accept(new Event(item.existed ? EventType.MODIFIED : EventType.CREATED, item.drivePath, null));
        } catch (IOException | IllegalArgumentException e) {
          failed.add(item.local + ": " + reason(e));
        }
        progress.files(copied.size() + failed.size() - plan.refused.size());
      }
      progress.done();
      double seconds = Math.max((System.nanoTime() - start) / 1e9, 1e-3);
      System.out.printf(Locale.ROOT, "imported %d files (%s) into %s in %.1f s (%.1f files/s, %s/s)%n",
          copied.size(), Sizes.human(bytes), target, seconds, copied.size() / seconds,
          Sizes.human((long) (bytes / seconds)));
      list("skipped", plan.skipped);
      list("failed", failed);
      boolean tagged = true;
      if (waitForTags) {
        tagged = waitForTags(api, journal, copied);
      } else if (!journal.awaitDrained(SEND_TIMEOUT)) {
        System.err.println("graphdrive: the server has not taken " + journal.pending() + " events yet; they are "
            + "kept in " + options.config().journalDir() + " and sent by the next GraphDrive client");
      }
      return failed.isEmpty() && tagged ? 0 : 1;
    }
  }

  /** Streams one file into the drive, opening the local file first so an unreadable one leaves no trace. */
  private static long copy(JuiceStorage storage, Item item, Progress progress) throws IOException {
    long n = 0;
    try (InputStream in = Files.newInputStream(item.local)) {
      item.existed = storage.stat(item.drivePath).isPresent();
      boolean done = false;
      try (OutputStream out = storage.create(item.drivePath)) {
        byte[] buffer = new byte[1 << 20];
        for (int r; (r = in.read(buffer)) > 0; ) {
          out.write(buffer, 0, r);
          progress.add(r);
          n += r;
        }
        done = true;
      } finally {
        if (!done && !item.existed) {
          storage.delete(item.drivePath, false);
        }
      }
    }
    return n;
  }

  /** Waits until each imported file is TAGGED or FAILED, showing progress; returns false on timeout. */
  private boolean waitForTags(ApiClient api, EventJournal journal, List<String> paths) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(timeoutSeconds).toNanos();
    if (!journal.awaitDrained(Duration.ofSeconds(timeoutSeconds))) {
      System.err.println("graphdrive: the server did not take the events in time; " + journal.pending()
          + " are kept in " + options.config().journalDir() + " and sent by the next GraphDrive client");
      return false;
    }
    List<String> waiting = paths.stream().filter(p -> !TempNames.isTemp(p)).toList();
    int total = waiting.size();
    Progress progress = new Progress("tagging", 0, total);
    int tagged = 0;
    int done = 0;
    List<String> failed = new ArrayList<>();
    List<String> missing = new ArrayList<>();
    // Files are tagged roughly in the order they arrived: waiting for each in turn waits about as long as for all.
    for (String path : waiting) {
      Duration left = Duration.ofNanos(Math.max(0, deadline - System.nanoTime()));
      JsonNode file = api.awaitTagged(path, left, Duration.ofMillis(500));
      if (file == null) {
        missing.add(path);
      } else if (file.path("status").asText().equals("PENDING")) {
        break;
      } else if (file.path("status").asText().equals("FAILED")) {
        failed.add(path + ": " + file.path("error").asText("no reason given"));
      } else {
        tagged++;
      }
      progress.files(++done);
    }
    int pending = total - done;
    progress.done();
    System.out.printf("tagged %d, failed %d, not in the graph %d, still pending %d%n",
        tagged, failed.size(), missing.size(), pending);
    list("tagging failed", failed);
    list("not in the graph (refused by the server)", missing);
    if (pending > 0) {
      System.err.println("graphdrive: " + pending + " files were still PENDING after " + timeoutSeconds + " s");
    }
    return pending == 0;
  }

  private static void list(String what, List<String> lines) {
    if (!lines.isEmpty()) {
      System.out.println(what + " " + lines.size() + ":");
      lines.forEach(line -> System.out.println("  " + line));
    }
  }

  private static String reason(Exception e) {
    if (e instanceof AccessDeniedException) {
      return "cannot read it: permission denied";
    }
    if (e instanceof NoSuchFileException) {
      return "it vanished during the import";
    }
    return e.getMessage() == null ? e.toString() : e.getMessage();
  }

  /** One local file and where it goes in the drive. */
  private static final class Item {
    final Path local;
    final String drivePath;
    boolean existed;

    Item(Path local, String drivePath) {
      this.local = local;
      this.drivePath = drivePath;
    }
  }

  /** What an import will copy, found by walking the folder before anything is written. */
  private static final class Plan extends SimpleFileVisitor<Path> {
    final Path root;
    final String target;
    final List<Item> files = new ArrayList<>();
    final List<String> dirs = new ArrayList<>();
    final List<String> emptyDirs = new ArrayList<>();
    final List<String> skipped = new ArrayList<>();
    final List<String> refused = new ArrayList<>();
    long bytes;

    private Plan(Path root, String target) {
      this.root = root;
      this.target = target;
    }

    /** Walks {@code root} without following links and maps every entry to its drive path. */
    static Plan of(Path root, String target) throws IOException {
      Plan plan = new Plan(root, target);
      Files.walkFileTree(root, plan);
      Set<String> parents = new HashSet<>();
      plan.files.forEach(f -> parents.add(DrivePath.parent(f.drivePath)));
      plan.dirs.forEach(d -> parents.add(DrivePath.parent(d)));
      plan.dirs.stream().filter(d -> !parents.contains(d)).forEach(plan.emptyDirs::add);
      return plan;
    }

    @Override
    public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
      String path = drivePath(dir);
      if (path == null) {
        return FileVisitResult.SKIP_SUBTREE;
      }
      dirs.add(path);
      return FileVisitResult.CONTINUE;
    }

    @Override
    public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
      if (attrs.isSymbolicLink()) {
        skipped.add(file + ": a symbolic link, not followed");
      } else if (!attrs.isRegularFile()) {
        skipped.add(file + ": not a regular file");
      } else {
        String path = drivePath(file);
        if (path != null) {
          files.add(new Item(file, path));
          bytes += attrs.size();
        }
      }
      return FileVisitResult.CONTINUE;
    }

    @Override
    public FileVisitResult visitFileFailed(Path file, IOException e) {
      refused.add(file + ": " + reason(e));
      return FileVisitResult.CONTINUE;
    }

    /** Returns the drive path of a local entry, or null after noting why the drive refuses its name. */
    private String drivePath(Path local) {
      StringBuilder raw = new StringBuilder(target);
      for (Path name : root.relativize(local)) {
        if (!name.toString().isEmpty()) {
          raw.append('/').append(name);
        }
      }
      try {
        String path = DrivePath.normalize(raw.toString());
        if (path.indexOf(':') >= 0) {
          throw new IllegalArgumentException("names with ':' cannot be stored (JuiceFS's Hadoop SDK cannot list them)");
        }
        return path;
      } catch (IllegalArgumentException e) {
        refused.add(local + (Files.isDirectory(local) ? " (a folder, not imported)" : "") + ": " + e.getMessage());
        return null;
      }
    }
  }
}
