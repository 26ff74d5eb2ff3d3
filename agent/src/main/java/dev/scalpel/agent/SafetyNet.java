package dev.scalpel.agent;

import dev.scalpel.audit.AuditEvent;
import dev.scalpel.audit.AuditLog;
import dev.scalpel.dsl.Patch;
import dev.scalpel.dsl.Rollout;
import dev.scalpel.engine.PatchEngine;
import dev.scalpel.engine.PatchStatus;
import dev.scalpel.jfr.ScalpelEvents;
import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The safety net, run by the agent's clock: once a second every patch in force closes an interval
 * of its evidence; a patch whose {@code autoRollback} rule trips is taken out, and a patch whose
 * next {@code progress} step is due steps up. Owns no thread and no state but the time of its last
 * tick; the operations are the engine's.
 *
 * <p>A trip takes the patch out first and records it after (safety first: a record that cannot be
 * written does not keep a misbehaving fix in force, and the log says AUDIT RECORD MISSING). A step
 * is recorded first and taken after: if its record cannot be written, the rollout stays where it
 * is and the step is tried again on a later tick.
 */
final class SafetyNet {

  /** What the safety net needs of the running agent. */
  interface Host {
    /** The hash of the manifest in force, for the audit records. */
    String manifestSha256();

    /** Records patches already taken out, saying loudly if the record cannot be written. */
    void takenOut(List<AuditEvent> events, String what);

    /** Sends a notification where they go: the Agent MXBean, once it exists. */
    void notifyBeans(String type, String patchId, String message);
  }

  private static final long TICK_NANOS = TimeUnit.SECONDS.toNanos(1);

  private final PatchEngine engine;
  private final AuditLog audit;
  private final AgentLog log;
  private final Host host;
  private long lastTick = System.nanoTime();

  /** A safety net over {@code engine}'s patches that records to {@code audit} and reports to {@code host}. */
  SafetyNet(PatchEngine engine, AuditLog audit, AgentLog log, Host host) {
    this.engine = engine;
    this.audit = audit;
    this.log = log;
    this.host = host;
  }

  /**
   * Runs a tick if a second has passed since the last one; called on every round of the clock.
   *
   * @return whether it ticked
   */
  boolean run() {
    long now = System.nanoTime();
    if (now - lastTick < TICK_NANOS) {
      return false;
    }
    // One tick however late the clock was: a slow round merges into one interval, never replays.
    lastTick = now;
    PatchEngine.SafetyFindings found = engine.safetyTick(Instant.now());
    for (Map.Entry<String, String> trip : found.trips().entrySet()) {
      trip(trip.getKey(), trip.getValue());
    }
    for (Map.Entry<String, Rollout> step : found.steps().entrySet()) {
      step(step.getKey(), step.getValue());
    }
    return true;
  }

  private void trip(String id, String rule) {
    PatchEngine.Rollback out = engine.trip(id, rule);
    for (Patch p : out.patches()) {
      host.takenOut(List.of(AuditEvent.of("patch-tripped", p, host.manifestSha256(), null, "tripped", rule)), "trip");
      log.error("patch '" + p.id() + "' tripped its autoRollback rule (" + rule + ") and is out: " + p.target()
          + " runs its original code; apply the manifest again with attach once the fix is fixed");
      ScalpelEvents.tripped(p.id(), p.target().toString(), rule);
      host.notifyBeans(dev.scalpel.jmx.JmxBeans.TRIPPED, p.id(), "patch '" + p.id() + "' tripped: " + rule);
    }
  }

  private void step(String id, Rollout to) {
    Patch patch = engine.manifest().patch(id).orElse(null);
    if (patch == null) {
      return;
    }
    String from = current(id);
    String change = "rollout " + from + " -> " + to;
    try {
      audit.appendAll(List.of(AuditEvent.of("patch-progressed", patch, host.manifestSha256(), null, "ok", change)));
    } catch (IOException e) {
      log.error("patch '" + id + "' stays at its rollout: the audit log " + audit.file() + " could not record its"
          + " step (" + e.getMessage() + "); it steps up once the record can be written");
      return;
    }
    if (engine.stepUp(id, to, Instant.now()).isEmpty()) {
      log.error("patch '" + id + "': the step recorded as " + change + " did not take place: the patch changed"
          + " meanwhile");
      return;
    }
    log.info("patch '" + id + "' stepped up: " + change + " after a healthy "
        + patch.progress().orElseThrow().every().toSeconds() + "s");
    ScalpelEvents.progressed(id, from, to.toString());
    host.notifyBeans(dev.scalpel.jmx.JmxBeans.PROGRESSED, id, "patch '" + id + "': " + change);
  }

  private String current(String id) {
    for (PatchStatus s : engine.status()) {
      if (s.id().equals(id) && s.safety() != null && s.safety().progress() != null) {
        return s.safety().progress().step();
      }
    }
    return "?";
  }
}
