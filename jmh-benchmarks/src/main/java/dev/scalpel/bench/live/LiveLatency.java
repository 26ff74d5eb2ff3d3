package dev.scalpel.bench.live;

import dev.scalpel.bench.Layout;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Attach and rollback latency as an operator sees them, which JMH cannot time because they span
 * processes. Each run starts a fresh {@link LiveTarget} and times the real command line,
 * {@code java -jar scalpel-agent.jar attach PID MANIFEST} or {@code rollback PID --all}, from its
 * launch to its exit and to the moment the target's worker threads see the change.
 *
 * <ul>
 *   <li>attach: a target of {@code CLASSES} loaded classes without Scalpel; the command loads the
 *       agent with the 10-patch manifest. Figures: the command's wall time, and the time until all
 *       {@value LiveTarget#WORKERS} workers saw all 10 patches active.
 *   <li>rollback: a target started with {@code -javaagent} and the same manifest; the command rolls
 *       every patch back. Figures: the command's wall time, the time until the first and the last
 *       worker saw the original code, and the spread between them inside the target.
 *   <li>the command line's own start: {@code java -jar scalpel-agent.jar --version}, which every
 *       command's wall time includes.
 * </ul>
 *
 * <p>{@code java -cp jmh-benchmarks/target/benchmarks.jar dev.scalpel.bench.live.LiveLatency OUT.json [RUNS [CLASSES]]}
 */
public final class LiveLatency {

  private static final int PATCHES = 10;
  private static final long TIMEOUT_SECONDS = 120;

  private final Map<String, List<Double>> figures = new LinkedHashMap<>();
  private final Path java = Path.of(System.getProperty("java.home"), "bin", "java");

  private LiveLatency() {}

  /** Writes every run's figures, in milliseconds, as {@code {"runs": R, "classes": C, "FIGURE": [..], ...}}. */
  public static void main(String[] args) throws Exception {
    if (args.length < 1 || args.length > 3) {
      throw new IllegalArgumentException("usage: LiveLatency OUT.json [RUNS [CLASSES]]");
    }
    int runs = args.length > 1 ? Integer.parseInt(args[1]) : 8;
    int classes = args.length > 2 ? Integer.parseInt(args[2]) : 20_000;
    LiveLatency latency = new LiveLatency();
    for (int run = 0; run < runs; run++) {
      latency.cliStart();
      latency.attach(classes);
      latency.rollback();
    }
    StringBuilder json = new StringBuilder("{\"runs\": " + runs + ", \"classes\": " + classes);
    latency.figures.forEach((name, values) -> json.append(",\n \"").append(name).append("\": ").append(values));
    Path out = Path.of(args[0]);
    if (out.getParent() != null) {
      Files.createDirectories(out.getParent());
    }
    Files.writeString(out, json.append("}\n").toString(), StandardCharsets.UTF_8);
  }

  private void cliStart() throws IOException, InterruptedException {
    long start = System.nanoTime();
    command(List.of("--version"));
    record("cliVersionMs", System.nanoTime() - start);
  }

  private void attach(int classes) throws Exception {
    try (Target target = Target.start(List.of(), classes, false)) {
      figures.computeIfAbsent("attachLoadedClasses", k -> new ArrayList<>()).add((double) target.loaded);
      long start = System.nanoTime();
      command(List.of("attach", target.pid(), Layout.MANIFESTS + "/scale-" + PATCHES + ".yaml",
          "--audit", Layout.AUDIT_LOG));
      record("attachCliMs", System.nanoTime() - start);
      long[] seen = target.awaitAll("active");
      record("attachAllActiveMs", seen[1] - start);
    }
  }

  private void rollback() throws Exception {
    List<String> agent = List.of("-javaagent:" + Layout.SCALPEL_AGENT + "=audit=" + Layout.AUDIT_LOG + ",manifest="
        + Layout.MANIFESTS + "/scale-" + PATCHES + ".yaml");
    try (Target target = Target.start(agent, 0, true)) {
      long start = System.nanoTime();
      command(List.of("rollback", target.pid(), "--all"));
      record("rollbackCliMs", System.nanoTime() - start);
      long[] seen = target.awaitAll("original");
      record("rollbackFirstThreadMs", seen[0] - start);
      record("rollbackAllThreadsMs", seen[1] - start);
      record("rollbackSpreadMs", seen[2]);
    }
  }

  private void command(List<String> arguments) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of(java.toString(), "-jar", Layout.SCALPEL_AGENT));
    command.addAll(arguments);
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS) || p.exitValue() != 0) {
      throw new IllegalStateException(String.join(" ", command) + " failed:\n" + output);
    }
  }

  private void record(String name, long nanos) {
    figures.computeIfAbsent(name, k -> new ArrayList<>()).add(nanos / 1e6);
  }

  /** A running {@link LiveTarget}, its output lines stamped with this JVM's clock as they arrive. */
  private static final class Target implements AutoCloseable {
    private final Process process;
    private final BlockingQueue<Object[]> lines = new LinkedBlockingQueue<>();
    private int loaded;
    private long lastArrival;

    private Target(Process process) {
      this.process = process;
      Thread reader = new Thread(this::read, "live-target-reader");
      reader.setDaemon(true);
      reader.start();
    }

    static Target start(List<String> jvmArgs, int classes, boolean patched) throws Exception {
      List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
      command.addAll(jvmArgs);
      command.addAll(List.of("-cp", System.getProperty("java.class.path"), LiveTarget.class.getName(),
          Integer.toString(classes), Integer.toString(PATCHES)));
      Target target = new Target(new ProcessBuilder(command).redirectErrorStream(true).start());
      String ready = target.next("ready");
      if (!ready.endsWith("patched=" + patched)) {
        target.close();
        throw new IllegalStateException("the target started with patched=" + !patched + ": " + ready);
      }
      target.loaded = Integer.parseInt(ready.replaceAll(".*loaded=(\\d+).*", "$1"));
      return target;
    }

    String pid() {
      return Long.toString(process.pid());
    }

    private void read() {
      try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
        for (String line = in.readLine(); line != null; line = in.readLine()) {
          lines.add(new Object[] {System.nanoTime(), line});
        }
      } catch (IOException e) {
        lines.add(new Object[] {System.nanoTime(), "reader failed: " + e});
      }
    }

    private String next(String prefix) throws InterruptedException {
      StringBuilder skipped = new StringBuilder();
      while (true) {
        Object[] line = lines.poll(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        if (line == null) {
          throw new IllegalStateException("the target printed no '" + prefix + "' line in " + TIMEOUT_SECONDS
              + " s; it printed:\n" + skipped);
        }
        String text = (String) line[1];
        if (text.startsWith(prefix)) {
          lastArrival = (long) line[0];
          return text;
        }
        skipped.append(text).append('\n');
      }
    }

    /**
     * Waits until every worker reported {@code event}: returns the arrival of the first and the
     * last report on this JVM's clock, and the spread between the workers on the target's clock.
     */
    long[] awaitAll(String event) throws InterruptedException {
      long firstArrival = 0;
      long minNanos = Long.MAX_VALUE;
      long maxNanos = Long.MIN_VALUE;
      for (int w = 0; w < LiveTarget.WORKERS; w++) {
        String line = next(event + " ");
        if (w == 0) {
          firstArrival = lastArrival;
        }
        long at = Long.parseLong(line.substring(line.lastIndexOf(' ') + 1));
        minNanos = Math.min(minNanos, at);
        maxNanos = Math.max(maxNanos, at);
      }
      return new long[] {firstArrival, lastArrival, maxNanos - minNanos};
    }

    @Override
    public void close() {
      process.destroy();
      try {
        if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
          process.destroyForcibly();
        }
      } catch (InterruptedException e) {
        process.destroyForcibly();
        Thread.currentThread().interrupt();
      }
    }
  }
}
