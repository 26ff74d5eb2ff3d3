package dev.scalpel.agent;

import java.lang.instrument.Instrumentation;

/**
 * The agent's entry points. They are tiny on purpose: whatever goes wrong inside the agent is
 * reported on standard error and the application starts and runs its original code.
 */
public final class ScalpelAgent {

  private ScalpelAgent() {}

  /** Entry point for {@code -javaagent:scalpel-agent.jar=manifest=PATH,...}. */
  public static void premain(String options, Instrumentation instrumentation) {
    start(options, instrumentation, true);
  }

  /** Entry point for dynamic attach. */
  public static void agentmain(String options, Instrumentation instrumentation) {
    start(options, instrumentation, false);
  }

  private static void start(String options, Instrumentation instrumentation, boolean premain) {
    try {
      AgentRuntime.start(options, instrumentation, premain);
    } catch (Throwable t) {
      // Don't rethrow: a failing agent must not stop the application.
      System.err.println("scalpel: error: the agent could not start, the application runs unpatched: " + t);
    }
  }
}
