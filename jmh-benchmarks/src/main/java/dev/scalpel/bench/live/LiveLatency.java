package dev.scalpel.bench.live;

import dev.scalpel.bench.Layout;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Attach and rollback latency as an operator sees them, which JMH cannot time because they span
 * processes. For each patch count N and each run it starts a fresh {@link LiveTarget} of
 * {@code CLASSES} loaded classes whose workers call the first N scale targets, then times the real
 * command line in that one target, from the command's launch:
 *
 * <ul>
 *   <li>{@code java -jar scalpel-agent.jar attach PID scale-N.yaml}, which loads the agent: until
 *       the command exits, and until all {@value LiveTarget#WORKERS} workers saw all N patches
 *       active;
 *   <li>then, once the patched code has run for a moment, {@code rollback PID --all}: until the
 *       command exits, and until the first and the last worker saw the original code, with the
 *       spread between the workers on the target's clock;
 *   <li>the agent's own account of both, read from its log on the target's standard error: the
 *       apply from the command's arrival (on a first attach that includes the agent's start), its
 *       check, install and switch steps; the rollback's switch (every thread runs the original
 *       code) and its uninstall (the prologues retransformed away) and how many classes that took;
 *   <li>once per run, the command line's own start: {@code java -jar scalpel-agent.jar --version},
 *       which every command's wall time includes.
 * </ul>
 *
 * <p>An agent log line {@code scalpel: error: ...}, or an apply or rollback that the agent does not
 * log, fails the harness.
 *
 * <p>{@code java -cp jmh-benchmarks/target/benchmarks.jar dev.scalpel.bench.live.LiveLatency OUT.json [RUNS [CLASSES [PATCHES]]]},
 * PATCHES a comma-separated list of patch counts, each with its {@code scale-N.yaml}; by default
 * 3 runs, 20,000 classes and {@code 1,10,100,1000}.
 */
public final class LiveLatency {

  private static final long TIMEOUT_SECONDS = 120;
  // How long the agent may take to log an apply or a rollback after the workers saw it.
  private static final long LOG_TIMEOUT_SECONDS = 30;
  // Between attach and rollback: the workers run the patched code and the JIT compiles it, as it
  // would have before anyone rolls a patch back in production.
  private static final long SETTLE_MILLIS = 1000;

  private static final Pattern APPLIED = Pattern.compile("scalpel: info: manifest (.+) applied: (\\d+) new or changed, "
      + "(\\d+) removed, (\\d+) unchanged \\(([0-9.]+) ms after the command arrived; read in ([0-9.]+) ms, "
      + "checked in ([0-9.]+) ms, "
      + "installed in ([0-9.]+) ms, switched in ([0-9.]+) ms\\)");
  private static final Pattern ROLLED_BACK = Pattern.compile("scalpel: info: rolled back (\\d+) patches: every thread "
      + "runs the original code after ([0-9.]+) ms; prologues removed from (\\d+) loaded classes after a further ([0-9.]+) ms");

  private final List<Double> cliVersion = new ArrayList<>();
  private final Map<Integer, Map<String, List<Double>>> cases = new LinkedHashMap<>();
  private final Path java = Path.of(System.getProperty("java.home"), "bin", "java");

  private LiveLatency() {}

