package dev.scalpel.agent;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The agent's options: comma-separated {@code key=value} after the agent jar's path.
 *
 * <p>Users write {@code manifest}, {@code audit}, {@code auditKey}, {@code watch}, {@code log}, {@code trust} and {@code policy}. The command line
 * adds {@code reply} (the file it reads the answer from), and for a query or an operation instead
 * of a manifest {@code status=text|json} or {@code rollback=ID+ID...} ({@code rollback=*} for all).
 *
 * @param manifest the manifest file, required at startup
 * @param audit    the audit log file
 * @param watch    whether to reload the manifest when its file changes
 * @param log      the log threshold
 * @param counters whether patches count their calls (default true)
 * @param reply    where to write the answer for the command line, if it asked
 * @param status   {@code text} or {@code json} if the command line asks for the status
 * @param rollback the ids to roll back ({@code *} alone for every patch), if the command line asks
 * @param auditKey the file holding the key of the audit log's HMAC-SHA256 chain, if the chain is keyed
 * @param trust    the file of public keys every manifest's signature must verify with, if manifests must be signed
 * @param policy   the policy file whose rules every manifest must meet, if there is one
 * @param given    the keys the option string named, in its order: what a later attach asked for,
 *                 as opposed to a default
 */
public record AgentOptions(Optional<Path> manifest, Path audit, boolean watch, AgentLog.Level log,
    boolean counters, Optional<Path> reply, Optional<String> status, Optional<List<String>> rollback,
    Optional<Path> auditKey, Optional<Path> trust, Optional<Path> policy, Set<String> given) {

  private static final Set<String> KEYS = Set.of("manifest", "audit", "watch", "log", "counters", "reply", "status",
      "rollback", "auditKey", "trust", "policy");

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
          throw new IllegalArgumentException("unknown agent option '" + key + "'; the options are manifest, audit, auditKey, watch, log, counters, trust and policy");
        }
        if (values.put(key, entry.substring(eq + 1).trim()) != null) {
          throw new IllegalArgumentException("agent option '" + key + "' is given twice");
        }
      }
    }
    if (values.containsKey("trust") && values.get("trust").isEmpty()) {
      throw new IllegalArgumentException("agent option trust= names no file; write trust=/etc/scalpel/trusted.pub,"
          + " a file of PEM public keys");
    }
    if (values.containsKey("policy") && values.get("policy").isEmpty()) {
      throw new IllegalArgumentException("agent option policy= names no file; write policy=/etc/scalpel/policy.yaml,"
          + " a policy file (see the README's Policy section)");
    }
    boolean watch = bool(values, "watch");
    boolean counters = bool(values, "counters");
    String status = values.get("status");
    if (status != null && !status.equals("text") && !status.equals("json")) {
      throw new IllegalArgumentException("status=" + status + " is not a format; write status=text or status=json");
    }
    return new AgentOptions(
        path(values, "manifest"),
        Path.of(values.getOrDefault("audit", "scalpel-audit.jsonl")),
        watch,
        AgentLog.Level.parse(values.getOrDefault("log", "info")),
        counters,
        path(values, "reply"),
        Optional.ofNullable(status),
        ids(values.get("rollback")),
        path(values, "auditKey"),
        path(values, "trust"),
        path(values, "policy"),
        Collections.unmodifiableSet(new LinkedHashSet<>(values.keySet())));
  }

  // Plain code rather than Optional.map and streams: this runs before the application's main, where
  // each lambda costs a generated class.
  private static Optional<Path> path(Map<String, String> values, String key) {
    String value = values.get(key);
    return value == null ? Optional.empty() : Optional.of(Path.of(value));
  }

  // The ids of rollback=ID+ID..., empty ones left out.
  private static Optional<List<String>> ids(String value) {
    if (value == null) {
      return Optional.empty();
    }
    List<String> ids = new ArrayList<>();
    int start = 0;
    for (int plus = value.indexOf('+'); start <= value.length(); plus = value.indexOf('+', start)) {
      int end = plus < 0 ? value.length() : plus;
      if (end > start) {
        ids.add(value.substring(start, end));
      }
      start = end + 1;
    }
    return Optional.of(List.copyOf(ids));
  }

  private static boolean bool(Map<String, String> values, String key) {
    String value = values.getOrDefault(key, "true");
    if (!value.equals("true") && !value.equals("false")) {
      throw new IllegalArgumentException(key + "=" + value + " is not a boolean; write " + key + "=true or " + key + "=false");
    }
    return Boolean.parseBoolean(value);
  }
}
