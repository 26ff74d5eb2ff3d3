package dev.scalpel.agent;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The agent's options: comma-separated {@code key=value} after the agent jar's path.
 *
 * @param manifest the manifest file, required at startup
 * @param audit    the audit log file
 * @param watch    whether to reload the manifest when its file changes
 * @param log      the log threshold
 */
public record AgentOptions(Optional<Path> manifest, Path audit, boolean watch, AgentLog.Level log) {

  private static final Set<String> KEYS = Set.of("manifest", "audit", "watch", "log");

  /**
   * Parses an option string ({@code null} or empty gives the defaults).
   *
   * @throws IllegalArgumentException naming the offending entry and what to write instead
   */
  public static AgentOptions parse(String text) {
    Map<String, String> values = new LinkedHashMap<>();
    if (text != null && !text.isBlank()) {
      for (String entry : text.split(",")) {
        int eq = entry.indexOf('=');
        if (eq <= 0) {
          throw new IllegalArgumentException("agent option '" + entry + "' is not key=value; write for example manifest=/etc/scalpel/hotfix.yaml");
        }
        String key = entry.substring(0, eq).trim();
        if (!KEYS.contains(key)) {
          throw new IllegalArgumentException("unknown agent option '" + key + "'; the options are manifest, audit, watch and log");
        }
        if (values.put(key, entry.substring(eq + 1).trim()) != null) {
          throw new IllegalArgumentException("agent option '" + key + "' is given twice");
        }
      }
    }
    String watch = values.getOrDefault("watch", "true");
    if (!watch.equals("true") && !watch.equals("false")) {
      throw new IllegalArgumentException("watch=" + watch + " is not a boolean; write watch=true or watch=false");
    }
    return new AgentOptions(
        Optional.ofNullable(values.get("manifest")).map(Path::of),
        Path.of(values.getOrDefault("audit", "scalpel-audit.jsonl")),
        Boolean.parseBoolean(watch),
        AgentLog.Level.parse(values.getOrDefault("log", "info")));
  }
}
