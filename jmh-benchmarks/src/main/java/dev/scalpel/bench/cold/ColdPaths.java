package dev.scalpel.bench.cold;

import dev.scalpel.bench.Layout;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.Writer;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.zip.ZipEntry;

/**
 * The cold paths, as whole processes timed from their launch to their exit on this harness's clock:
 * {@code ColdPaths OUT.json ROUNDS [LAUNCHER]}. Each round runs every case once, in turn, so that a
 * change in the machine's speed during the run touches every case alike; the report takes medians
 * over the rounds and, for ratios, the median of each round's ratio to that round's yardstick.
 *
 * <ul>
 *   <li>start-up, a JVM that loads 10 scale targets, checks them and exits: plain {@code java}; an
 *       empty {@code premain} agent; Byteman 4.0.24 with one compiled rule on the first target;
 *       Scalpel with 1 and with 10 patches; each run checks that its patches answered;
 *   <li>commands, against a small running JVM ({@code LiveTarget 0 1}, fresh for each round and
 *       peer): a plain {@code java} hello world (the yardstick); Scalpel's {@code attach} of one
 *       patch (loading the agent), {@code status}, {@code rollback --all}, {@code jvms}, and
 *       {@code status} through the {@code ./scalpel} launcher when its path is given; Byteman's
 *       {@code bminstall} (its agent and listener loaded into the JVM), {@code bmsubmit} of the
 *       rule, its listing (status) and its unload (rollback);
 *   <li>{@code status}, directly and through the launcher, against an idle JVM
 *       ({@link IdleTarget}, its patched method called once) that started with the agent
 *       ({@code -javaagent}, 1 patch, active) before the
 *       first round and had {@value #SETTLE_MILLIS} ms to set up, one for the whole run,
 *       {@code jvms} with that JVM the only other one running, and {@code rollback --all} of its
 *       patch, which an untimed {@code attach} of the same manifest then puts back for the next
 *       round (the next round's start-up rows, seconds of other processes, come before its next
 *       command): the command's own cost, apart from the work a JVM does in the second after an
 *       attach (compiling the agent's code), which the commands timed just after {@code attach}
 *       run beside, and apart from a busy target's own threads.
 * </ul>
 *
 * A case whose process exits other than 0 fails the run, printing its output.
 * {@code java -cp jmh-benchmarks/target/benchmarks.jar dev.scalpel.bench.cold.ColdPaths cold.json 10 ./scalpel}
 */
public final class ColdPaths {

  private static final long TIMEOUT_SECONDS = 120;
  // Past the agent's own set-up after its start, the platform MBean server's included (2 s in).
  private static final long SETTLE_MILLIS = 4_000;
  private static final String RULE = String.join("\n",
      "RULE scale target 0 to its fix",
      "CLASS dev.scalpel.bench.app.scale.ScaleTarget",
      "METHOD price(int, int)",
      "COMPILE",
      "AT ENTRY",
      "IF true",
      "DO return dev.scalpel.bench.fixes.ScaleFixes.price($1, $2)",
      "ENDRULE",
      "");

  private final Path work;
  private final String java;
  private final String classpath;
  private final Path rule;
  private final Path emptyAgent;
  private final Path hello;
  private final Map<String, Case> cases = new LinkedHashMap<>();

  private ColdPaths(Path work) throws IOException {
    this.work = work;
    this.java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    this.classpath = System.getProperty("java.class.path");
    this.rule = Files.writeString(work.resolve("scale.btm"), RULE);
    this.emptyAgent = emptyAgentJar(work.resolve("empty-agent.jar"));
    this.hello = helloDir(work.resolve("hello"));
  }

  /** Runs the rounds and writes {@code OUT.json}. */
  public static void main(String[] args) throws Exception {
    if (args.length < 2) {
      throw new IllegalArgumentException("usage: ColdPaths OUT.json ROUNDS [LAUNCHER]");
    }
    Path out = Path.of(args[0]).toAbsolutePath();
    int rounds = Integer.parseInt(args[1]);
    String launcher = args.length > 2 && Files.isExecutable(Path.of(args[2])) ? args[2] : null;
    Path work = Files.createDirectories(out.resolveSibling("cold-work"));
    ColdPaths cold = new ColdPaths(work);
    try (Target idle = cold.new Target(List.of("-javaagent:" + Layout.SCALPEL_AGENT + "=manifest=" + Layout.MANIFESTS
        + "/scale-1.yaml,audit=" + work.resolve("idle-audit.jsonl"), "-cp", cold.classpath, IdleTarget.class.getName()))) {
      Thread.sleep(SETTLE_MILLIS);
      for (int r = 0; r < rounds; r++) {
        cold.round(launcher, idle);
        System.out.println("cold paths: round " + (r + 1) + " of " + rounds + " done");
      }
    }
    Files.writeString(out, cold.json(rounds, launcher != null), StandardCharsets.UTF_8);
  }

