package dev.scalpel.bench.scale;

import dev.scalpel.bench.Layout;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Starts {@link StartupProbe} in a new JVM, with or without Scalpel, and waits for it. */
final class Probes {

  private Probes() {}

  /**
   * Runs the probe on {@code count} scale targets, with Scalpel and the {@code scale-COUNT} manifest
   * if {@code agent}, and returns its standard output.
   *
   * @throws IllegalStateException if it does not exit 0: a patch was not active, or the JVM failed
   */
  static String run(int count, boolean agent, boolean footprint) {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    if (agent) {
      command.add("-javaagent:" + Layout.SCALPEL_AGENT + "=audit=" + Layout.AUDIT_LOG + ",manifest=" + Layout.MANIFESTS
          + "/scale-" + count + ".yaml");
    }
    command.addAll(List.of("-cp", System.getProperty("java.class.path"), StartupProbe.class.getName(),
        Integer.toString(count), Integer.toString(agent ? count : 0)));
    if (footprint) {
      command.add("footprint");
    }
    try {
      Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
      String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      int exit = process.waitFor();
      if (exit != 0) {
        throw new IllegalStateException("probe exited " + exit + ": " + String.join(" ", command) + "\n" + output);
      }
      return output;
    } catch (IOException e) {
      throw new IllegalStateException("cannot start " + command, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for the probe", e);
    }
  }
}
