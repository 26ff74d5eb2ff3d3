package dev.scalpel.dsl;

import java.util.ArrayList;
import java.util.List;

/** Collects the problems of one manifest so that a single rejection can list them all. */
final class Problems {

  /** Past this many problems, listing more would bury the first ones: the rest are counted. */
  static final int LIMIT = 100;

  /** Where problems of one scope (the manifest, or one patch) are reported. */
  @FunctionalInterface
  interface Report {
    void add(Location at, String message);
  }

  private final String file;
  private final List<Problem> found = new ArrayList<>();
  private int dropped;
  private Location firstDropped;

  Problems(String file) {
    this.file = file;
  }

  /** The location {@code line:column} (1-based) in this manifest's file. */
  Location at(int line, int column) {
    return new Location(file, line, column);
  }

  void add(Location at, String patchId, String message) {
    if (found.size() < LIMIT) {
      found.add(new Problem(at, patchId, message));
    } else if (dropped++ == 0) {
      firstDropped = at;
    }
  }

  /** Reports problems inside the patch with this id, or outside any patch when it is empty. */
  Report in(String patchId) {
    return new Report() {
      @Override
      public void add(Location at, String message) {
        Problems.this.add(at, patchId, message);
      }
    };
  }

  boolean isEmpty() {
    return found.isEmpty();
  }

  /** Rejects the manifest if any problem was found. */
  void throwIfAny() {
    if (!found.isEmpty()) {
      throw rejection(null);
    }
  }

  /** The rejection listing every problem found, by position. */
  ManifestException rejection(Throwable cause) {
    List<Problem> sorted = new ArrayList<>(found);
    sorted.sort(Problem.BY_POSITION);
    if (dropped > 0) {
      sorted.add(new Problem(firstDropped, "", "stopped after " + LIMIT + " problems (" + dropped
          + " more not listed); fix these and validate again"));
    }
    return new ManifestException(sorted, cause);
  }
}
