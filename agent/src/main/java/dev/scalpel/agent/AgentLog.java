package dev.scalpel.agent;

import dev.scalpel.engine.Reporter;
import java.io.PrintStream;
import java.util.List;
import java.util.Locale;

/**
 * The agent's log: one line per event on the JVM's standard error, {@code scalpel: LEVEL: text}.
 * The agent keeps its own small log rather than initializing a logging framework inside the
 * application, where it could meet the application's own logging configuration.
 */
public final class AgentLog implements Reporter {

  /** Severity, in increasing verbosity. */
  public enum Level {
    ERROR, WARN, INFO, DEBUG;

    /** Parses {@code error|warn|info|debug}. */
    public static Level parse(String text) {
      try {
        return valueOf(text.toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("log=" + text + " is not a level; write log=error, warn, info or debug", e);
      }
    }
  }

  private final PrintStream out;
  private volatile Level threshold;

  /** A log that prints events at {@code threshold} and more severe to {@code out}. */
  public AgentLog(PrintStream out, Level threshold) {
    this.out = out;
    this.threshold = threshold;
  }

  /** From now on, prints events at {@code threshold} and more severe. */
  public void threshold(Level threshold) {
    this.threshold = threshold;
  }

  /** The threshold in force. */
  public Level threshold() {
    return threshold;
  }

  /** Logs an error. */
  @Override
  public void error(String message) {
    log(Level.ERROR, message);
  }

  /** Logs a warning. */
  public void warn(String message) {
    log(Level.WARN, message);
  }

  /** Logs an informational event. */
  @Override
  public void info(String message) {
    log(Level.INFO, message);
  }

  /**
   * Logs informational events, one line each, written at once: a thousand lines cost one write to
   * standard error rather than a thousand.
   */
  public void info(List<String> messages) {
    if (Level.INFO.compareTo(threshold) <= 0 && !messages.isEmpty()) {
      StringBuilder lines = new StringBuilder();
      String end = System.lineSeparator();
      for (String message : messages) {
        lines.append("scalpel: info: ").append(message).append(end);
      }
      out.print(lines);
      out.flush();
    }
  }

  /** Logs a detail. */
  public void debug(String message) {
    log(Level.DEBUG, message);
  }

  private void log(Level level, String message) {
    if (level.compareTo(threshold) <= 0) {
      out.println("scalpel: " + level.name().toLowerCase(Locale.ROOT) + ": " + message);
    }
  }
}
