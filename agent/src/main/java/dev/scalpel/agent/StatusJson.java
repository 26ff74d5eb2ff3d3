package dev.scalpel.agent;

import dev.scalpel.audit.Json;
import dev.scalpel.engine.PatchStatus;
import java.nio.file.Path;
import java.util.List;

/**
 * {@code status --json}: {@code {"agent": VERSION, "manifest": {"path": P, "sha256": H}, "patches":
 * [{"id", "state", "target", "calls": {"fixed", "original"}, "errors": {"fixed", "original", "guard"},
 * "failure", "latency": {"fixed": {"p50", "p99", "max", "samples"}, "original": {...}, "window": "60s"},
 * "shadow": {"matches", "mismatches", "samples"} (shadow mode only), "autoRollback": {"windowCalls",
 * "minCalls", "tripped"} (with autoRollback only; {@code tripped} names the rule and figures that took the patch
 * out, or is null), "progress": {"step", "next", "at"} (with progress only; {@code next} and {@code at}, RFC 3339,
 * are null when no step is due)}]}}. Counts are null when the agent
 * runs with {@code counters=false}. {@code errors.original} counts the original code's exceptions on
 * every call that ran it (the guard sent it there; in shadow mode, every call). {@code latency}
 * (nanoseconds, over the evidence window, not drained by reading; in shadow mode both paths timed
 * on the calls the fix ran on) is absent without counters.
 */
final class StatusJson {

  private StatusJson() {}

  static String render(Path manifest, String sha256, List<PatchStatus> patches) {
    StringBuilder out = new StringBuilder("{\"agent\":").append(Json.quote(AgentVersion.get()))
        .append(",\"manifest\":{\"path\":").append(text(manifest == null ? null : manifest.toString()))
        .append(",\"sha256\":").append(text(sha256)).append("},\"patches\":[");
    String sep = "";
    for (PatchStatus p : patches) {
      out.append(sep).append("{\"id\":").append(Json.quote(p.id()))
          .append(",\"state\":").append(Json.quote(p.state()))
          .append(",\"target\":").append(Json.quote(p.target()))
          .append(",\"calls\":{\"fixed\":").append(p.callsFixed()).append(",\"original\":").append(p.callsOriginal())
          .append("},\"errors\":{\"fixed\":").append(p.errorsFixed()).append(",\"original\":")
          .append(p.errorsOriginal()).append(",\"guard\":")
          .append(p.errorsGuard()).append('}')
          .append(",\"failure\":").append(text(p.failure()));
      if (p.latency() != null) {
        out.append(",\"latency\":{\"fixed\":");
        latency(out, p.latency().fixed());
        out.append(",\"original\":");
        latency(out, p.latency().original());
        out.append(",\"window\":\"").append(p.latency().windowSeconds()).append("s\"}");
      }
      if (p.shadow() != null) {
        out.append(",\"shadow\":{\"matches\":").append(p.shadow().matches())
            .append(",\"mismatches\":").append(p.shadow().mismatches()).append(",\"samples\":[")
            .append(String.join(",", p.shadow().samples().stream().map(Json::quote).toList())).append("]}");
      }
      if (p.safety() != null) {
        out.append(",\"autoRollback\":{\"windowCalls\":").append(p.safety().windowCalls())
            .append(",\"minCalls\":").append(p.safety().minCalls()).append(",\"tripped\":")
            .append(text(p.safety().tripped())).append('}');
        PatchStatus.Progress progress = p.safety().progress();
        if (progress != null) {
          out.append(",\"progress\":{\"step\":").append(Json.quote(progress.step())).append(",\"next\":")
              .append(text(progress.next())).append(",\"at\":")
              .append(text(progress.at() == null ? null : progress.at().truncatedTo(java.time.temporal.ChronoUnit.SECONDS)
                  .toString())).append('}');
        }
      }
      if (!p.outsideOtherAgents().isEmpty()) {
        out.append(",\"outsideOtherAgents\":[")
            .append(String.join(",", p.outsideOtherAgents().stream().map(Json::quote).toList())).append(']');
      }
      out.append('}');
      sep = ",";
    }
    return out.append("]}").toString();
  }

  private static void latency(StringBuilder out, PatchStatus.PathLatency l) {
    out.append("{\"p50\":").append(l.p50()).append(",\"p99\":").append(l.p99()).append(",\"max\":").append(l.max())
        .append(",\"samples\":").append(l.samples()).append('}');
  }

  /** A latency in nanoseconds as people read it: {@code 850ns}, {@code 12.3us}, {@code 4.56ms}, {@code 1.20s}. */
  static String duration(long nanos) {
    if (nanos < 1_000) {
      return nanos + "ns";
    }
    if (nanos < 1_000_000) {
      return String.format(java.util.Locale.ROOT, "%.1fus", nanos / 1e3);
    }
    if (nanos < 1_000_000_000) {
      return String.format(java.util.Locale.ROOT, "%.2fms", nanos / 1e6);
    }
    return String.format(java.util.Locale.ROOT, "%.2fs", nanos / 1e9);
  }

  private static String text(String s) {
    return s == null ? "null" : Json.quote(s);
  }
}
