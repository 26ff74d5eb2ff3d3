package dev.scalpel.bench.scale;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The agent's memory footprint and where its startup time goes, which JMH does not measure:
 * {@link StartupProbe} JVMs with and without Scalpel, each patching (or only loading) 10 and then
 * 1,000 targets, report their uptime when {@code main} began and when every patch was active, heap
 * used after a full GC, metaspace and compressed class space used, and the loaded class count.
 * Every figure is kept per run, for the report to take medians.
 *
 * <p>{@code java -cp jmh-benchmarks/target/benchmarks.jar dev.scalpel.bench.scale.Footprint OUT.json [RUNS [PATCHES...]]}
 * (defaults: 5 runs, 10 and 1,000 patches)
 */
public final class Footprint {

  private static final String[] KEYS = {"mainAtMs", "activeAtMs", "heapUsed", "metaspaceUsed", "classSpaceUsed",
      "loadedClasses"};

  private Footprint() {}

  /** Writes {@code {"runs": R, "cases": [{"patches", "agent", "heapUsed": [..], ...}]}} to {@code OUT.json}. */
  public static void main(String[] args) throws IOException {
    if (args.length < 1) {
      throw new IllegalArgumentException("usage: Footprint OUT.json [RUNS [PATCHES...]]");
    }
    int runs = args.length > 1 ? Integer.parseInt(args[1]) : 5;
    List<Integer> patchCounts = new ArrayList<>();
    for (int i = 2; i < args.length; i++) {
      patchCounts.add(Integer.parseInt(args[i]));
    }
    if (patchCounts.isEmpty()) {
      patchCounts = List.of(10, ScaleTargets.COUNT);
    }
    List<String> cases = new ArrayList<>();
    for (int patches : patchCounts) {
      for (boolean agent : new boolean[] {false, true}) {
        Map<String, List<Long>> values = new LinkedHashMap<>();
        for (int run = 0; run < runs; run++) {
          Map<String, Long> measured = parse(Probes.run(patches, agent, true));
          for (String key : KEYS) {
            values.computeIfAbsent(key, k -> new ArrayList<>()).add(measured.get(key));
          }
        }
        StringBuilder json = new StringBuilder("{\"patches\": " + patches + ", \"agent\": " + agent);
        values.forEach((key, list) -> json.append(", \"").append(key).append("\": ").append(list));
        cases.add(json.append('}').toString());
      }
    }
    String json = "{\"runs\": " + runs + ", \"cases\": [\n  " + String.join(",\n  ", cases) + "\n]}\n";
    Path out = Path.of(args[0]);
    if (out.getParent() != null) {
      Files.createDirectories(out.getParent());
    }
    Files.writeString(out, json, StandardCharsets.UTF_8);
  }

  private static Map<String, Long> parse(String output) {
    Map<String, Long> values = new LinkedHashMap<>();
    for (String line : output.split("\n")) {
      int eq = line.indexOf('=');
      if (eq > 0 && !line.startsWith("scalpel:")) {
        values.put(line.substring(0, eq), Long.parseLong(line.substring(eq + 1).trim()));
      }
    }
    for (String key : KEYS) {
      if (!values.containsKey(key)) {
        throw new IllegalStateException("the probe did not report " + key + "; its output was:\n" + output);
      }
    }
    return values;
  }
}
