package dev.scalpel.bench.cold;

import java.lang.instrument.Instrumentation;

/** The floor of any {@code -javaagent}: a {@code premain} that does nothing. */
public final class EmptyAgent {

  private EmptyAgent() {}

  /** Does nothing. */
  public static void premain(String options, Instrumentation instrumentation) {
    // The cost measured is the JVM's own for loading an agent jar and calling this.
  }
}
