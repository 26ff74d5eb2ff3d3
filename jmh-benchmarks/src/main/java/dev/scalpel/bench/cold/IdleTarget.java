package dev.scalpel.bench.cold;

import java.io.IOException;

/**
 * A JVM that does nothing once started: the cold-path section's target for commands against an
 * agent that is loaded and idle. Says {@code ready}, then waits until standard input closes.
 */
public final class IdleTarget {

  private IdleTarget() {}

  /** Runs until standard input closes. */
  public static void main(String[] args) throws IOException {
    System.out.println("ready");
    System.out.flush();
    while (System.in.read() >= 0) {
      // Runs until the harness closes standard input.
    }
  }
}
