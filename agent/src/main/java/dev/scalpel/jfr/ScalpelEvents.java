package dev.scalpel.jfr;

import dev.scalpel.engine.Evidence;
import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Event;
import jdk.jfr.FlightRecorder;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;
import jdk.jfr.Timespan;

/**
 * JFR events for what changes the running code: a manifest applied or rejected, a patch rolled back
 * or expired; and every {@code 10} seconds, what each patch with calls showed on its two paths. They cost nothing unless a recording enables them; the audit log stays the record.
 */
public final class ScalpelEvents {

  private ScalpelEvents() {}

  /** A manifest was applied. */
  @Name("dev.scalpel.ManifestApplied")
  @Label("Scalpel Manifest Applied")
  @Category("Scalpel")
  @StackTrace(false)
  static final class ManifestApplied extends Event {
    @Label("Manifest")
    String path;
    @Label("Manifest SHA-256")
    String sha256;
    @Label("New or Changed Patches")
    int applied;
    @Label("Removed Patches")
    int removed;
  }

  /** A manifest was rejected; nothing of it applied. */
  @Name("dev.scalpel.ManifestRejected")
  @Label("Scalpel Manifest Rejected")
  @Category("Scalpel")
  @StackTrace(false)
  static final class ManifestRejected extends Event {
    @Label("Manifest")
    String path;
    @Label("Problems")
    @Description("One problem per line")
    String problems;
  }

  /** A patch was taken out: rolled back or expired. */
  @Name("dev.scalpel.PatchRolledBack")
  @Label("Scalpel Patch Rolled Back")
  @Category("Scalpel")
  @StackTrace(false)
  static final class PatchRolledBack extends Event {
    @Label("Patch")
    String patchId;
    @Label("Target")
    String target;
    @Label("Why")
    String why;
  }

  @Name("dev.scalpel.PatchTripped")
  @Label("Scalpel Patch Tripped")
  @Category("Scalpel")
  @StackTrace(false)
  static final class PatchTripped extends Event {
    @Label("Patch")
    String patchId;
    @Label("Target")
    String target;
    @Label("Rule")
    @Description("The autoRollback rule that tripped, with the figures that broke it")
    String rule;
  }

  @Name("dev.scalpel.PatchProgressed")
  @Label("Scalpel Patch Progressed")
  @Category("Scalpel")
  @StackTrace(false)
  static final class PatchProgressed extends Event {
    @Label("Patch")
    String patchId;
    @Label("From")
    String from;
    @Label("To")
    String to;
  }

  /** A patch in shadow mode answered differently from the original: a sample kept in its status. */
  @Name("dev.scalpel.ShadowMismatch")
  @Label("Scalpel Shadow Mismatch")
  @Category("Scalpel")
  @StackTrace(false)
  static final class ShadowMismatch extends Event {
    @Label("Patch")
    String patchId;
    @Label("Sample")
    @Description("args=... original=... fix=..., as status shows it")
    String sample;
  }

  /** Records a shadow mismatch that its patch kept as a sample. */
  public static void shadowMismatch(String patchId, String sample) {
    if (!recording()) {
      return;
    }
    try {
      ShadowMismatch e = new ShadowMismatch();
      if (e.isEnabled()) {
        e.patchId = patchId;
        e.sample = sample;
        e.commit();
      }
    } catch (LinkageError noJfr) {
      // A runtime image without jdk.jfr: status still shows the sample.
    }
  }

  /** What one patch's two paths showed over the last few seconds: emitted periodically while it has calls. */
  @Name("dev.scalpel.PatchEvidence")
  @Label("Scalpel Patch Evidence")
  @Category("Scalpel")
  @Description("Calls, exceptions and sampled latencies of a patch's action and original paths over a span of seconds")
  @StackTrace(false)
  static final class PatchEvidence extends Event {
    @Label("Patch")
    String patchId;
    @Label("Span")
    @Timespan(Timespan.SECONDS)
    long span;
    @Label("Calls Fixed")
    long callsFixed;
    @Label("Calls Original")
    long callsOriginal;
    @Label("Errors Fixed")
    long errorsFixed;
    @Label("Errors Original")
    @Description("Exceptions out of the original code on the calls that ran it")
    long errorsOriginal;
    @Label("Fixed p50")
    @Timespan(Timespan.NANOSECONDS)
    long fixedP50;
    @Label("Fixed p99")
    @Timespan(Timespan.NANOSECONDS)
    long fixedP99;
    @Label("Fixed Max")
    @Timespan(Timespan.NANOSECONDS)
    long fixedMax;
    @Label("Fixed Samples")
    long fixedSamples;
    @Label("Original p50")
    @Timespan(Timespan.NANOSECONDS)
    long originalP50;
    @Label("Original p99")
    @Timespan(Timespan.NANOSECONDS)
    long originalP99;
    @Label("Original Max")
    @Timespan(Timespan.NANOSECONDS)
    long originalMax;
    @Label("Original Samples")
    long originalSamples;
  }

