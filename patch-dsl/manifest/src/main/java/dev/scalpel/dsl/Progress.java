package dev.scalpel.dsl;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * A patch's {@code progress:}: its rollout steps up by itself while no {@link AutoRollback} rule
 * trips. The first step is the patch's {@code rollout} (written or taken from the first step); each
 * later step follows a healthy {@code every} on the one before. The last step need not be 100%:
 * the rollout stays there.
 *
 * @param steps two or more percentages, strictly ascending
 * @param every the time spent healthy on a step before the next, a whole number of seconds, at least 1 s
 */
public record Progress(List<Rollout> steps, Duration every) {

  /**
   * A progress; its values are checked by the parser, not here.
   *
   * @throws NullPointerException if an argument is null
   */
  public Progress {
    steps = List.copyOf(steps);
    Objects.requireNonNull(every, "every");
  }
}
