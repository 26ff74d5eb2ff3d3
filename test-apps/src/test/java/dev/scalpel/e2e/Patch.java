package dev.scalpel.e2e;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One entry of a manifest's {@code patches:} list, built field by field and written as YAML by
 * {@link ManifestFile}. It checks nothing: tests write invalid patches on purpose.
 */
final class Patch {

  private final Map<String, String> fields = new LinkedHashMap<>();

  private Patch(String id, String target) {
    fields.put("id", quoted(id));
    fields.put("target", quoted(target));
  }

  /** A patch with {@code id} on {@code target} ({@code binary.Class#method(types)}), without an action yet. */
  static Patch patch(String id, String target) {
    return new Patch(id, target);
  }

  /** A {@code fix} action: {@code method} ({@code Class#method}) in {@code jar}, with the jar's real SHA-256. */
  Patch fix(FixJar jar, String method) {
    return fix(method, jar.path().toString(), jar.sha256());
  }

  /** A {@code fix} action with the jar and hash exactly as given, for a relative jar or a wrong hash. */
  Patch fix(String method, String jar, String sha256) {
    fields.put("fix", quoted(method));
    fields.put("jar", quoted(jar));
    fields.put("sha256", quoted(sha256));
    return this;
  }

  /** A {@code fix} action naming a jar at {@code jar}, hashed as it is now. */
  Patch fix(String method, Path jar) {
    return fix(method, jar.toString(), FixJar.sha256(jar));
  }

  /** A {@code when} guard, {@code Class#method} in the fix's jar. */
  Patch when(String method) {
    fields.put("when", quoted(method));
    return this;
  }

  /**
   * A {@code returns} action with {@code yamlScalar} written as is, so that {@code 42},
   * {@code true}, {@code null} and {@code "42"} keep their different YAML types.
   */
  Patch returns(String yamlScalar) {
    fields.put("returns", yamlScalar);
    return this;
  }

  /** A {@code throws} action without a message. */
  Patch throwing(String exceptionClass) {
    fields.put("throws", quoted(exceptionClass));
    return this;
  }

  /** A {@code throws} action with a message. */
  Patch throwing(String exceptionClass, String message) {
    throwing(exceptionClass);
    fields.put("message", quoted(message));
    return this;
  }

  /** A {@code skip: true} action. */
  Patch skip() {
    fields.put("skip", "true");
    return this;
  }

  /** The {@code mode}: {@code active}, {@code shadow} or {@code disabled}. */
  Patch mode(String mode) {
    fields.put("mode", quoted(mode));
    return this;
  }

  /** The {@code rollout}, e.g. {@code 50%}. */
  Patch rollout(String percent) {
    fields.put("rollout", quoted(percent));
    return this;
  }

  /** An {@code autoRollback:} map of {@code rules}, each written as is, e.g. {@code "maxErrorRate: 2%"}. */
  Patch autoRollback(String... rules) {
    fields.put("autoRollback", nested(rules));
    return this;
  }

  /** A {@code progress:} map: {@code steps} as a YAML list, e.g. {@code [5%, 25%, 100%]}, and {@code every}. */
  Patch progress(String steps, String every) {
    fields.put("progress", nested("steps: " + steps, "every: " + every));
    return this;
  }

  private static String nested(String... entries) {
    StringBuilder yaml = new StringBuilder();
    for (String entry : entries) {
      yaml.append("\n      ").append(entry);
    }
    return yaml.toString();
  }

  /** The governance {@code ticket}. */
  Patch ticket(String ticket) {
    fields.put("ticket", quoted(ticket));
    return this;
  }

  /** The governance {@code author}. */
  Patch author(String author) {
    fields.put("author", quoted(author));
    return this;
  }

  /** The governance {@code reason}. */
  Patch reason(String reason) {
    fields.put("reason", quoted(reason));
    return this;
  }

  /** The governance {@code approvedBy}. */
  Patch approvedBy(String approver) {
    fields.put("approvedBy", quoted(approver));
    return this;
  }

  /** The {@code expires} instant, RFC 3339. */
  Patch expires(String instant) {
    fields.put("expires", quoted(instant));
    return this;
  }

  /** This patch as a YAML list item, indented under {@code patches:}. */
  String yaml() {
    StringBuilder yaml = new StringBuilder();
    String prefix = "  - ";
    for (Map.Entry<String, String> field : fields.entrySet()) {
      yaml.append(prefix).append(field.getKey()).append(": ").append(field.getValue()).append('\n');
      prefix = "    ";
    }
    return yaml.toString();
  }

  /**
   * A double-quoted YAML scalar: always a string, whatever it looks like (a hash of digits only
   * would otherwise be read as a number), with backslashes and quotes escaped.
   */
  static String quoted(String value) {
    return '"' + value.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
  }
}
