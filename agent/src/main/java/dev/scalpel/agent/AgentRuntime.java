package dev.scalpel.agent;

import dev.scalpel.audit.AuditEvent;
import dev.scalpel.audit.AuditLog;
import dev.scalpel.audit.ChainHash;
import dev.scalpel.dsl.Manifest;
import dev.scalpel.dsl.ManifestException;
import dev.scalpel.dsl.ManifestParser;
import dev.scalpel.dsl.Patch;
import dev.scalpel.engine.ApplyException;
import dev.scalpel.engine.ApplyReport;
import dev.scalpel.engine.PatchEngine;
import dev.scalpel.engine.PatchStatus;
import dev.scalpel.engine.Reporter;
import dev.scalpel.engine.Sha256;
import dev.scalpel.jfr.ScalpelEvents;
import dev.scalpel.jmx.JmxBeans;
import java.io.IOException;
import java.lang.instrument.Instrumentation;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import javax.management.JMException;

/**
 * The running agent: one per JVM, created by the first start ({@code -javaagent} or attach) and
 * reused by every later one, which is how the command line talks to it. Every change is audited
 * before it is reported done; a change that cannot be audited is not made.
 */
final class AgentRuntime implements Reporter {

  private static final long POLL_MILLIS = 250;
  // JMX waits until the application had time to configure it (and java.util.logging) itself.
  private static final long JMX_DELAY_MILLIS = 2_000;
  private static AgentRuntime instance;

  private final AgentLog log;
  private final AuditLog audit;
  private final PatchEngine engine;
  private final ScheduledExecutorService timer;
  private Path manifestPath;
  private volatile String manifestSha256;
  private ManifestWatcher watcher;
  private final long started = System.nanoTime();
  private JmxBeans beans;

