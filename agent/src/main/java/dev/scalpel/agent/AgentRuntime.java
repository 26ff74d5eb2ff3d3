package dev.scalpel.agent;

import dev.scalpel.audit.AuditEvent;
import dev.scalpel.audit.AuditLog;
import dev.scalpel.audit.ChainHash;
import dev.scalpel.dsl.Action;
import dev.scalpel.dsl.Manifest;
import dev.scalpel.dsl.ManifestException;
import dev.scalpel.dsl.ManifestParser;
import dev.scalpel.dsl.Patch;
import dev.scalpel.engine.ApplyException;
import dev.scalpel.engine.ApplyReport;
import dev.scalpel.engine.PatchEngine;
import dev.scalpel.engine.Evidence;
import dev.scalpel.engine.PatchStatus;
import dev.scalpel.engine.Reporter;
import dev.scalpel.engine.StagedApply;
import dev.scalpel.jfr.ScalpelEvents;
import dev.scalpel.jmx.JmxBeans;
import dev.scalpel.trust.FileOwnership;
import dev.scalpel.trust.TrustedKeys;
import java.io.IOException;
import java.lang.instrument.Instrumentation;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import javax.management.JMException;

/**
 * The running agent: one per JVM, created by the first start ({@code -javaagent} or attach) and
 * reused by every later one, which is how the command line talks to it. Every change is audited
 * before it is reported done. An apply that cannot be audited is undone; a rollback or expiry that
 * cannot be is not (that would put a removed fix back in force) and says so loudly.
 *
 * <p>Its roles: operations ({@link #apply}, {@link #rollback}, expiry) own no thread; the clock
 * ({@link AgentClock}) runs expiry, hot reload and JMX sync on its one thread; the control server
 * ({@link ControlSocket}) owns the socket and its threads and calls {@link #handle}; reporting
 * (status, JMX, JFR) changes nothing. Start-up builds all of them and publishes the runtime only
 * when all stand; if a step fails, what was built is taken down again and the next start tries
 * afresh.
 */
final class AgentRuntime implements Reporter, SafetyNet.Host {

  private static final Duration POLL = Duration.ofMillis(250);
  private static final int EVIDENCE_EVENT_TICKS = 10;
  private static final String AUDIT_TASK = "audit of class loads";
  // JMX waits until the application had time to configure it (and java.util.logging) itself.
  private static final long JMX_DELAY_MILLIS = 2_000;
  private static AgentRuntime instance;

  private final AgentLog log;
  private final AuditLog audit;
  private final PatchEngine engine;
  private final AgentClock clock;
  private final SafetyNet safetyNet;
  // Touched by the clock's thread only.
  private long evidenceTicks;
  private final boolean counters;
  private final Optional<TrustedKeys> trust;
  private final FileOwnership ownership;
  private final PolicyGate policy;
  private Path manifestPath;
  private volatile String manifestSha256;
  private ManifestWatcher watcher;
  private final long started = System.nanoTime();
  private JmxBeans beans;
  private final java.util.Queue<AuditEvent> pendingAudit = new java.util.concurrent.ConcurrentLinkedQueue<>();

  private AgentRuntime(AgentLog log, AuditLog audit, Instrumentation instrumentation, boolean counters,
      Optional<TrustedKeys> trust, FileOwnership ownership, PolicyGate policy) {
    this.ownership = ownership;
    this.policy = policy;
    this.log = log;
    this.audit = audit;
    this.counters = counters;
    this.trust = trust;
    this.engine = new PatchEngine(instrumentation, this, counters);
    this.safetyNet = new SafetyNet(engine, audit, log, this);
    this.clock = new AgentClock(log, POLL);
    for (String task : ClockTask.NAMES) {
      clock.every(task, new ClockTask(task));
    }
  }

  /**
   * One of the clock's jobs, by name. One small class for all of them rather than a lambda each: a
   * lambda costs a generated class and its linkage at start-up, before the application's {@code main}.
   */
  private final class ClockTask implements AgentClock.Task {
    static final String EXPIRY = "expiry";
    static final String SAFETY_NET = "safety net";
    static final String HOT_RELOAD = "hot reload";
    static final String JMX = "JMX";
    /** The tasks in the order each round runs them. */
    static final String[] NAMES = {AUDIT_TASK, EXPIRY, SAFETY_NET, HOT_RELOAD, JMX};

    private final String name;