  /**
   * Writes every run's figures, in milliseconds, as {@code {"runs": R, "classes": C, "patches": [N, ...],
   * "cliVersionMs": [..], "cases": [{"patches": N, "FIGURE": [..], ...}, ...]}}.
   */
  public static void main(String[] args) throws Exception {
    if (args.length < 1 || args.length > 4) {
      throw new IllegalArgumentException("usage: LiveLatency OUT.json [RUNS [CLASSES [PATCHES]]], PATCHES like 1,10,100,1000");
    }
    int runs = args.length > 1 ? Integer.parseInt(args[1]) : 3;
    int classes = args.length > 2 ? Integer.parseInt(args[2]) : 20_000;
    int[] patches = Arrays.stream((args.length > 3 ? args[3] : "1,10,100,1000").split(","))
        .mapToInt(n -> Integer.parseInt(n.trim())).toArray();
    for (int n : patches) {
      if (!Files.isRegularFile(manifest(n))) {
        throw new IllegalArgumentException("no manifest " + manifest(n) + " for " + n + " patches");
      }
    }
    LiveLatency latency = new LiveLatency();
    // Run by run rather than patch count by patch count, so that a change in the machine's load
    // spreads over every patch count.
    for (int run = 0; run < runs; run++) {
      latency.cliStart();
      for (int n : patches) {
        long started = System.nanoTime();
        latency.attachThenRollback(classes, n);
        System.out.printf("live latency: run %d of %d, N=%d: %.1f s%n", run + 1, runs, n, (System.nanoTime() - started) / 1e9);
      }
    }
    StringBuilder json = new StringBuilder("{\"runs\": " + runs + ", \"classes\": " + classes + ", \"patches\": "
        + Arrays.toString(patches) + ",\n \"cliVersionMs\": " + latency.cliVersion + ",\n \"cases\": [");
    String separator = "";
    for (Map.Entry<Integer, Map<String, List<Double>>> c : latency.cases.entrySet()) {
      json.append(separator).append("\n  {\"patches\": ").append(c.getKey());
      c.getValue().forEach((name, values) -> json.append(",\n   \"").append(name).append("\": ").append(values));
      json.append('}');
      separator = ",";
    }
    Path out = Path.of(args[0]);
    if (out.getParent() != null) {
      Files.createDirectories(out.getParent());
    }
    Files.writeString(out, json.append("]}\n").toString(), StandardCharsets.UTF_8);
  }

  private static Path manifest(int patches) {
    return Path.of(Layout.MANIFESTS, "scale-" + patches + ".yaml");
  }

  private void cliStart() throws IOException, InterruptedException {
    long start = System.nanoTime();
    command(List.of("--version"));
    cliVersion.add((System.nanoTime() - start) / 1e6);
  }

