package dev.scalpel.e2e;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What {@code scalpel status PID --json} prints (CONTRACT.md section 3): {@code {"agent": V,
 * "manifest": {"path": P, "sha256": H}, "patches": [{"id", "state", "target", "calls": {"fixed",
 * "original"}, "errors": {"fixed", "original"}, ...}]}}. Fields the contract lists are required;
 * fields it may add later are ignored.
 *
 * @param agent          the agent's version
 * @param manifestPath   the running manifest's path, or null if none applied
 * @param manifestSha256 its SHA-256, or null
 * @param patches        every patch of the running manifest, in manifest order
 * @param json           the text as printed, for failure messages
 */
record AgentStatus(String agent, String manifestPath, String manifestSha256, List<PatchStatus> patches, String json) {

  /**
   * One patch.
   *
   * @param id            its id
   * @param state         {@code active}, {@code pending}, {@code shadow}, {@code disabled},
   *                      {@code expired}, {@code rolled-back} or {@code failed}
   * @param target        its target, as the manifest names it
   * @param callsFixed    calls that took the action, or null if the agent does not count
   * @param callsOriginal calls that ran the original code, or null
   */
  record PatchStatus(String id, String state, String target, Long callsFixed, Long callsOriginal) {}

  AgentStatus {
    patches = List.copyOf(patches);
  }

  /**
   * Reads {@code status --json}'s output.
   *
   * @throws IllegalArgumentException if it is not JSON, or a field of the contract is missing or
   *     of the wrong type
   */
  static AgentStatus parse(String json) {
    Map<String, Object> root = Json.readObject(json);
    Map<String, Object> manifest = object(root, "manifest");
    List<PatchStatus> patches = new ArrayList<>();
    for (Object item : list(root, "patches")) {
      if (!(item instanceof Map)) {
        throw new IllegalArgumentException("a patch is not an object: " + item);
      }
      @SuppressWarnings("unchecked")
      Map<String, Object> patch = (Map<String, Object>) item;
      Map<String, Object> calls = object(patch, "calls");
      object(patch, "errors");
      patches.add(new PatchStatus(text(patch, "id"), text(patch, "state"), text(patch, "target"),
          count(calls, "fixed"), count(calls, "original")));
    }
    return new AgentStatus(text(root, "agent"), text(manifest, "path"), text(manifest, "sha256"), patches, json);
  }

  /** The patch with {@code id}. */
  PatchStatus patch(String id) {
    return patches.stream().filter(p -> p.id().equals(id)).findFirst()
        .orElseThrow(() -> new AssertionError("no patch '" + id + "' in the status: " + json));
  }

  /** Each patch as {@code "ID STATE"}, in order: what most assertions compare. */
  List<String> states() {
    return patches.stream().map(p -> p.id() + " " + p.state()).toList();
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> object(Map<String, Object> in, String key) {
    return (Map<String, Object>) field(in, key, Map.class, false);
  }

  private static List<?> list(Map<String, Object> in, String key) {
    return (List<?>) field(in, key, List.class, false);
  }

  private static String text(Map<String, Object> in, String key) {
    return (String) field(in, key, String.class, true);
  }

  private static Long count(Map<String, Object> in, String key) {
    return (Long) field(in, key, Long.class, true);
  }

  private static Object field(Map<String, Object> in, String key, Class<?> type, boolean nullable) {
    if (!in.containsKey(key)) {
      throw new IllegalArgumentException("no field '" + key + "' in " + in);
    }
    Object value = in.get(key);
    if (value == null ? !nullable : !type.isInstance(value)) {
      throw new IllegalArgumentException("field '" + key + "' is " + value + ", not a " + type.getSimpleName());
    }
    return value;
  }
}