  private void round(String launcher, Target idle) throws IOException, InterruptedException {
    String agent = Layout.SCALPEL_AGENT;
    String audit = "audit=" + work.resolve("scalpel-audit.jsonl");
    time("startup", "plain `java`", List.of(java, "-cp", classpath, "dev.scalpel.bench.scale.StartupProbe", "10", "0"));
    time("startup", "empty `premain` agent", List.of(java, "-javaagent:" + emptyAgent, "-cp", classpath,
        "dev.scalpel.bench.scale.StartupProbe", "10", "0"));
    time("startup", "Byteman 4.0.24, 1 rule", List.of(java, "-javaagent:" + Layout.BYTEMAN_AGENT + "=script:" + rule,
        "-cp", classpath, "dev.scalpel.bench.scale.StartupProbe", "10", "1"));
    time("startup", "Scalpel, 1 patch", List.of(java, "-javaagent:" + agent + "=manifest=" + Layout.MANIFESTS
        + "/scale-1.yaml," + audit, "-cp", classpath, "dev.scalpel.bench.scale.StartupProbe", "10", "1"));
    time("startup", "Scalpel, 10 patches", List.of(java, "-javaagent:" + agent + "=manifest=" + Layout.MANIFESTS
        + "/scale-10.yaml," + audit, "-cp", classpath, "dev.scalpel.bench.scale.StartupProbe", "10", "10"));

    time("commands", "plain `java` hello world", List.of(java, "-cp", hello.toString(), Hello.class.getName()));
    try (Target target = new Target()) {
      String pid = String.valueOf(target.pid());
      time("commands", "Scalpel `attach` (1 patch, loads the agent)", List.of(java, "-jar", agent, "attach", pid,
          Layout.MANIFESTS + "/scale-1.yaml", "--audit", work.resolve("attached-audit.jsonl").toString()));
      time("commands", "Scalpel `status`", List.of(java, "-jar", agent, "status", pid));
      if (launcher != null) {
        time("commands", "Scalpel `status` through `./scalpel`", List.of(launcher, "status", pid));
      }
      time("commands", "Scalpel `rollback --all`", List.of(java, "-jar", agent, "rollback", pid, "--all"));
      time("commands", "Scalpel `jvms`", List.of(java, "-jar", agent, "jvms"));
    }
    String idlePid = String.valueOf(idle.pid());
    time("commands", "Scalpel `status`, idle JVM started with the agent", List.of(java, "-jar", agent, "status", idlePid));
    if (launcher != null) {
      time("commands", "Scalpel `status` through `./scalpel`, idle JVM", List.of(launcher, "status", idlePid));
    }
    time("commands", "Scalpel `jvms`, the idle JVM the only target", List.of(java, "-jar", agent, "jvms"));
    time("commands", "Scalpel `rollback --all`, idle JVM", List.of(java, "-jar", agent, "rollback", idlePid, "--all"));
    // Untimed: the manifest again, through the running agent, so that the next round has a patch to
    // roll back. The startup rows that open the next round give the idle JVM time to settle again.
    untimed(List.of(java, "-jar", agent, "attach", idlePid, Layout.MANIFESTS + "/scale-1.yaml", "--audit",
        work.resolve("idle-audit.jsonl").toString()));
    try (Target target = new Target()) {
      String pid = String.valueOf(target.pid());
      String port = String.valueOf(freePort());
      String install = Layout.BENCH_DIR + "/byteman-install.jar" + File.pathSeparator + Layout.BYTEMAN_AGENT;
      String submit = Layout.BENCH_DIR + "/byteman-submit.jar";
      time("commands", "Byteman `bminstall` (loads its agent)", List.of(java, "-cp", install,
          "org.jboss.byteman.agent.install.Install", "-p", port, pid));
      time("commands", "Byteman `bmsubmit` of the rule", List.of(java, "-cp", submit,
          "org.jboss.byteman.agent.submit.Submit", "-p", port, "-l", rule.toString()));
      time("commands", "Byteman `bmsubmit` listing (status)", List.of(java, "-cp", submit,
          "org.jboss.byteman.agent.submit.Submit", "-p", port));
      time("commands", "Byteman `bmsubmit -u` (rollback)", List.of(java, "-cp", submit,
          "org.jboss.byteman.agent.submit.Submit", "-p", port, "-u", rule.toString()));
    }
  }

