package dev.scalpel.e2e;

import java.nio.file.Path;

/**
 * The pricing app in its light serving mode ({@code PricingApp --serve}: order 1042 priced every
 * 100 ms, a line printed whenever the total changes), for tests that ask a running agent things
 * and need no load. Close the returned JVM to stop it.
 */
final class Serving {

  /** The first line the app prints. */
  static final String READY = "serving order 1042 every 100 ms";

  private Serving() {}

  /** Starts the serving app on {@code jdk} in {@code dir} with {@code jvmArgs}, and waits until it serves. */
  static RunningJvm start(Jdk jdk, Path dir, String... jvmArgs) {
    RunningJvm jvm = App.PRICING.runner(jdk, dir).jvmArgs(jvmArgs)
        .start(App.PRICING.mainClass(), "--serve", dir.resolve("stop").toString());
    jvm.awaitStdoutLine(READY);
    return jvm;
  }

  /** The {@code -javaagent} argument for {@code manifest}, with more agent options ({@code key=value}) after it. */
  static String agent(Path manifest, String... options) {
    StringBuilder arg = new StringBuilder("-javaagent:" + Artifacts.agentJar() + "=manifest=" + manifest);
    for (String option : options) {
      arg.append(',').append(option);
    }
    return arg.toString();
  }
}
