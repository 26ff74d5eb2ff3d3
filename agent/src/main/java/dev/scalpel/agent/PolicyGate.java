package dev.scalpel.agent;

import dev.scalpel.dsl.Manifest;
import dev.scalpel.dsl.ManifestException;
import dev.scalpel.dsl.Policy;
import dev.scalpel.dsl.PolicyParser;
import dev.scalpel.dsl.Problem;
import dev.scalpel.trust.FileOwnership;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The policy ({@code policy=PATH}) every manifest must meet in this agent, read once at its first
 * start and kept for its life, like {@code trust=}. A policy file that cannot be used (unsafe
 * ownership, unreadable, malformed) does not stop the agent: it fails closed, refusing every
 * manifest until the JVM restarts with a valid policy, so the application runs its original code
 * and status, rollback and the audit log keep working.
 */
final class PolicyGate {

  /** No policy: every valid manifest may apply. */
  static final PolicyGate NONE = new PolicyGate(Optional.empty(), Optional.empty(), List.of());

  private final Optional<Path> file;
  private final Optional<Policy> policy;
  private final List<String> broken;

  private PolicyGate(Optional<Path> file, Optional<Policy> policy, List<String> broken) {
    this.file = file;
    this.policy = policy;
    this.broken = List.copyOf(broken);
  }

  /**
   * The policy in {@code file}, read once, if the file passes {@code ownership} and parses; else a
   * gate that refuses every manifest and says why. Never throws for any file or content.
   */
  static PolicyGate load(Optional<Path> file, FileOwnership ownership) {
    if (file.isEmpty()) {
      return NONE;
    }
    Path path = file.get().toAbsolutePath();
    Optional<String> unsafe = ownership.problem(path);
    if (unsafe.isPresent()) {
      return new PolicyGate(Optional.of(path), Optional.empty(), List.of(path + ": not read: " + unsafe.get()));
    }
    try {
      return new PolicyGate(Optional.of(path), Optional.of(PolicyParser.parse(path)), List.of());
    } catch (ManifestException e) {
      return new PolicyGate(Optional.of(path), Optional.empty(),
          e.problems().isEmpty() ? List.of(e.getMessage()) : e.problems().stream().map(Problem::toString).toList());
    }
  }

  /** The policy file {@code policy=} named at the first start, if it named one. */
  Optional<Path> file() {
    return file;
  }

  /**
   * Why the policy cannot be used, for the {@code agent-started} record and the log, or empty if
   * there is no policy or it was read.
   */
  Optional<String> startProblem() {
    return broken.isEmpty() ? Optional.empty() : Optional.of("policy=" + file.orElseThrow()
        + " cannot be used, so the agent applies no manifest until the JVM restarts with a valid policy:\n"
        + String.join("\n", broken));
  }

  /**
   * What stops {@code manifest}, read from {@code manifestFile}, from applying at {@code now}: each
   * policy violation located in the manifest, or, if the policy could not be used, that and why;
   * empty if it may apply.
   */
  List<String> problems(Manifest manifest, Path manifestFile, Instant now) {
    if (!broken.isEmpty()) {
      List<String> problems = new ArrayList<>();
      problems.add(manifestFile + ": not applied: the policy " + file.orElseThrow() + " could not be used at the"
          + " agent's start, so no manifest applies until the JVM restarts with a valid policy:");
      problems.addAll(broken);
      return problems;
    }
    if (policy.isEmpty()) {
      return List.of();
    }
    List<String> problems = new ArrayList<>();
    for (Problem p : policy.get().check(manifest, manifestFile.toString(), now)) {
      problems.add(p.toString());
    }
    return problems;
  }
}
