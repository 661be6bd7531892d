package io.graphdrive.client;

import io.graphdrive.apiclient.ApiClient;
import io.graphdrive.apiclient.ClientOptions;
import io.graphdrive.common.DrivePath;
import io.graphdrive.common.Event;
import io.graphdrive.common.EventType;
import io.graphdrive.events.EventJournal;
import io.graphdrive.storage.FileStat;
import io.graphdrive.storage.JuiceStorage;
import java.nio.file.NoSuchFileException;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** Moves or renames a file or folder in the drive; the graph follows and the tags stay. */
@Command(name = "mv", mixinStandardHelpOptions = true,
    description = "Move or rename a file or folder in the drive. The graph follows: paths change, tags stay, "
        + "nothing is tagged again.",
    footer = {"",
        "If TO is an existing folder, or ends in '/', FROM goes inside it under its own name.",
        "A file at TO is replaced; a folder at TO is an error.",
        "The server must answer before anything moves. Should it go away right after the move, the change is",
        "kept in DATA/journal and sent by the next GraphDrive client (exit status 1 says so).",
        "",
        "Examples:",
        "  graphdrive mv /notes.txt /docs/notes.txt",
        "  graphdrive mv /photos/2023 /archive/",
        "  graphdrive mv /draft.txt /final.txt"})
final class MvCommand implements Callable<Integer> {
  @Mixin ClientOptions options;

  @Parameters(index = "0", paramLabel = "FROM", description = "the file or folder to move, e.g. /docs/a.pdf")
  String from;

  @Parameters(index = "1", paramLabel = "TO", description = "its new path, or a folder to move it into")
  String to;

  @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "30",
      description = "how long to wait for the server to take the change (default: ${DEFAULT-VALUE})")
  int timeoutSeconds;

  @Override
  public Integer call() throws Exception {
    String src = DrivePath.normalize(from);
    ApiClient api = options.api();
    api.requireServer("nothing was moved");
    // The journal is open before storage changes, so the move is on disk the moment it has happened.
    try (EventJournal journal = options.openJournal(api);
         JuiceStorage storage = JuiceStorage.open(options.config())) {
      if (storage.stat(src).isEmpty()) {
        throw new NoSuchFileException("no such file or folder in the drive: " + src);
      }
      String dst = DrivePath.normalize(to);
      Optional<FileStat> there = storage.stat(dst);
      if (to.endsWith("/") || there.map(FileStat::directory).orElse(false)) {
        dst = DrivePath.normalize(dst + "/" + DrivePath.name(src));
      }
      storage.rename(src, dst);
      journal.accept(new Event(EventType.MOVED, dst, src));
      if (!journal.awaitDrained(Duration.ofSeconds(timeoutSeconds))) {
        System.err.println("graphdrive: moved " + src + " to " + dst + " in the drive, but the server did not "
            + "take the change; it is kept in " + options.config().journalDir()
            + " and sent by the next GraphDrive client");
        return 1;
      }
      System.out.println("moved " + src + " to " + dst);
      return 0;
    }
  }
}
