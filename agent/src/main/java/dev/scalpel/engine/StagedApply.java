package dev.scalpel.engine;

import dev.scalpel.dsl.Manifest;
import dev.scalpel.dsl.Patch;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * An apply between its two halves: the new manifest is checked and its prologues installed, nothing
 * is switched on yet (except a changed patch whose old version was active: its new version is live
 * as it links). The caller records the change durably (the audit log), then {@link #commit()}s it,
 * or {@link #undo()}es it if the record could not be written. Exactly one of the two, once; until
 * then the engine refuses other changes.
 *
 * <p>A later operation that must be recorded before it takes effect (a trip, a progress step) has
 * the same shape: check, record, switch, or undo.
 */
public final class StagedApply {

  private final PatchEngine engine;
  private final Manifest manifest;
  private final String source;
  private final Instant now;
  private final ScalpelTransformer.Staging staging;
  private final Map<String, List<PatchRuntime>> previousPlan;
  private final Map<String, PatchRuntime> leaving;
  private final Map<String, PatchRuntime> coming;
  private final Map<String, PatchRuntime> result;
  private final Set<Class<?>> touched = new LinkedHashSet<>();
  private final long started;
  private long checked;
  private long installed;
  private List<ApplyReport.Applied> applied = List.of();
  private List<Patch> removed = List.of();
  private boolean finished;

  StagedApply(PatchEngine engine, Manifest manifest, String source, Instant now, ScalpelTransformer.Staging staging,
      Map<String, List<PatchRuntime>> previousPlan, Map<String, PatchRuntime> leaving,
      Map<String, PatchRuntime> coming, Map<String, PatchRuntime> result, long started) {
    this.engine = engine;
    this.manifest = manifest;
    this.source = source;
    this.now = now;
    this.staging = staging;
    this.previousPlan = previousPlan;
    this.leaving = leaving;
    this.coming = coming;
    this.result = result;
    this.started = started;
  }

  /**
   * The patches new or changed in this manifest with the state each will have once committed
   * ({@code active}, {@code pending}, {@code shadow}, {@code disabled} or {@code expired}).
   */
  public List<ApplyReport.Applied> applied() {
    return applied;
  }

  /** The patches of the running manifest in force that the commit rolls back (left or changed). */
  public List<Patch> removed() {
    return removed;
  }

  /**
   * Switches the new patches on and rolls back those that left: every thread sees the new manifest
   * on its next call.
   *
   * @throws IllegalStateException if this apply was already committed or undone
   */
  public ApplyReport commit() {
    return engine.commit(this);
  }

  /**
   * Puts the running patches back exactly as they were before {@link PatchEngine#stage}: the old
   * prologues are back in every class the apply patched (including those that loaded meanwhile),
   * and nothing of the new manifest stays linked.
   *
   * @throws IllegalStateException if this apply was already committed or undone
   */
  public void undo() {
    engine.undo(this);
  }

  /** Whether this apply was committed or undone. Under the engine's lock. */
  boolean isFinished() {
    return finished;
  }

  /** Marks this apply committed or undone; false if it already was. Under the engine's lock. */
  boolean finish() {
    boolean first = !finished;
    finished = true;
    return first;
  }

  Manifest manifest() {
    return manifest;
  }

  String source() {
    return source;
  }

  Instant now() {
    return now;
  }

  ScalpelTransformer.Staging staging() {
    return staging;
  }

  Map<String, List<PatchRuntime>> previousPlan() {
    return previousPlan;
  }

  Map<String, PatchRuntime> leaving() {
    return leaving;
  }

  Map<String, PatchRuntime> coming() {
    return coming;
  }

  Map<String, PatchRuntime> result() {
    return result;
  }

  /** The loaded classes the apply retransformed; filled while installing. */
  Set<Class<?>> touched() {
    return touched;
  }

  void checked(long nanoTime) {
    checked = nanoTime;
  }

  /** Records that the prologues are installed, and what the commit will report. */
  void installed(long nanoTime) {
    installed = nanoTime;
    List<ApplyReport.Applied> states = new ArrayList<>();
    for (PatchRuntime r : coming.values()) {
      states.add(new ApplyReport.Applied(r.patch(), r.jarSha256(), r.state().spelling()));
    }
    applied = List.copyOf(states);
    List<Patch> out = new ArrayList<>();
    for (PatchRuntime r : leaving.values()) {
      if (!r.isRetired()) {
        out.add(r.patch());
      }
    }
    removed = List.copyOf(out);
  }

  long checkNanos() {
    return checked - started;
  }

  long installNanos() {
    return installed - checked;
  }
}
