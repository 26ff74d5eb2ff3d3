package dev.scalpel.bench.cold;

import dev.scalpel.bench.app.scale.ScaleTarget;
import java.io.IOException;

/**
 * A JVM that does nothing once started: the cold-path section's target for commands against an
 * agent that is loaded and idle. Calls the first scale target once, so that a patch on it is
 * active (installed in a loaded class) rather than pending, says {@code ready} and the price, then
 * waits until standard input closes.
 */
public final class IdleTarget {

  private IdleTarget() {}

  /** Runs until standard input closes. */
  public static void main(String[] args) throws IOException {
    System.out.println("ready " + ScaleTarget.price(3, 1000));
    System.out.flush();
    while (System.in.read() >= 0) {
      // Runs until the harness closes standard input.
    }
  }
}
