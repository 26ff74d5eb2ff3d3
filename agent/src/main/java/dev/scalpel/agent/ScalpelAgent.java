package dev.scalpel.agent;

import java.lang.instrument.Instrumentation;

/** The agent's entry points. */
public final class ScalpelAgent {

  private ScalpelAgent() {}

  /** Entry point for {@code -javaagent}. */
  public static void premain(String options, Instrumentation instrumentation) {
    System.err.println("scalpel: the patch engine is not built yet; the application runs unpatched");
  }
}