  private void attachThenRollback(int classes, int patches) throws Exception {
    Map<String, List<Double>> figures = cases.computeIfAbsent(patches, k -> new LinkedHashMap<>());
    try (Target target = Target.start(classes, patches)) {
      add(figures, "loadedClasses", target.loaded);

      long start = System.nanoTime();
      command(List.of("attach", target.pid(), manifest(patches).toString(), "--audit", Layout.AUDIT_LOG));
      record(figures, "attachCliMs", System.nanoTime() - start);
      long[] active = target.awaitAll("active");
      record(figures, "attachAllActiveMs", active[1] - start);
      Matcher applied = target.agentLine(APPLIED, "scalpel: info: manifest ", "applied");
      if (Integer.parseInt(applied.group(2)) != patches || !applied.group(3).equals("0") || !applied.group(4).equals("0")) {
        throw new IllegalStateException("the agent applied something else than " + patches + " new patches: " + applied.group());
      }
      add(figures, "agentApplyMs", Double.parseDouble(applied.group(5)));
      add(figures, "agentReadMs", Double.parseDouble(applied.group(6)));
      add(figures, "agentCheckMs", Double.parseDouble(applied.group(7)));
      add(figures, "agentInstallMs", Double.parseDouble(applied.group(8)));
      add(figures, "agentSwitchMs", Double.parseDouble(applied.group(9)));

      Thread.sleep(SETTLE_MILLIS);
      target.checkNoError();
      start = System.nanoTime();
      command(List.of("rollback", target.pid(), "--all"));
      record(figures, "rollbackCliMs", System.nanoTime() - start);
      long[] original = target.awaitAll("original");
      record(figures, "rollbackFirstThreadMs", original[0] - start);
      record(figures, "rollbackAllThreadsMs", original[1] - start);
      record(figures, "rollbackSpreadMs", original[2]);
      Matcher rolledBack = target.agentLine(ROLLED_BACK, "scalpel: info: rolled back ", "rollback");
      if (Integer.parseInt(rolledBack.group(1)) != patches) {
        throw new IllegalStateException("the agent rolled back something else than " + patches + " patches: " + rolledBack.group());
      }
      add(figures, "agentRollbackSwitchMs", Double.parseDouble(rolledBack.group(2)));
      add(figures, "agentUninstallMs", Double.parseDouble(rolledBack.group(4)));
      add(figures, "agentUninstalledClasses", Double.parseDouble(rolledBack.group(3)));
      target.checkNoError();
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

  private static void record(Map<String, List<Double>> figures, String name, long nanos) {
    add(figures, name, nanos / 1e6);
  }

  private static void add(Map<String, List<Double>> figures, String name, double value) {
    figures.computeIfAbsent(name, k -> new ArrayList<>()).add(value);
  }

  /**
   * A running {@link LiveTarget}, its output lines stamped with this JVM's clock as they arrive.
   * The agent's log lines ({@code scalpel: ...}) go to a queue of their own, so that waiting for a
   * worker's line never drops one of them, nor the other way round.
   */
  private static final class Target implements AutoCloseable {
    private static final int LOG_TAIL = 20;

    private final Process process;
    private final BlockingQueue<Object[]> lines = new LinkedBlockingQueue<>();
    private final BlockingQueue<String> agentLines = new LinkedBlockingQueue<>();
    private final Deque<String> agentTail = new ArrayDeque<>();
    private volatile String agentError;
    private int loaded;
    private long lastArrival;

    private Target(Process process) {
      this.process = process;
      Thread reader = new Thread(this::read, "live-target-reader");
      reader.setDaemon(true);
      reader.start();
    }

    static Target start(int classes, int patches) throws Exception {
      List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
          "-cp", System.getProperty("java.class.path"), LiveTarget.class.getName(), Integer.toString(classes),
          Integer.toString(patches));
      Target target = new Target(new ProcessBuilder(command).redirectErrorStream(true).start());
      try {
        String ready = target.next("ready");
        if (!ready.endsWith("patched=false")) {
          throw new IllegalStateException("the target started patched: " + ready);
        }
        target.loaded = Integer.parseInt(ready.replaceAll(".*loaded=(\\d+).*", "$1"));
        return target;
      } catch (Exception | Error e) {
        target.close();
        throw e;
      }
    }

    String pid() {
      return Long.toString(process.pid());
    }

    private void read() {
      try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
        for (String line = in.readLine(); line != null; line = in.readLine()) {
          long now = System.nanoTime();
          if (line.startsWith("scalpel: ")) {
            synchronized (agentTail) {
              agentTail.addLast(line);
              if (agentTail.size() > LOG_TAIL) {
                agentTail.removeFirst();
              }
            }
            if (line.startsWith("scalpel: error:") && agentError == null) {
              agentError = line;
            }
            agentLines.add(line);
          } else {
            lines.add(new Object[] {now, line});
          }
        }
      } catch (IOException e) {
        lines.add(new Object[] {System.nanoTime(), "reader failed: " + e});
      }
    }

    /** Fails if the agent logged an error. */
    void checkNoError() {
      if (agentError != null) {
        throw new IllegalStateException("the agent logged an error: " + agentError + "\nits last log lines:\n" + agentTail());
      }
    }

    private String agentTail() {
      synchronized (agentTail) {
        return String.join("\n", agentTail);
      }
    }

    private String next(String prefix) throws InterruptedException {
      StringBuilder skipped = new StringBuilder();
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(TIMEOUT_SECONDS);
      while (true) {
        checkNoError();
        Object[] line = lines.poll(100, TimeUnit.MILLISECONDS);
        if (line == null) {
          if (System.nanoTime() - deadline > 0) {
            throw new IllegalStateException("the target printed no '" + prefix + "' line in " + TIMEOUT_SECONDS
                + " s; it printed:\n" + skipped + "the agent's last log lines:\n" + agentTail());
          }
          continue;
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
     * Waits for the agent's log line that starts with {@code prefix}, skipping the others, and
     * matches it against {@code pattern}.
     */
    Matcher agentLine(Pattern pattern, String prefix, String what) throws InterruptedException {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(LOG_TIMEOUT_SECONDS);
      while (true) {
        checkNoError();
        String line = agentLines.poll(100, TimeUnit.MILLISECONDS);
        if (line == null) {
          if (System.nanoTime() - deadline > 0) {
            throw new IllegalStateException("the agent logged no " + what + " line ('" + prefix + "...') within "
                + LOG_TIMEOUT_SECONDS + " s of the workers seeing it; its last log lines:\n" + agentTail());
          }
          continue;
        }
        if (line.startsWith(prefix)) {
          Matcher m = pattern.matcher(line);
          if (!m.matches()) {
            throw new IllegalStateException("the agent's " + what + " line is not in the form this harness reads: " + line);
          }
          return m;
        }
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
