package dev.scalpel.dsl;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The rules every manifest must meet before anything of it applies ({@code policy=PATH}), as
 * {@link PolicyParser} reads them. Every rule is optional; a policy with none permits every valid
 * manifest.
 *
 * <ul>
 *   <li>{@code require}: governance keys every patch must carry (ticket, author, reason,
 *       approvedBy, expires).
 *   <li>{@code maxExpiry}: every patch has {@code expires}, at most this long after the apply.
 *   <li>{@code fourEyes}: every patch has an author and an approvedBy that differ, compared
 *       ignoring case and the spaces around them ({@code Alice@Example.com} is
 *       {@code alice@example.com}).
 *   <li>{@code actions}: the actions patches may use.
 *   <li>{@code targets}: globs on the target's binary class name, where {@code *} matches any run of
 *       characters, dots included, and every other character itself; a target
 *       matching a {@code deny} glob is refused even if it matches an {@code allow} glob, and with
 *       {@code allow} given a target must match one of its globs.
 * </ul>
 *
 * @param file      the policy file's name, as messages show it
 * @param require   the governance keys every patch must carry, as the manifest spells them
 * @param maxExpiry the longest a patch may stay in force after the apply, if limited
 * @param fourEyes  whether approvedBy must name someone other than the author
 * @param actions   the actions allowed ({@code fix}, {@code returns}, {@code throws}, {@code skip}), if limited
 * @param allow     the target globs of which a target must match one, if limited
 * @param deny      the target globs no target may match
 */
public record Policy(String file, Set<String> require, Optional<Duration> maxExpiry, boolean fourEyes,
    Optional<Set<String>> actions, Optional<List<String>> allow, List<String> deny) {

  /** The governance keys that {@code require} may name, in the order messages list them. */
  public static final List<String> REQUIRABLE = List.of("ticket", "author", "reason", "approvedBy", "expires");

  /** The action names that {@code actions} may list, in the order messages list them. */
  public static final List<String> ACTIONS = List.of("fix", "returns", "throws", "skip");

  /**
   * A policy; its values are checked by the parser, not here.
   *
   * @throws NullPointerException if an argument is null
   * @throws IllegalArgumentException if a glob of {@code allow} or {@code deny} is not one {@link PolicyParser} reads
   */
  public Policy {
    Objects.requireNonNull(file, "file");
    require = Set.copyOf(require);
    Objects.requireNonNull(maxExpiry, "maxExpiry");
    actions = actions.map(Set::copyOf);
    allow = allow.map(List::copyOf);
    deny = List.copyOf(deny);
    allow.orElse(List.of()).forEach(Policy::glob);
    deny.forEach(Policy::glob);
  }

  static TargetGlob glob(String text) {
    try {
      return TargetGlob.parse(text);
    } catch (Invalid e) {
      throw new IllegalArgumentException(e.getMessage());
    }
  }

  /**
   * What {@code manifest} does against this policy when applied at {@code now}: every violation,
   * located at the patch's key at fault (or at the patch, for a key it lacks), ordered by
   * position; empty if it meets every rule. Nothing of a manifest with a violation may apply.
   *
   * @param manifest     the manifest to check
   * @param manifestFile the manifest's file name, for a manifest that holds no locations (built in code)
   * @param now          the instant of the apply, from which {@code maxExpiry} counts
   * @throws NullPointerException if an argument is null
   */
  public List<Problem> check(Manifest manifest, String manifestFile, Instant now) {
    return PolicyCheck.check(this, manifest, manifestFile, now);
  }

  /** {@code maxExpiry} as the policy writes it: {@code 14d}, {@code 36h} or {@code 90m}. */
  static String spell(Duration duration) {
    long minutes = duration.toMinutes();
    return minutes % (24 * 60) == 0 ? minutes / (24 * 60) + "d" : minutes % 60 == 0 ? minutes / 60 + "h" : minutes + "m";
  }
}
