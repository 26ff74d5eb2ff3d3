package dev.scalpel.engine;

import dev.scalpel.dsl.Patch;
import java.util.List;

/**
 * What an apply changed.
 *
 * @param applied   patches new or changed in this manifest, now installed (or pending, disabled, expired)
 * @param removed   patches of the previous manifest that were in force and left or changed, now rolled back
 * @param unchanged how many patches were left exactly as they were
 * @param checkNanos   how long checking and linking the new patches took
 * @param installNanos how long installing their prologues (retransforming loaded classes) took
 * @param switchNanos  how long switching their call sites on took
 */
public record ApplyReport(List<Applied> applied, List<Patch> removed, int unchanged, long checkNanos,
    long installNanos, long switchNanos) {

  /**
   * One applied patch.
   *
   * @param patch     the patch
   * @param jarSha256 its verified jar's hash, or null
   * @param state     its state right after the apply
   */
  public record Applied(Patch patch, String jarSha256, String state) {}
}