    ClockTask(String name) {
      this.name = name;
    }

    @Override
    public void run() throws Exception {
      switch (name) {
        case AUDIT_TASK -> flushAudit();
        case EXPIRY -> expire();
        case SAFETY_NET -> safetyNet();
        case HOT_RELOAD -> reload();
        case JMX -> syncBeans();
        default -> throw new IllegalStateException("the clock has no task '" + name + "'");
      }
    }
  }

  /**
   * Starts the agent, or hands a command to the one already running. Never throws.
   *
   * @param premain whether the JVM is starting ({@code -javaagent}): then what the application's
   *                first calls do not need (the control socket, the clock's thread) starts on a
   *                background thread instead of before {@code main}
   */
  static void start(String optionText, Instrumentation instrumentation, boolean premain) {
    String answer = handle(optionText, instrumentation, premain);
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
  private static synchronized String handle(String optionText, Instrumentation instrumentation, boolean premain) {
    long arrived = System.nanoTime();
    List<String> out = new ArrayList<>();
    Reply.Outcome outcome;
    try {
      AgentOptions options = AgentOptions.parse(optionText);
      boolean first = instance == null;
      // The first start's manifest, read while the agent sets up; used by this command only.
      ManifestPrefetch early = null;
      if (first) {
        early = prefetch(options);
        instance = create(options, instrumentation, premain);
      }
      // The reply goes back to the command line or the control socket; a -javaagent start has nobody to read it.
      boolean replied = !premain || options.reply().isPresent();
      outcome = instance.run(options, !first, replied, out, arrived, early);
    } catch (IllegalArgumentException e) {
      out.add(e.getMessage() + "; nothing was done");
      printErrors(out);
      outcome = Reply.Outcome.REFUSED;
    } catch (IOException | RuntimeException | Error e) {
      out.add(e.getMessage() == null ? e.toString() : e.getMessage());
      printErrors(out);
      outcome = Reply.Outcome.FAILED;
    }
    return Reply.text(outcome, out);
  }

  /**
   * Starts reading the first start's manifest while {@link #create} sets up, if this command will
   * apply one; null if it will not.
   */
  private static ManifestPrefetch prefetch(AgentOptions options) {
    if (options.manifest().isEmpty() || options.status().isPresent() || options.rollback().isPresent()) {
      return null;
    }
    return ManifestPrefetch.start(options.manifest().get().toAbsolutePath(), options.trust().isPresent());
  }

  private static void printErrors(List<String> lines) {
    for (String l : lines) {
      System.err.println("scalpel: error: " + l);
    }
  }

  /**
   * Builds the running agent: audit log, control socket, engine, clock, the {@code agent-started}
   * record, then starts the threads and publishes the socket. If any step fails, the steps before
   * it are undone (the classes defined in the bootstrap class loader stay there: the JVM cannot unload
   * them, and they hold nothing that runs by itself).
   *
   * <p>With {@code background}, the control socket and the clock's thread start on a daemon thread
   * once the transformer is registered, while the manifest is applied: the application's first
   * calls need neither (a class that loads meanwhile is patched by the transformer, and its audit
   * record waits in the queue that every later record and the clock's first round write first). A
   * socket that cannot be opened there is reported, and commands then reach the agent by loading
   * it again through the attach mechanism, which finds it running.
   */
  private static AgentRuntime create(AgentOptions options, Instrumentation instrumentation, boolean background)
      throws IOException {
    AgentLog log = new AgentLog(System.err, options.log());
    AuditLog audit;
    try {
      audit = AuditLog.open(options.audit(), options.auditKey().isPresent()
          ? ChainHash.readKey(options.auditKey().get(), FileOwnership.ofThisProcess()) : ChainHash.SHA256);
    } catch (IOException e) {
      throw new IOException(e.getMessage() + "; Scalpel changes nothing it cannot audit, so nothing is patched", e);
    }
    if (audit.repairedBytes() > 0) {
      log.warn("audit log " + audit.file() + ": dropped a torn last line of " + audit.repairedBytes()
          + " bytes left by a crash, recorded as " + AuditLog.REPAIRED);
    }
    Deque<AutoCloseable> built = new ArrayDeque<>();
    built.push(audit);
    try {
      Optional<TrustedKeys> trust = trust(options, audit);
      ControlServer control = new ControlServer(new Commands(instrumentation), log);
      built.push(control);
      if (!background) {
        control.open();
      }
      BootstrapClasses.define(instrumentation);
      FileOwnership ownership = new FileOwnership(ProcessUser.get());
      // A policy that cannot be used fails closed without stopping the agent: were the agent not to
      // start, a later attach would start one without the policy.
      PolicyGate policy = PolicyGate.load(options.policy(), ownership);
      AgentRuntime runtime = new AgentRuntime(log, audit, instrumentation, options.counters(), trust, ownership, policy);
      if (trust.isPresent()) {
        log.info("every manifest must be signed by one of the " + trust.get().size() + " keys in " + trust.get().file());
      }
      Optional<String> startProblem = policy.startProblem();
      if (policy.file().isPresent() && startProblem.isEmpty()) {
        log.info("every manifest must meet the policy " + policy.file().get());
      }
      if (startProblem.isPresent()) {
        log.error(startProblem.get());
      }
      built.push(new Background(Background.CLOSE_ENGINE, control, runtime, log));
      built.push(runtime.clock);
      audit.append(AuditEvent.of("agent-started", null, startProblem.isPresent() ? "refused" : "ok",
          startProblem.orElse(null)));
      System.setProperty(AgentVersion.PROPERTY, AgentVersion.get());
      Runtime.getRuntime().addShutdownHook(new Thread(new Background(Background.AT_EXIT, control, runtime, log),
          "scalpel-at-exit"));
      if (background) {
        Thread later = new Thread(new Background(Background.START_LATER, control, runtime, log), "scalpel-start");
        later.setDaemon(true);
        later.start();
      } else {
        runtime.clock.start();
      }
      return runtime;
    } catch (IOException | RuntimeException | Error e) {
      while (!built.isEmpty()) {
        try {
          built.pop().close();
        } catch (Exception closing) {
          e.addSuppressed(closing);
        }
      }
      throw e;
    }
  }

  /** The control socket's requests: each is a command, run as an attach's options would be. */
  private static final class Commands implements java.util.function.Function<String, String> {
    private final Instrumentation instrumentation;

    Commands(Instrumentation instrumentation) {
      this.instrumentation = instrumentation;
    }

    @Override
    public String apply(String request) {
      return handle(request, instrumentation, false);
    }
  }

  /**
   * What start-up hands to other threads or keeps to undo: the background start, the work at exit,
   * and closing the engine if start-up fails. One small class rather than a lambda each (see
   * {@link ClockTask}).
   */
  private static final class Background implements Runnable, AutoCloseable {
    static final int START_LATER = 0;
    static final int AT_EXIT = 1;
    static final int CLOSE_ENGINE = 2;

    private final int role;
    private final ControlServer control;
    private final AgentRuntime runtime;
    private final AgentLog log;

    Background(int role, ControlServer control, AgentRuntime runtime, AgentLog log) {
      this.role = role;
      this.control = control;
      this.runtime = runtime;
      this.log = log;
    }

    @Override
    public void run() {
      if (role == START_LATER) {
        startLater(control, runtime.clock, log);
      } else if (role == AT_EXIT) {
        atExit(control, runtime, log);
      }
    }

    @Override
    public void close() {
      if (role == CLOSE_ENGINE) {
        runtime.engine.close();
      }
    }
  }

  /**
   * The background part of a {@code -javaagent} start: the clock's thread, then the control
   * socket. Never throws: a failure is reported, and the agent goes on without what failed.
   */
  private static void startLater(ControlServer control, AgentClock clock, AgentLog log) {
    try {
      clock.start();
    } catch (Throwable t) {
      // Don't rethrow: the patches are in force; without the clock, expiry and hot reload wait.
      log.error("the agent's clock did not start, so expiry, hot reload and the safety net do not run: " + t);
    }
    try {
      control.open();
    } catch (Throwable t) {
      // Don't rethrow: the patches are in force and commands still reach the agent another way.
      log.error("control socket: " + t.getMessage() + "; commands reach this agent through the attach mechanism"
          + " instead");
    }
  }

  /**
   * Runs when the JVM exits. It closes the control socket first: its thread waits for clients in
   * native code, and the JVM's exit waits up to 300 ms for every thread still in native code, so a
   * socket left open costs every run of the application that much. Then it writes the queued
   * audit records: a class that loads just before the JVM exits is recorded still, as the log
   * promises. Never throws.
   */
  private static void atExit(ControlServer control, AgentRuntime runtime, AgentLog log) {
    try {
      control.close();
    } catch (Throwable t) {
      // Don't rethrow: the audit records below matter more than the socket.
      log.debug("control socket: cannot close it at exit: " + t);
    }
    try {
      runtime.flushAudit();
    } catch (Throwable t) {
      log.error("AUDIT RECORD MISSING: cannot write the queued audit records at exit: " + t);
    }
  }

  /**
   * Reads the keys {@code trust=} names, once: they hold for the agent's life. Keys that cannot be
   * read stop the start (nothing is patched), and the audit log records why.
   */
  private static Optional<TrustedKeys> trust(AgentOptions options, AuditLog audit) throws IOException {
    if (options.trust().isEmpty()) {
      return Optional.empty();
    }
    Path file = options.trust().get();
    String problem;
    try {
      return Optional.of(TrustedKeys.read(file));
    } catch (IllegalArgumentException e) {
      problem = "trust=" + file + ": " + e.getMessage();
    } catch (IOException e) {
      problem = "trust=" + file + ": cannot read the keys: " + ManifestSnapshot.describe(e);
    }
    problem += "; the agent did not start and nothing is patched";
    audit.append(AuditEvent.of("agent-started", null, "refused", problem));
    throw new IllegalArgumentException(problem);
  }

  private synchronized Reply.Outcome run(AgentOptions options, boolean later, boolean replied, List<String> out,
      long arrived, ManifestPrefetch early)
      throws IOException {
    if (later) {
      adopt(options, out);
    }
    if (options.status().isPresent()) {
      flushAudit();
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
    if (later && trust.isEmpty() && options.given().contains("trust")) {
      return rejected(file, null, List.of(file + ": trust= is fixed at the agent's first start, which had none; a"
          + " manifest that must be signed is not applied unchecked (start the JVM with trust= to check signatures)"), out);
    }
    if (later && policy.file().isEmpty() && options.given().contains("policy")) {
      return rejected(file, null, List.of(file + ": policy= is fixed at the agent's first start, which had none; a"
          + " manifest that must meet a policy is not applied unchecked (start the JVM with policy= to check it)"), out);
    }
    ManifestSnapshot read;
    try {
      read = early == null ? null : early.snapshot(file, trust.isPresent());
      if (read == null) {
        read = ManifestSnapshot.read(file, trust.isPresent());
      }
    } catch (IOException e) {
      Reply.Outcome outcome = rejected(file, null,
          List.of(file + ":1:1: cannot read the manifest: " + ManifestSnapshot.describe(e)), out);
      watchAfter(file, null, false, options.watch(), out);
      return outcome;
    }
    Reply.Outcome outcome = apply(read, early, true, replied, out, arrived);
    watchAfter(file, read.fingerprint(), outcome == Reply.Outcome.OK, options.watch(), out);
    return outcome;
  }

  /**
   * Takes what a later command asks of the options fixed at the first start: {@code log=} applies
   * from now on; {@code audit=} and {@code counters=} cannot change in a running agent, so a
   * different value gets a warning in the reply and the log. So do {@code trust=} and
   * {@code policy=}: the keys and policy of the first start keep checking every manifest (and
   * {@link #run} refuses a manifest whose attach asks for signatures or a policy from an agent that
   * started without).
   */
  private void adopt(AgentOptions options, List<String> out) {
    if (options.given().contains("log") && options.log() != log.threshold()) {
      log.threshold(options.log());
      log.info("log level " + options.log().name().toLowerCase(Locale.ROOT) + " from now on");
    }
    Path running = audit.file().toAbsolutePath().normalize();
    if (options.given().contains("audit") && !options.audit().toAbsolutePath().normalize().equals(running)) {
      warn(out, "audit= is fixed at the agent's first start; this attach keeps " + running);
    }
    if (trust.isPresent() && options.given().contains("trust")
        && !options.trust().get().toAbsolutePath().normalize().equals(trust.get().file().toAbsolutePath().normalize())) {
      warn(out, "trust= is fixed at the agent's first start; this attach keeps the keys in " + trust.get().file());
    }
    if (policy.file().isPresent() && options.given().contains("policy")
        && !options.policy().get().toAbsolutePath().normalize().equals(policy.file().get().normalize())) {
      warn(out, "policy= is fixed at the agent's first start; this attach keeps the policy " + policy.file().get());
    }
    if (options.given().contains("counters") && options.counters() != counters) {
      warn(out, "counters= is fixed at the agent's first start; this attach keeps counters=" + counters);
    }
  }

  private void warn(List<String> out, String message) {
    log.warn(message);
    out.add("warning: " + message);
  }

  /**
   * Which file hot reload watches after an attach of {@code file}. An applied manifest is watched
   * (with {@code watch=true}) from the bytes just applied. A refused one changes nothing, not even
   * which file is watched, except that the refused bytes count as handled; but when no manifest is
   * in force and nothing is watched (a first start whose manifest is missing or broken), the file
   * is watched, so that correcting it applies it without a restart.
   */
  private void watchAfter(Path file, ManifestSnapshot.Fingerprint read, boolean applied, boolean watch,
      List<String> out) {
    if (applied) {
      watcher = watch ? new ManifestWatcher(file, trust.isPresent(), read, log) : null;
    } else if (watcher == null && manifestPath == null && watch) {
      watcher = new ManifestWatcher(file, trust.isPresent(), read, log);
      log.info("watching " + file + ": it applies once it changes and is valid");
      out.add("the agent watches " + file + " and applies it once it changes and is valid");
    } else if (watcher != null && watcher.path().equals(file)) {
      watcher.handled(read);
    } else if (watcher != null) {
      out.add("hot reload keeps watching " + watcher.path());
    }
  }

  private List<String> statusLines() {
    List<String> lines = new ArrayList<>();
    lines.add("manifest " + (manifestPath == null ? "(none)" : manifestPath + " sha256 " + manifestSha256));
    for (PatchStatus s : engine.status()) {
      String calls = s.callsFixed() == null ? "" : " fixed=" + s.callsFixed() + " original=" + s.callsOriginal()
          + " errors=" + s.errorsFixed();
      if (s.errorsOriginal() != null) {
        calls += " errors.original=" + s.errorsOriginal();
      }
      if (s.shadow() != null) {
        calls += " matches=" + s.shadow().matches() + " mismatches=" + s.shadow().mismatches();
      }
      calls += safetyText(s.safety());
      lines.add(Figures.padded(s.id(), 20) + " " + Figures.padded(s.state(), 12) + " " + s.target() + calls
          + (s.failure() == null ? "" : "  (" + s.failure() + ")")
          + (s.outsideOtherAgents().isEmpty() ? "" : "  (runs outside other agents' instrumentation in "
              + String.join(", ", s.outsideOtherAgents()) + ": its class file could not be redefined)"));
      if (s.latency() != null) {
        lines.add(latencyLine("fixed", s.latency().fixed(), s.latency().windowSeconds()));
        lines.add(latencyLine("original", s.latency().original(), s.latency().windowSeconds()));
      }
    }
    return lines;
  }

  /** The safety net's part of a status line: rollout step, window calls against minCalls, the rule that tripped. */
  private static String safetyText(PatchStatus.Safety safety) {
    if (safety == null) {
      return "";
    }
    String text = "";
    if (safety.progress() != null) {
      text += " step=" + safety.progress().step() + (safety.progress().next() == null ? ""
          : " next=" + safety.progress().next() + (safety.progress().at() == null ? ""
          : " at " + safety.progress().at().truncatedTo(java.time.temporal.ChronoUnit.SECONDS)));
    }
    text += " window=" + safety.windowCalls() + "/" + safety.minCalls() + " calls";
    return safety.tripped() == null ? text : text + "  (tripped: " + safety.tripped() + ")";
  }

  // Padded by hand: String.format would load its formatter (and, on JDK 17, regular expressions)
  // into the application while the agent starts.
  private static String latencyLine(String path, PatchStatus.PathLatency l, int windowSeconds) {
    return "    latency " + Figures.padded(path, 8) + " " + (l.samples() == 0
        ? "no sampled calls in the last " + windowSeconds + " s"
        : "p50=" + StatusJson.duration(l.p50()) + " p99=" + StatusJson.duration(l.p99()) + " max="
            + StatusJson.duration(l.max()) + " (" + l.samples() + " sampled calls, last " + windowSeconds + " s)");
  }

  private Reply.Outcome rollback(List<String> ids, List<String> out) throws IOException {
    flushAudit();
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
    auditTakenOut(events, "rollback", out);
    for (Patch p : rollback.patches()) {
      ScalpelEvents.rolledBack(p.id(), p.target().toString(), "rollback");
      log.info("patch '" + p.id() + "' rolled back: " + p.target() + " runs its original code");
    }
    if (!rollback.patches().isEmpty()) {
      log.info("rolled back " + rollback.patches().size() + " patches: every thread runs the original code after "
          + Figures.millis(rollback.switchNanos(), 3) + " ms; prologues removed from " + rollback.classes()
          + " loaded classes after a further " + Figures.millis(rollback.uninstallNanos(), 1) + " ms");
    }
    out.addAll(statusLines());
    return Reply.Outcome.OK;
  }

  /**
   * Records patches already taken out (a rollback, an expiry). Undoing would put back in force a
   * fix the operator or its expiry date removed, so a record that cannot be written does not undo
   * the change: the reply and the log say loudly that the audit log misses it.
   */
  private void auditTakenOut(List<AuditEvent> events, String what, List<String> out) {
    try {
      audit.appendAll(events);
    } catch (IOException e) {
      List<String> idList = new ArrayList<>();
      for (AuditEvent event : events) {
        idList.add(event.patchId());
      }
      String ids = String.join(", ", idList);
      String warning = "AUDIT RECORD MISSING: the " + what + " of " + ids + " took effect, but the audit log "
          + audit.file() + " could not record it (" + e.getMessage() + "); the patches stay out. Free the audit"
          + " log's file system and record the " + what + " by hand";
      log.error(warning);
      out.add(warning);
    }
  }

  /** Takes out the patches whose {@code expires} instant has passed, and records it. */
  private void expireDue() {
    Optional<Instant> next = engine.nextExpiry();
    if (next.isEmpty() || next.get().isAfter(Instant.now())) {
      return;
    }
    flushAudit();
    List<Patch> expired = engine.expire(Instant.now());
    List<AuditEvent> events = new ArrayList<>();
    for (Patch p : expired) {
      events.add(AuditEvent.of("patch-expired", p, manifestSha256, null, "ok", null));
    }
    auditTakenOut(events, "expiry", new ArrayList<>());
    for (Patch p : expired) {
      ScalpelEvents.rolledBack(p.id(), p.target().toString(), "expired");
      log.info("patch '" + p.id() + "' expired at " + p.governance().expires().orElseThrow()
          + ": " + p.target() + " runs its original code");
    }
  }

  /**
   * Checks and applies the manifest in {@code snapshot}, exactly those bytes; audits and logs the outcome.
   *
   * @param early   the first start's read, which may hold these bytes parsed already; null for any other
   * @param revive  whether patches rolled back or failed apply again (an operator's apply) or not (a reload)
   * @param replied whether anyone reads {@code out}: if not, the status lines are not made
   * @param arrived when the command arrived ({@link System#nanoTime()}), for the log
   */
  private Reply.Outcome apply(ManifestSnapshot snapshot, ManifestPrefetch early, boolean revive, boolean replied,
      List<String> out, long arrived)
      throws IOException {
    Path file = snapshot.file();
    Manifest manifest;
    long reading = System.nanoTime();
    // Named as the field on purpose: every check of this manifest's files shares what they can.
    FileOwnership ownership = this.ownership.forOneManifest();
    Optional<String> unsafe = ownership.problem(file);
    if (unsafe.isEmpty() && trust.isPresent()) {
      unsafe = ownership.problem(ManifestSnapshot.signatureFile(file));
    }
    if (unsafe.isPresent()) {
      return rejected(file, snapshot.sha256(), List.of(file + ": not applied: " + unsafe.get()), out);
    }
    if (trust.isPresent()) {
      try {
        trust.get().verify(ManifestSnapshot.signatureFile(file), snapshot.signature(), snapshot.bytes());
      } catch (TrustedKeys.Untrusted e) {
        return rejected(file, snapshot.sha256(), List.of(file + ": not applied, its " + e.getMessage()), out);
      }
    }
    try {
      manifest = parse(snapshot, early);
    } catch (ManifestException e) {
      return rejected(file, snapshot.sha256(), e.problems().stream().map(Object::toString).toList(), out);
    }
    // Computed once: the manifest's hash is a pass over all of it, and every record of the apply names it.
    String sha256 = manifest.sha256();
    List<String> violations = policy.problems(manifest, file, Instant.now());
    if (!violations.isEmpty()) {
      return rejected(file, sha256, violations, out);
    }
    List<String> unsafeJars = new ArrayList<>();
    // Patches often share a jar: the per-manifest checker looks at each path (and folder) once.
    for (Patch p : manifest.patches()) {
      if (p.action() instanceof Action.Fix fix) {
        Optional<String> problem = ownership.problem(fix.resolveJar(file.getParent()));
        if (problem.isPresent()) {
          unsafeJars.add(file + ": patch '" + p.id() + "': " + problem.get());
        }
      }
    }
    if (!unsafeJars.isEmpty()) {
      return rejected(file, sha256, unsafeJars, out);
    }
    if (!revive && sha256.equals(manifestSha256) && file.equals(manifestPath)) {
      log.debug("manifest " + file + " unchanged (sha256 " + manifestSha256 + "), nothing to do");
      return Reply.Outcome.OK;
    }
    long read = System.nanoTime() - reading;
    flushAudit();
    StagedApply staged;
    try {
      staged = engine.stage(manifest, file.toString(), file.getParent(), revive);
    } catch (ApplyException e) {
      return rejected(file, sha256, e.problems(), out);
    }
    // The change's records are durable before it switches; if they cannot be written, it is undone.
    List<AuditEvent> events = new ArrayList<>();
    events.add(AuditEvent.of("manifest-applied", sha256, "ok", null));
    for (Patch p : staged.removed()) {
      events.add(AuditEvent.of("patch-rolled-back", p, sha256, null, "ok", "removed or changed in the manifest"));
    }
    for (ApplyReport.Applied a : staged.applied()) {
      events.add(AuditEvent.of("patch-activated", a.patch(), sha256, a.jarSha256(), a.state(), null));
    }
    try {
      audit.appendAll(events);
    } catch (IOException e) {
      staged.undo();
      String problem = "manifest " + file + " not applied, nothing changed: the audit log " + audit.file()
          + " could not record it (" + e.getMessage() + "); the running patches are unchanged. Free the audit log's"
          + " file system and apply again";
      log.error(problem);
      out.add(problem);
      return Reply.Outcome.FAILED;
    } catch (RuntimeException | Error e) {
      staged.undo();
      throw e;
    }
    ApplyReport report = staged.commit();
    manifestPath = file;
    manifestSha256 = sha256;
    for (Patch p : report.removed()) {
      ScalpelEvents.rolledBack(p.id(), p.target().toString(), "removed or changed in the manifest");
      log.info("patch '" + p.id() + "' rolled back: no longer in the manifest as it was");
    }
    ScalpelEvents.applied(file.toString(), manifestSha256, report.applied().size(), report.removed().size());
    log.info("manifest " + file + " applied: " + report.applied().size() + " new or changed, "
        + report.removed().size() + " removed, " + report.unchanged() + " unchanged ("
        + Figures.millis(System.nanoTime() - arrived, 1) + " ms after the command arrived; read in "
        + Figures.millis(read, 1) + " ms, checked in " + Figures.millis(report.checkNanos(), 1) + " ms, installed in "
        + Figures.millis(report.installNanos(), 1) + " ms, switched in " + Figures.millis(report.switchNanos(), 3) + " ms)");
    List<String> lines = new ArrayList<>();
    for (PatchStatus s : engine.status()) {
      lines.add("patch '" + s.id() + "' " + s.state() + ": " + s.target());
    }
    log.info(lines);
    if (replied) {
      out.addAll(statusLines());
    }
    return Reply.Outcome.OK;
  }

  /** The manifest in {@code snapshot}: parsed already if {@code early} read these bytes, else now. */
  private static Manifest parse(ManifestSnapshot snapshot, ManifestPrefetch early) throws ManifestException {
    Manifest parsed = early == null ? null : early.manifest(snapshot);
    return parsed != null ? parsed : ManifestParser.parse(snapshot.file().toString(), snapshot.bytes());
  }

  // One problem per line, each tagged, so that an operator's grep finds every one. A rejection
  // changes nothing, so a rejection the audit log cannot record is still a rejection.
  private Reply.Outcome rejected(Path file, String sha256, List<String> problems, List<String> out) {
    try {
      audit.append(AuditEvent.of("manifest-rejected", sha256, "refused", String.join("\n", problems)));
    } catch (IOException e) {
      String warning = "the audit log " + audit.file() + " could not record this rejection (" + e.getMessage() + ")";
      log.error(warning);
      out.add(warning);
    }
    ScalpelEvents.rejected(file.toString(), String.join("\n", problems));
    log.error("manifest " + file + " rejected, nothing applied (" + problems.size()
        + (problems.size() == 1 ? " problem):" : " problems):"));
    for (String p : problems) {
      log.error("  " + p);
    }
    out.add("manifest " + file + " rejected, nothing applied; the running patches are unchanged:");
    out.addAll(problems);
    return Reply.Outcome.REFUSED;
  }

  private synchronized void expire() {
    expireDue();
  }

  // The safety net ticks the evidence windows once a second; every tenth tick, a JFR event per
  // patch with calls.
  private synchronized void safetyNet() {
    flushAudit();
    if (safetyNet.run() && ++evidenceTicks % EVIDENCE_EVENT_TICKS == 0) {
      for (Map.Entry<String, Evidence.Interval> e : engine.recentEvidence(EVIDENCE_EVENT_TICKS).entrySet()) {
        ScalpelEvents.evidence(e.getKey(), EVIDENCE_EVENT_TICKS, e.getValue());
      }
    }
  }

  @Override
  public String manifestSha256() {
    return manifestSha256;
  }

  @Override
  public void takenOut(List<AuditEvent> events, String what) {
    auditTakenOut(events, what, new ArrayList<>());
  }

  @Override
  public void notifyBeans(String type, String patchId, String message) {
    if (beans != null) {
      beans.notify(type, patchId, message);
    }
  }

  private synchronized void reload() throws IOException {
    if (watcher == null) {
      return;
    }
    Optional<ManifestSnapshot> changed = watcher.poll();
    if (changed.isPresent()) {
      watcher.handled(changed.get().fingerprint());
      apply(changed.get(), null, false, false, new ArrayList<>(), System.nanoTime());
    }
  }

  private void syncBeans() throws JMException {
    if (beans == null) {
      if (System.nanoTime() - started < TimeUnit.MILLISECONDS.toNanos(JMX_DELAY_MILLIS)) {
        return;
      }
      beans = new JmxBeans(new Beans());
    }
    beans.sync();
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

  // A pending patch's class loaded: its calls now change, so the audit log says so. This runs on
  // the thread loading the class, holding locks: the record is queued and written on the agent's
  // own thread, and before any later record or status reply.
  @Override
  public void patchInstalled(Patch patch, String jarSha256, String where, String state) {
    log.info("patch '" + patch.id() + "' " + state + " in " + where);
    auditQuietly(AuditEvent.of("patch-activated", patch, manifestSha256, jarSha256, state, null));
  }

  @Override
  public void patchFailed(Patch patch, String jarSha256, String problem) {
    log.error("patch '" + patch.id() + "': " + problem);
    auditQuietly(AuditEvent.of("patch-failed", patch, manifestSha256, jarSha256, "failed", problem));
  }

  // What happens when a class loads or a site links is audited off the application's thread, which
  // must neither wait for the disk nor see an error: the clock's thread writes the queue at once,
  // and a shutdown hook whatever is left when the JVM exits.
  private void auditQuietly(AuditEvent event) {
    pendingAudit.add(event);
    try {
      clock.soon(AUDIT_TASK);
    } catch (RuntimeException e) {
      // Don't rethrow: this is the application's thread. The clock's next round writes the record.
    }
  }

  private static String describe(List<AuditEvent> events) {
    StringBuilder s = new StringBuilder();
    for (AuditEvent r : events) {
      s.append(s.length() == 0 ? "" : ", ").append(r.event()).append(' ').append(r.patchId()).append(' ').append(r.outcome());
    }
    return s.toString();
  }

  /** Writes the queued records, in order; called before any other record is written or status answered. */
  private void flushAudit() {
    synchronized (pendingAudit) {
      List<AuditEvent> events = new ArrayList<>();
      for (AuditEvent e = pendingAudit.poll(); e != null; e = pendingAudit.poll()) {
        events.add(e);
      }
      if (events.isEmpty()) {
        return;
      }
      try {
        audit.appendAll(events);
      } catch (IOException | RuntimeException e) {
        log.error("AUDIT RECORD MISSING: the audit log " + audit.file() + " could not record " + events.size()
            + " records of what happened when classes loaded (" + e.getMessage() + "): " + describe(events));
      }
    }
  }
}
