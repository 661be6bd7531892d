package io.graphdrive.events;

import io.graphdrive.common.Event;
import io.graphdrive.common.EventType;
import java.net.ConnectException;
import java.nio.file.Path;

/** A client process that journals events while the server is down, to be killed by a test. */
final class JournalChild {
  private JournalChild() {}

  /** Journals {@code args[1]} events into {@code args[0]}, prints "ready", and waits to be killed. */
  public static void main(String[] args) throws Exception {
    EventJournal journal = EventJournal.open(Path.of(args[0]), e -> {
      throw new ConnectException("Connection refused");
    });
    for (int i = 0; i < Integer.parseInt(args[1]); i++) {
      journal.accept(new Event(EventType.CREATED, "/crash/" + i + ".txt", null));
    }
    System.out.println("ready");
    System.out.flush();
    Thread.sleep(Long.MAX_VALUE);
  }
}