  /** Records what a patch's paths showed over the last {@code spanSeconds} seconds. */
  public static void evidence(String patchId, int spanSeconds, Evidence.Interval interval) {
    if (!recording()) {
      return;
    }
    try {
      PatchEvidence e = new PatchEvidence();
      if (e.isEnabled()) {
        e.patchId = patchId;
        e.span = spanSeconds;
        e.callsFixed = interval.fixed().calls();
        e.callsOriginal = interval.original().calls();
        e.errorsFixed = interval.fixed().errors();
        e.errorsOriginal = interval.original().errors();
        Evidence.Latency fixed = interval.fixed().latency();
        e.fixedP50 = fixed.percentile(50);
        e.fixedP99 = fixed.percentile(99);
        e.fixedMax = fixed.max();
        e.fixedSamples = fixed.samples();
        Evidence.Latency original = interval.original().latency();
        e.originalP50 = original.percentile(50);
        e.originalP99 = original.percentile(99);
        e.originalMax = original.max();
        e.originalSamples = original.samples();
        e.commit();
      }
    } catch (LinkageError noJfr) {
      // A runtime image without jdk.jfr: status and the Patch MXBean show the same figures.
    }
  }

  // Before JFR is initialized no recording can want the events: don't load and register their
  // classes at agent startup, where they would only add to the JVM's start time.
  private static boolean recording() {
    try {
      return FlightRecorder.isInitialized();
    } catch (LinkageError noJfr) {
      return false;
    }
  }

  /** Records that a manifest was applied. */
  public static void applied(String path, String sha256, int applied, int removed) {
    if (!recording()) {
      return;
    }
    try {
      ManifestApplied e = new ManifestApplied();
      if (e.isEnabled()) {
        e.path = path;
        e.sha256 = sha256;
        e.applied = applied;
        e.removed = removed;
        e.commit();
      }
    } catch (LinkageError noJfr) {
      // A runtime image without jdk.jfr: the audit log and the agent's log still say it.
    }
  }

  /** Records that a manifest was rejected. */
  public static void rejected(String path, String problems) {
    if (!recording()) {
      return;
    }
    try {
      ManifestRejected e = new ManifestRejected();
      if (e.isEnabled()) {
        e.path = path;
        e.problems = problems;
        e.commit();
      }
    } catch (LinkageError noJfr) {
      // A runtime image without jdk.jfr: the audit log and the agent's log still say it.
    }
  }

  /** Records that a patch was rolled back or expired. */
  public static void rolledBack(String patchId, String target, String why) {
    if (!recording()) {
      return;
    }
    try {
      PatchRolledBack e = new PatchRolledBack();
      if (e.isEnabled()) {
        e.patchId = patchId;
        e.target = target;
        e.why = why;
        e.commit();
      }
    } catch (LinkageError noJfr) {
      // A runtime image without jdk.jfr: the audit log and the agent's log still say it.
    }
  }

  /** Records that a patch's autoRollback rule took it out. */
  public static void tripped(String patchId, String target, String rule) {
    if (!recording()) {
      return;
    }
    try {
      PatchTripped e = new PatchTripped();
      if (e.isEnabled()) {
        e.patchId = patchId;
        e.target = target;
        e.rule = rule;
        e.commit();
      }
    } catch (LinkageError noJfr) {
      // A runtime image without jdk.jfr: the audit log and the agent's log still say it.
    }
  }

  /** Records that a patch's rollout stepped up. */
  public static void progressed(String patchId, String from, String to) {
    if (!recording()) {
      return;
    }
    try {
      PatchProgressed e = new PatchProgressed();
      if (e.isEnabled()) {
        e.patchId = patchId;
        e.from = from;
        e.to = to;
        e.commit();
      }
    } catch (LinkageError noJfr) {
      // A runtime image without jdk.jfr: the audit log and the agent's log still say it.
    }
  }
}