  private AgentRuntime(AgentLog log, AuditLog audit, Instrumentation instrumentation, boolean counters) {
    this.log = log;
    this.audit = audit;
    this.engine = new PatchEngine(instrumentation, this, counters);
    this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "scalpel-timer");
      t.setDaemon(true);
      return t;
    });
    timer.scheduleWithFixedDelay(this::tick, POLL_MILLIS, POLL_MILLIS, TimeUnit.MILLISECONDS);
  }

  /** Starts the agent, or hands a command to the one already running. Never throws. */
  static void start(String optionText, Instrumentation instrumentation) {
    String answer = handle(optionText, instrumentation);
    Optional<Path> reply = replyPath(optionText);
    if (reply.isPresent()) {
      try {
        Reply.write(reply.get(), answer);
      } catch (IOException e) {
        System.err.println("scalpel: error: cannot answer the command line at " + reply.get() + ": " + e);
      }
    }
  }

  private static Optional<Path> replyPath(String optionText) {
    try {
      return AgentOptions.parse(optionText).reply();
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  /** Runs one command (agent options) and returns the reply text. Never throws. */
  private static synchronized String handle(String optionText, Instrumentation instrumentation) {
    long arrived = System.nanoTime();
    List<String> out = new ArrayList<>();
    Reply.Outcome outcome;
    try {
      AgentOptions options = AgentOptions.parse(optionText);
      if (instance == null) {
        instance = create(options, instrumentation);
      }
      outcome = instance.run(options, out, arrived);
    } catch (IllegalArgumentException e) {
      out.add(e.getMessage() + "; nothing was done");
      out.forEach(l -> System.err.println("scalpel: error: " + l));
      outcome = Reply.Outcome.REFUSED;
    } catch (IOException | RuntimeException | LinkageError e) {
      out.add(e.getMessage() == null ? e.toString() : e.getMessage());
      out.forEach(l -> System.err.println("scalpel: error: " + l));
      outcome = Reply.Outcome.FAILED;
    }
    return Reply.text(outcome, out);
  }

  private static AgentRuntime create(AgentOptions options, Instrumentation instrumentation) throws IOException {
    AgentLog log = new AgentLog(System.err, options.log());
    AuditLog audit;
    try {
      audit = AuditLog.open(options.audit(), options.auditKey().isPresent()
          ? ChainHash.readKey(options.auditKey().get()) : ChainHash.SHA256);
    } catch (IOException e) {
      throw new IOException(e.getMessage() + "; Scalpel changes nothing it cannot audit, so nothing is patched", e);
    }
    if (audit.repairedBytes() > 0) {
      log.warn("audit log " + audit.file() + ": dropped a torn last line of " + audit.repairedBytes()
          + " bytes left by a crash, recorded as " + AuditLog.REPAIRED);
    }
    BootstrapJar.inject(instrumentation);
    AgentRuntime runtime = new AgentRuntime(log, audit, instrumentation, options.counters());
    runtime.audit.append(AuditEvent.of("agent-started", null, "ok", null));
    Path control = ControlSocket.open(request -> handle(request, instrumentation));
    System.setProperty(ControlSocket.PROPERTY, control.toString());
    System.setProperty(AgentVersion.PROPERTY, AgentVersion.get());
    return runtime;
  }

  private synchronized Reply.Outcome run(AgentOptions options, List<String> out, long arrived) throws IOException {
    if (options.status().isPresent()) {
      out.addAll(options.status().get().equals("json")
          ? List.of(StatusJson.render(manifestPath, manifestSha256, engine.status()))
          : statusLines());
      return Reply.Outcome.OK;
    }
    if (options.rollback().isPresent()) {
      return rollback(options.rollback().get(), out);
    }
    if (options.manifest().isEmpty()) {
      out.add("no manifest given; start the agent with manifest=PATH");
      log.error(out.get(0));
      return Reply.Outcome.REFUSED;
    }
    Path file = options.manifest().get().toAbsolutePath();
    Reply.Outcome outcome = apply(file, true, out, arrived);
    if (outcome == Reply.Outcome.OK) {
      // A refused manifest changes nothing, not even which file is watched.
      watcher = options.watch() ? new ManifestWatcher(file) : null;
    }
    return outcome;
  }

  private List<String> statusLines() {
    List<String> lines = new ArrayList<>();
    lines.add("manifest " + (manifestPath == null ? "(none)" : manifestPath + " sha256 " + manifestSha256));
    for (PatchStatus s : engine.status()) {
      String calls = s.callsFixed() == null ? "" : " fixed=" + s.callsFixed() + " original=" + s.callsOriginal()
          + " errors=" + s.errorsFixed();
      if (s.shadow() != null) {
        calls += " matches=" + s.shadow().matches() + " mismatches=" + s.shadow().mismatches();
      }
      lines.add(String.format("%-20s %-12s %s%s%s", s.id(), s.state(), s.target(), calls,
          s.failure() == null ? "" : "  (" + s.failure() + ")"));
    }
    return lines;
  }

  private Reply.Outcome rollback(List<String> ids, List<String> out) throws IOException {
    PatchEngine.Rollback rollback;
    try {
      rollback = ids.equals(List.of("*")) ? engine.rollbackAll() : engine.rollback(ids);
    } catch (IllegalArgumentException e) {
      out.add(e.getMessage());
      return Reply.Outcome.REFUSED;
    }
    List<AuditEvent> events = new ArrayList<>();
    for (Patch p : rollback.patches()) {
      events.add(AuditEvent.of("patch-rolled-back", p, manifestSha256, null, "ok", null));
    }
    audit.appendAll(events);
    for (Patch p : rollback.patches()) {
      ScalpelEvents.rolledBack(p.id(), p.target().toString(), "rollback");
      log.info("patch '" + p.id() + "' rolled back: " + p.target() + " runs its original code");
    }
    if (!rollback.patches().isEmpty()) {
      log.info(String.format(Locale.ROOT, "rolled back %d patches: every thread runs the original code after %.3f ms;"
          + " prologues removed from %d loaded classes after a further %.1f ms", rollback.patches().size(),
          rollback.switchNanos() / 1e6, rollback.classes(), rollback.uninstallNanos() / 1e6));
    }
    out.addAll(statusLines());
    return Reply.Outcome.OK;
  }

  /**
   * Reads, checks and applies a manifest file; audits and logs the outcome.
   *
   * @param revive  whether patches rolled back or failed apply again (an operator's apply) or not (a reload)
   * @param arrived when the command arrived ({@link System#nanoTime()}), for the log
   */
  private Reply.Outcome apply(Path file, boolean revive, List<String> out, long arrived) throws IOException {
    Manifest manifest;
    long reading = System.nanoTime();
    try {
      manifest = ManifestParser.parse(file);
    } catch (ManifestException e) {
      String fileSha = Files.isReadable(file) ? Sha256.hex(Files.readAllBytes(file)) : null;
      return rejected(file, fileSha, e.problems().stream().map(Object::toString).toList(), out);
    }
    if (!revive && manifest.sha256().equals(manifestSha256) && file.equals(manifestPath)) {
      log.debug("manifest " + file + " unchanged (sha256 " + manifestSha256 + "), nothing to do");
      return Reply.Outcome.OK;
    }
    long read = System.nanoTime() - reading;
    ApplyReport report;
    try {
      report = engine.apply(manifest, file.toString(), file.getParent(), revive);
    } catch (ApplyException e) {
      return rejected(file, manifest.sha256(), e.problems(), out);
    }
    manifestPath = file;
    manifestSha256 = manifest.sha256();
    List<AuditEvent> events = new ArrayList<>();
    events.add(AuditEvent.of("manifest-applied", manifestSha256, "ok", null));
    for (Patch p : report.removed()) {
      events.add(AuditEvent.of("patch-rolled-back", p, manifestSha256, null, "ok", "removed or changed in the manifest"));
    }
    for (ApplyReport.Applied a : report.applied()) {
      events.add(AuditEvent.of("patch-activated", a.patch(), manifestSha256, a.jarSha256(), a.state(), null));
    }
    audit.appendAll(events);
    for (Patch p : report.removed()) {
      ScalpelEvents.rolledBack(p.id(), p.target().toString(), "removed or changed in the manifest");
      log.info("patch '" + p.id() + "' rolled back: no longer in the manifest as it was");
    }
    ScalpelEvents.applied(file.toString(), manifestSha256, report.applied().size(), report.removed().size());
    log.info(String.format(Locale.ROOT, "manifest %s applied: %d new or changed, %d removed, %d unchanged"
        + " (%.1f ms after the command arrived; read in %.1f ms, checked in %.1f ms, installed in %.1f ms,"
        + " switched in %.3f ms)",
        file, report.applied().size(), report.removed().size(), report.unchanged(), (System.nanoTime() - arrived) / 1e6,
        read / 1e6, report.checkNanos() / 1e6, report.installNanos() / 1e6, report.switchNanos() / 1e6));
    for (PatchStatus s : engine.status()) {
      log.info("patch '" + s.id() + "' " + s.state() + ": " + s.target());
    }
    out.addAll(statusLines());
    return Reply.Outcome.OK;
  }

  // One problem per line, each tagged, so that an operator's grep finds every one.
  private Reply.Outcome rejected(Path file, String sha256, List<String> problems, List<String> out) throws IOException {
    audit.append(AuditEvent.of("manifest-rejected", sha256, "refused", String.join("\n", problems)));
    ScalpelEvents.rejected(file.toString(), String.join("\n", problems));
    log.error("manifest " + file + " rejected, nothing applied (" + problems.size()
        + (problems.size() == 1 ? " problem):" : " problems):"));
    problems.forEach(p -> log.error("  " + p));
    out.add("manifest " + file + " rejected, nothing applied; the running patches are unchanged:");
    out.addAll(problems);
    return Reply.Outcome.REFUSED;
  }

  private void tick() {
    try {
      synchronized (this) {
        Optional<Instant> next = engine.nextExpiry();
        if (next.isPresent() && !next.get().isAfter(Instant.now())) {
          List<Patch> expired = engine.expire(Instant.now());
          audit.appendAll(expired.stream().map(p -> AuditEvent.of("patch-expired", p, manifestSha256, null, "ok", null))
              .toList());
          for (Patch p : expired) {
            ScalpelEvents.rolledBack(p.id(), p.target().toString(), "expired");
            log.info("patch '" + p.id() + "' expired at " + p.governance().expires().orElseThrow()
                + ": " + p.target() + " runs its original code");
          }
        }
        if (watcher != null && watcher.changed()) {
          watcher.applied();
          apply(watcher.path(), false, new ArrayList<>(), System.nanoTime());
        }
        syncBeans();
      }
    } catch (IOException | RuntimeException e) {
      // Don't rethrow: the timer must keep running, and the application never sees this.
      log.error("background check failed: " + e);
    }
  }

  private void syncBeans() {
    if (beans == null) {
      if (System.nanoTime() - started < TimeUnit.MILLISECONDS.toNanos(JMX_DELAY_MILLIS)) {
        return;
      }
      beans = new JmxBeans(new Beans());
    }
    try {
      beans.sync();
    } catch (JMException e) {
      log.warn("cannot register the MXBeans: " + e);
    }
  }

  /** What the MXBeans show and do. */
  private final class Beans implements JmxBeans.Source {
    @Override
    public String version() {
      return AgentVersion.get();
    }

    @Override
    public Optional<String[]> manifest() {
      synchronized (AgentRuntime.this) {
        return manifestPath == null ? Optional.empty() : Optional.of(new String[] {manifestPath.toString(), manifestSha256});
      }
    }

    @Override
    public List<PatchStatus> status() {
      return engine.status();
    }

    @Override
    public String rollback(List<String> ids) {
      synchronized (AgentRuntime.this) {
        List<String> out = new ArrayList<>();
        try {
          return Reply.text(AgentRuntime.this.rollback(ids, out), out);
        } catch (IOException e) {
          return Reply.text(Reply.Outcome.FAILED, List.of("cannot audit the rollback: " + e.getMessage()));
        }
      }
    }
  }

  @Override
  public void info(String message) {
    log.info(message);
  }

  @Override
  public void error(String message) {
    log.error(message);
  }

  // A pending patch's class loaded: its calls now change, so the audit log says so.
  @Override
  public void patchInstalled(Patch patch, String jarSha256, String where) {
    log.info("patch '" + patch.id() + "' active in " + where);
    auditQuietly(AuditEvent.of("patch-activated", patch, manifestSha256, jarSha256, "active", null), "the activation", patch);
  }

  @Override
  public void patchFailed(Patch patch, String jarSha256, String problem) {
    log.error("patch '" + patch.id() + "': " + problem);
    auditQuietly(AuditEvent.of("patch-failed", patch, manifestSha256, jarSha256, "failed", problem), "the failure", patch);
  }

  // What happens when a class loads is audited on the loading thread, which must not see an error.
  private void auditQuietly(AuditEvent event, String what, Patch patch) {
    try {
      audit.append(event);
    } catch (IOException e) {
      log.error("cannot audit " + what + " of patch '" + patch.id() + "': " + e);
    }
  }
}
