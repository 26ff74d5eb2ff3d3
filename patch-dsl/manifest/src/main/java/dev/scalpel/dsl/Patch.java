package dev.scalpel.dsl;

import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * One entry of a manifest's {@code patches:} list.
 *
 * @param id         unique id, 1-64 chars of {@code [A-Za-z0-9._-]}
 * @param target     the method to redirect
 * @param action     what runs instead
 * @param when       optional guard: a static boolean method taking the fix's parameters
 * @param rollout    the share of calls that take the action
 * @param stickyBy   the 0-based index of the argument that picks a call's rollout bucket
 *                   ({@code stickyBy: arg0} is 0), if rollout is sticky
 * @param mode       active, shadow or disabled
 * @param governance ticket, author, reason, approver, expiry
 * @param autoRollback the rules under which the patch takes itself out, if any
 * @param progress   how its rollout steps up by itself, if it does; only with {@code autoRollback},
 *                   and then {@code rollout} is the first step
 */
public record Patch(String id, Target target, Action action, Optional<MethodRef> when,
    Rollout rollout, OptionalInt stickyBy, Mode mode, Governance governance, Optional<AutoRollback> autoRollback,
    Optional<Progress> progress) {

  /**
   * A patch; its values are checked by the parser and the builder, not here.
   *
   * @throws NullPointerException if an argument is null
   */
  public Patch {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(target, "target");
    Objects.requireNonNull(action, "action");
    Objects.requireNonNull(when, "when");
    Objects.requireNonNull(rollout, "rollout");
    Objects.requireNonNull(stickyBy, "stickyBy");
    Objects.requireNonNull(mode, "mode");
    Objects.requireNonNull(governance, "governance");
    Objects.requireNonNull(autoRollback, "autoRollback");
    Objects.requireNonNull(progress, "progress");
  }

  /**
   * A patch without {@code autoRollback} or {@code progress}.
   *
   * @throws NullPointerException if an argument is null
   */
  public Patch(String id, Target target, Action action, Optional<MethodRef> when, Rollout rollout,
      OptionalInt stickyBy, Mode mode, Governance governance) {
    this(id, target, action, when, rollout, stickyBy, mode, governance, Optional.empty(), Optional.empty());
  }

  /** This patch with {@code rollout} in place of its own: what a progress step runs. */
  public Patch withRollout(Rollout rollout) {
    return new Patch(id, target, action, when, rollout, stickyBy, mode, governance, autoRollback, progress);
  }
}