  /** Runs a command that sets up the next timed one; fails the run as {@link #time} does. */
  private void untimed(List<String> command) throws IOException, InterruptedException {
    run("setting up the next round", command);
  }

  private void time(String group, String name, List<String> command) throws IOException, InterruptedException {
    long nanos = run(name, command);
    cases.computeIfAbsent(name, n -> new Case(group, n)).millis.add(nanos / 1e6);
  }

  /** Runs {@code command} to its exit and returns how long it took; an exit other than 0 fails the run. */
  private long run(String name, List<String> command) throws IOException, InterruptedException {
    Path log = work.resolve("last-output.txt");
    long start = System.nanoTime();
    Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile())
        .redirectInput(ProcessBuilder.Redirect.PIPE).start();
    p.getOutputStream().close();
    boolean done = p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS);
    long nanos = System.nanoTime() - start;
    if (!done || p.exitValue() != 0) {
      p.destroyForcibly();
      throw new IllegalStateException(name + ": " + (done ? "exit " + p.exitValue() : "no exit within " + TIMEOUT_SECONDS
          + " s") + ": " + String.join(" ", command) + "\n" + Files.readString(log, StandardCharsets.UTF_8));
    }
    return nanos;
  }

  private String json(int rounds, boolean launcher) {
    StringBuilder json = new StringBuilder("{\"rounds\":").append(rounds).append(",\"launcher\":").append(launcher)
        .append(",\"cases\":[");
    String sep = "";
    for (Case c : cases.values()) {
      json.append(sep).append("{\"group\":\"").append(c.group).append("\",\"name\":\"").append(c.name.replace("\"", "\\\""))
          .append("\",\"millis\":").append(c.millis).append('}');
      sep = ",";
    }
    return json.append("]}\n").toString();
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  private static Path emptyAgentJar(Path jar) throws IOException {
    Manifest manifest = new Manifest();
    manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
    manifest.getMainAttributes().putValue("Premain-Class", EmptyAgent.class.getName());
    try (OutputStream file = Files.newOutputStream(jar); JarOutputStream out = new JarOutputStream(file, manifest)) {
      String name = EmptyAgent.class.getName().replace('.', '/') + ".class";
      out.putNextEntry(new ZipEntry(name));
      try (InputStream in = ColdPaths.class.getClassLoader().getResourceAsStream(name)) {
        in.transferTo(out);
      }
    }
    return jar;
  }

  private static Path helloDir(Path dir) throws IOException {
    String name = Hello.class.getName().replace('.', '/') + ".class";
    Path file = dir.resolve(name);
    Files.createDirectories(file.getParent());
    try (InputStream in = ColdPaths.class.getClassLoader().getResourceAsStream(name)) {
      Files.copy(in, file, StandardCopyOption.REPLACE_EXISTING);
    }
    return dir;
  }

  private static final class Case {
    final String group;
    final String name;
    final List<Double> millis = new ArrayList<>();

    Case(String group, String name) {
      this.group = group;
      this.name = name;
    }
  }

  /**
   * A small running JVM, {@code LiveTarget 0 1} unless told otherwise, ready once it says so;
   * stopped by closing its input.
   */
  private final class Target implements AutoCloseable {
    private final Process process;

    Target() throws IOException {
      this(List.of("-cp", classpath, "dev.scalpel.bench.live.LiveTarget", "0", "1"));
    }

    /** {@code java} with {@code arguments}: a main class that says {@code ready} and runs until its input closes. */
    Target(List<String> arguments) throws IOException {
      List<String> command = new ArrayList<>(List.of(java));
      command.addAll(arguments);
      process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
      BufferedReader lines = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
      String line;
      while ((line = lines.readLine()) != null && !line.startsWith("ready")) {
        // Waits for the target's first round; a target that dies ends the stream.
      }
      if (line == null) {
        throw new IOException("the target JVM exited before it was ready");
      }
      Thread drain = new Thread(() -> {
        try {
          lines.transferTo(Writer.nullWriter());
        } catch (Throwable t) {
          // Don't rethrow: the target is gone or its output unreadable, and nothing is left to drain.
        }
      }, "target-output");
      drain.setDaemon(true);
      drain.start();
    }

    long pid() {
      return process.pid();
    }

    @Override
    public void close() {
      try {
        process.getOutputStream().close();
      } catch (IOException e) {
        // Already gone.
      }
      try {
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
          process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        }
      } catch (InterruptedException e) {
        process.destroyForcibly();
        Thread.currentThread().interrupt();
      }
    }
  }
}
