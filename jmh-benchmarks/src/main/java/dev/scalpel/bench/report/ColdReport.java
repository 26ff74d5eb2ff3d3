package dev.scalpel.bench.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The cold-path section of the report, from {@code cold.json}: per case the median, min and max
 * wall time over the rounds, and the median of each round's ratio to that round's yardstick
 * (plain {@code java} for start-up, a plain hello world for commands).
 */
final class ColdReport {

  private ColdReport() {}

  /** The section's Markdown, or a line saying the section did not run. */
  @SuppressWarnings("unchecked")
  static String render(Map<String, Object> cold) {
    StringBuilder md = new StringBuilder("## Cold paths: start-up and commands, whole processes\n\n");
    if (cold == null) {
      return md.append("Not run.\n\n").toString();
    }
    List<Map<String, Object>> cases = (List<Map<String, Object>>) cold.get("cases");
    md.append("Each round runs every case once, in turn, each as a whole process timed from its launch to its exit; ")
        .append("medians [min, max] over ").append(Report.fmt((Double) cold.get("rounds"), 0))
        .append(" rounds, ms. Ratios are the median of each round's ratio to the first row of the table, in that round. ")
        .append("Start-up: a JVM that loads 10 scale targets, checks them and exits. Commands: against a small running "
            + "JVM, fresh for Scalpel and for Byteman; `jvms` lists every JVM of the user on the machine.\n\n");
    for (String group : new String[] {"startup", "commands"}) {
      md.append("| ").append(group.equals("startup") ? "start-up" : "command").append(" | median ms | [min, max] | ratio |\n");
      md.append("|---|---:|---:|---:|\n");
      List<Double> yardstick = null;
      for (Map<String, Object> c : cases) {
        if (!group.equals(c.get("group"))) {
          continue;
        }
        List<Double> ms = (List<Double>) c.get("millis");
        if (yardstick == null) {
          yardstick = ms;
        }
        md.append("| ").append(c.get("name")).append(" | ").append(Report.fmt(Stats.median(ms), 0)).append(" | [")
            .append(Report.fmt(Stats.min(ms), 0)).append(", ").append(Report.fmt(Stats.max(ms), 0)).append("] | ")
            .append(ms == yardstick ? "1" : Report.fmt(Stats.median(ratios(ms, yardstick)), 2) + "x").append(" |\n");
      }
      md.append('\n');
    }
    return md.toString();
  }

  private static List<Double> ratios(List<Double> ms, List<Double> yardstick) {
    List<Double> ratios = new ArrayList<>();
    for (int i = 0; i < Math.min(ms.size(), yardstick.size()); i++) {
      ratios.add(ms.get(i) / yardstick.get(i));
    }
    return ratios;
  }
}
