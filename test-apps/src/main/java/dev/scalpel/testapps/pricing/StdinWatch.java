package dev.scalpel.testapps.pricing;

import java.io.IOException;
import java.io.InputStream;

/** Notices when standard input reaches its end, so that closing it stops a long-running mode. */
final class StdinWatch {

  private volatile boolean closed;

  private StdinWatch() {}

  /** Starts reading {@code in} to its end on a daemon thread. */
  static StdinWatch start(InputStream in) {
    StdinWatch watch = new StdinWatch();
    Thread reader = new Thread(() -> {
      try {
        while (in.read() >= 0) {
          // Input is ignored; only its end matters.
        }
      } catch (IOException e) {
        // An unreadable stdin cannot tell us to stop; treat it as closed rather than run forever.
      }
      watch.closed = true;
    }, "stdin-watch");
    reader.setDaemon(true);
    reader.start();
    return watch;
  }

  /** Whether standard input has ended. */
  boolean closed() {
    return closed;
  }
}
