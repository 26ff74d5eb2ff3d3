package dev.scalpel.dsl;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/** Checks one manifest against one {@link Policy}: the one place where the policy's rules live. */
final class PolicyCheck {

  private final Policy policy;
  private final Manifest manifest;
  private final String manifestFile;
  private final Instant now;
  private final List<Problem> found = new ArrayList<>();
  // Read once per check, not once per patch.
  private final List<TargetGlob> deny = new ArrayList<>();
  private final List<TargetGlob> allow = new ArrayList<>();

  private PolicyCheck(Policy policy, Manifest manifest, String manifestFile, Instant now) {
    this.policy = policy;
    this.manifest = manifest;
    this.manifestFile = manifestFile;
    this.now = now;
    for (String glob : policy.deny()) {
      deny.add(Policy.glob(glob));
    }
    for (String glob : policy.allow().orElse(List.of())) {
      allow.add(Policy.glob(glob));
    }
  }

  static List<Problem> check(Policy policy, Manifest manifest, String manifestFile, Instant now) {
    PolicyCheck check = new PolicyCheck(policy, manifest, manifestFile, now);
    for (Patch patch : manifest.patches()) {
      check.check(patch);
    }
    check.found.sort(Problem.BY_POSITION);
    return List.copyOf(check.found);
  }

  private void check(Patch patch) {
    Governance g = patch.governance();
    // A key that several rules need is reported once, by the rule that says the most about it.
    Set<String> missing = new LinkedHashSet<>();
    if (policy.maxExpiry().isPresent()) {
      Instant latest = now.plus(policy.maxExpiry().get());
      String bound = "maxExpiry " + Policy.spell(policy.maxExpiry().get()) + " of the policy " + policy.file();
      if (g.expires().isEmpty()) {
        missing.add("expires");
        add(patch, Optional.empty(), "no expires, and the " + bound + " requires one; add expires: " + latest
            + " or earlier");
      } else if (g.expires().get().isAfter(latest)) {
        add(patch, Optional.of("expires"), "expires " + g.expires().get() + " is later than the " + bound
            + " allows for an apply at " + now + ": at most " + latest + "; bring expires forward");
      }
    }
    if (policy.fourEyes()) {
      checkFourEyes(patch, missing);
    }
    for (String key : Policy.REQUIRABLE) {
      if (policy.require().contains(key) && !missing.contains(key) && !has(g, key)) {
        add(patch, Optional.empty(), "no " + key + ", which the policy " + policy.file() + " requires; add "
            + Key.of(key).orElseThrow().example());
      }
    }
    String action = actionName(patch.action());
    if (policy.actions().isPresent() && !policy.actions().get().contains(action)) {
      add(patch, Optional.of(action), "action " + action + " is not allowed by the policy " + policy.file()
          + "; the actions it allows are " + allowedActions());
    }
    checkTarget(patch);
  }

  private void checkFourEyes(Patch patch, Set<String> missing) {
    Governance g = patch.governance();
    String rule = "the policy " + policy.file() + " requires fourEyes";
    if (g.author().isEmpty()) {
      missing.add("author");
      add(patch, Optional.empty(), "no author, and " + rule + ", which needs the author to tell that approvedBy is"
          + " someone else; add " + Key.AUTHOR.example());
    }
    if (g.approvedBy().isEmpty()) {
      missing.add("approvedBy");
      add(patch, Optional.empty(), "no approvedBy, and " + rule + ": someone other than the author approves; add "
          + Key.APPROVED_BY.example());
    } else if (g.author().isPresent() && same(g.author().get(), g.approvedBy().get())) {
      add(patch, Optional.of("approvedBy"), "approvedBy " + Echo.quoted(g.approvedBy().get()) + " is the author "
          + Echo.quoted(g.author().get()) + ", and " + rule + ": someone other than the author approves");
    }
  }

  private void checkTarget(Patch patch) {
    String className = patch.target().className();
    for (TargetGlob glob : deny) {
      if (glob.matches(className)) {
        add(patch, Optional.of("target"), "target class " + className + " matches " + Echo.quoted(glob.text())
            + ", which the policy " + policy.file() + " denies");
        return;
      }
    }
    if (policy.allow().isEmpty()) {
      return;
    }
    StringBuilder globs = new StringBuilder();
    for (TargetGlob glob : allow) {
      if (glob.matches(className)) {
        return;
      }
      globs.append(globs.length() == 0 ? "" : ", ").append(Echo.quoted(glob.text()));
    }
    add(patch, Optional.of("target"), "target class " + className + " matches none of the targets the policy "
        + policy.file() + " allows: " + globs);
  }

  private String allowedActions() {
    StringBuilder allowed = new StringBuilder();
    for (String action : Policy.ACTIONS) {
      if (policy.actions().orElseThrow().contains(action)) {
        allowed.append(allowed.length() == 0 ? "" : ", ").append(action);
      }
    }
    return allowed.toString();
  }

  // E-mail addresses are compared as people read them: in practice no mail system tells
  // Alice@Example.com from alice@example.com, so neither may approve the other's patch.
  private static boolean same(String author, String approvedBy) {
    return author.strip().toLowerCase(Locale.ROOT).equals(approvedBy.strip().toLowerCase(Locale.ROOT));
  }

  private static boolean has(Governance g, String key) {
    return switch (key) {
      case "ticket" -> g.ticket().isPresent();
      case "author" -> g.author().isPresent();
      case "reason" -> g.reason().isPresent();
      case "approvedBy" -> g.approvedBy().isPresent();
      default -> g.expires().isPresent();
    };
  }

  static String actionName(Action action) {
    if (action instanceof Action.Fix) {
      return "fix";
    } else if (action instanceof Action.Returns) {
      return "returns";
    } else if (action instanceof Action.Throws) {
      return "throws";
    }
    return "skip";
  }

  private void add(Patch patch, Optional<String> key, String message) {
    Optional<Location> at = key.isPresent() ? manifest.keyLocation(patch.id(), key.get()) : Optional.empty();
    if (at.isEmpty()) {
      at = manifest.location(patch.id());
    }
    found.add(new Problem(at.isPresent() ? at.get() : Location.start(manifestFile), patch.id(), message));
  }
}
