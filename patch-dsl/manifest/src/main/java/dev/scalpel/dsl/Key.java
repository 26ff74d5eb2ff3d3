package dev.scalpel.dsl;

import java.util.EnumSet;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** The keys a manifest may use, in canonical order, each with what a user should write. */
enum Key {
  SCALPEL("scalpel", "scalpel: 1"),
  PATCHES("patches", "patches: followed by a list of patches, or patches: [] for none"),
  ID("id", "id: PRICE-1432"),
  TARGET("target", "target: com.acme.Cart#total(int)"),
  FIX("fix", "fix: com.acme.hotfix.Fixes#total"),
  JAR("jar", "jar: fixes/price-1432.jar"),
  SHA256("sha256", "sha256: followed by the jar's SHA-256, 64 hex digits"),
  RETURNS("returns", "returns: followed by null, true, false, a number or a string"),
  THROWS("throws", "throws: java.lang.IllegalStateException"),
  MESSAGE("message", "message: followed by the exception's message"),
  SKIP("skip", "skip: true"),
  WHEN("when", "when: com.acme.hotfix.Fixes#appliesTo"),
  ROLLOUT("rollout", "rollout: 10%"),
  STICKY_BY("stickyBy", "stickyBy: arg0"),
  MODE("mode", "mode: active, shadow or disabled"),
  TICKET("ticket", "ticket: PRICE-1432"),
  AUTHOR("author", "author: alice@example.com"),
  REASON("reason", "reason: followed by why the patch exists"),
  APPROVED_BY("approvedBy", "approvedBy: bob@example.com"),
  EXPIRES("expires", "expires: 2026-12-31T00:00:00Z"),
  AUTO_ROLLBACK("autoRollback", "autoRollback: followed by rules indented under it, e.g. maxErrorRate: 2%"),
  MAX_ERROR_RATE("maxErrorRate", "maxErrorRate: 2%"),
  MAX_LATENCY("maxLatency", "maxLatency: 3x, or an absolute bound such as 50ms"),
  MIN_CALLS("minCalls", "minCalls: 100"),
  WINDOW("window", "window: 60s"),
  PROGRESS("progress", "progress: followed by steps: [5%, 25%, 100%] and every: 10m indented under it"),
  STEPS("steps", "steps: [5%, 25%, 100%]"),
  EVERY("every", "every: 10m");

  /** The keys of the top-level map. */
  static final Set<Key> TOP_LEVEL = EnumSet.of(SCALPEL, PATCHES);

  /** The keys of {@code autoRollback:}. */
  static final Set<Key> AUTO_ROLLBACK_RULES = EnumSet.of(MAX_ERROR_RATE, MAX_LATENCY, MIN_CALLS, WINDOW);

  /** The keys of {@code progress:}. */
  static final Set<Key> PROGRESS_KEYS = EnumSet.of(STEPS, EVERY);

  /** The keys of a patch. */
  static final Set<Key> PATCH = EnumSet.complementOf(EnumSet.of(SCALPEL, PATCHES, MAX_ERROR_RATE, MAX_LATENCY,
      MIN_CALLS, WINDOW, STEPS, EVERY));

  /** The keys that choose a patch's action. */
  static final Set<Key> ACTIONS = EnumSet.of(FIX, RETURNS, THROWS, SKIP);

  private static final Map<String, Key> BY_SPELLING = new HashMap<>();

  static {
    for (Key key : values()) {
      BY_SPELLING.put(key.spelling, key);
    }
  }

  private final String spelling;
  private final String example;

  Key(String spelling, String example) {
    this.spelling = spelling;
    this.example = example;
  }

  /** The key as a manifest writes it. */
  String spelling() {
    return spelling;
  }

  /** What to write for this key, as in "write target: com.acme.Cart#total(int)". */
  String example() {
    return example;
  }

  @Override
  public String toString() {
    return spelling;
  }

  /** The key spelled exactly so, if there is one. */
  static Optional<Key> of(String spelling) {
    return Optional.ofNullable(BY_SPELLING.get(spelling));
  }

  /**
   * The key of {@code candidates} closest to a misspelled one, ignoring case, if it is close
   * enough to be what the user meant: one edit away for keys of up to three letters, two otherwise.
   */
  static Optional<Key> nearest(String misspelled, Set<Key> candidates) {
    String typed = misspelled.toLowerCase(Locale.ROOT);
    Key best = null;
    int bestDistance = Integer.MAX_VALUE;
    for (Key key : candidates) {
      if (Math.abs(typed.length() - key.spelling.length()) > 2) {
        continue;
      }
      int distance = distance(typed, key.spelling.toLowerCase(Locale.ROOT));
      if (distance <= (key.spelling.length() <= 3 ? 1 : 2) && distance < bestDistance) {
        best = key;
        bestDistance = distance;
      }
    }
    return Optional.ofNullable(best);
  }

  /** Edit distance counting an insertion, deletion, substitution or swap of neighbours as one. */
  static int distance(String a, String b) {
    int[][] d = new int[a.length() + 1][b.length() + 1];
    for (int i = 0; i <= a.length(); i++) {
      for (int j = 0; j <= b.length(); j++) {
        if (i == 0 || j == 0) {
          d[i][j] = i + j;
          continue;
        }
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
        if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
          d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
        }
      }
    }
    return d[a.length()][b.length()];
  }
}
