package dev.scalpel.dsl;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What changes between the running manifest and the next one, patch by patch, matched by id.
 * Order takes no part: a reordered manifest is all {@link #unchanged}.
 *
 * @param added     patches of the next manifest whose id the running one lacks, in the next one's order
 * @param removed   patches of the running manifest whose id the next one lacks, in the running one's order
 * @param changed   patches whose id both have but that differ in anything, in the next one's order
 * @param unchanged patches equal in both, in the next one's order
 */
public record ManifestDiff(List<Patch> added, List<Patch> removed, List<Change> changed, List<Patch> unchanged) {

  /**
   * A patch that keeps its id but changes.
   *
   * @param before the running patch
   * @param after  the next one
   */
  public record Change(Patch before, Patch after) {

    /**
     * A change.
     *
     * @throws NullPointerException if either patch is null
     * @throws IllegalArgumentException if the two patches have different ids
     */
    public Change {
      Objects.requireNonNull(before, "before");
      Objects.requireNonNull(after, "after");
      if (!before.id().equals(after.id())) {
        throw new IllegalArgumentException(
            "a change keeps the patch's id; was " + before.id() + ", then " + after.id());
      }
    }
  }

  /**
   * A diff of these lists, each copied.
   *
   * @throws NullPointerException if a list is null or holds a null
   */
  public ManifestDiff {
    added = List.copyOf(added);
    removed = List.copyOf(removed);
    changed = List.copyOf(changed);
    unchanged = List.copyOf(unchanged);
  }

  /** What applying {@code next} in place of {@code running} changes. */
  public static ManifestDiff between(Manifest running, Manifest next) {
    Map<String, Patch> before = byId(running);
    Map<String, Patch> after = byId(next);
    List<Patch> added = new ArrayList<>();
    List<Change> changed = new ArrayList<>();
    List<Patch> unchanged = new ArrayList<>();
    for (Patch patch : after.values()) {
      Patch old = before.get(patch.id());
      if (old == null) {
        added.add(patch);
      } else if (old.equals(patch)) {
        unchanged.add(patch);
      } else {
        changed.add(new Change(old, patch));
      }
    }
    List<Patch> removed = before.values().stream().filter(patch -> !after.containsKey(patch.id())).toList();
    return new ManifestDiff(added, removed, changed, unchanged);
  }

  /** The patches by id in manifest order; as {@link Manifest#patch} does, the first of an id wins. */
  private static Map<String, Patch> byId(Manifest manifest) {
    Map<String, Patch> byId = new LinkedHashMap<>();
    manifest.patches().forEach(patch -> byId.putIfAbsent(patch.id(), patch));
    return byId;
  }

  /** Whether nothing is added, removed or changed: applying the next manifest would do nothing. */
  public boolean isEmpty() {
    return added.isEmpty() && removed.isEmpty() && changed.isEmpty();
  }
}
