package dev.scalpel.maven;

import dev.scalpel.dsl.Location;
import dev.scalpel.dsl.Manifest;
import dev.scalpel.dsl.ManifestException;
import dev.scalpel.dsl.ManifestParser;
import dev.scalpel.dsl.Problem;
import dev.scalpel.engine.PatchCheck;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.objectweb.asm.Type;

/**
 * The manifest that a fix project's annotations declare: one patch per {@code @Patch} method, with
 * that method as {@code fix}, its {@code @When} method as {@code when}, and the fix jar with its
 * SHA-256. The text returned is one the manifest parser accepts and the agent's own checks pass
 * against the given class path, exactly as {@code scalpel validate --classpath} checks it;
 * anything else is rejected with every problem located at the annotated method.
 */
final class FixManifest {

  /** The elements of {@code @Patch} written as they are, in the manifest's key order after {@code jar}. */
  private static final List<String> PASSED_ON = List.of("rollout", "stickyBy", "mode", "ticket", "author", "reason",
      "approvedBy", "expires");

  private FixManifest() {}

  /** The annotations declare no acceptable manifest; each problem is one line, located. */
  static final class Rejected extends Exception {
    @java.io.Serial
    private static final long serialVersionUID = 1L;

    private final transient List<String> problems;

    Rejected(List<String> problems) {
      super(String.join("\n", problems));
      this.problems = List.copyOf(problems);
    }

    /** Each problem: {@code Source.java:line: class#method: what is wrong and what to do}. */
    List<String> problems() {
      return problems;
    }
  }

  /**
   * Composes and checks the manifest of {@code annotations}.
   *
   * @param annotations what the fix project's class files declare
   * @param manifestName the manifest's name in messages about the manifest itself
   * @param folder      the folder the manifest will be written to, which holds the jar
   * @param jarName     the fix jar's path relative to {@code folder}, as the manifest writes it
   * @param classpath   the application's classes (jars and folders) to check targets and fixes against
   * @return the manifest's YAML text
   * @throws Rejected    if a patch is malformed or does not fit the classes, listing every problem
   * @throws IOException if the jar cannot be read
   */
  static String compose(AnnotationReader annotations, String manifestName, Path folder, String jarName,
      List<Path> classpath) throws Rejected, IOException {
    List<AnnotatedMethod> fixes = annotations.fixes();
    List<String> problems = new ArrayList<>();
    if (fixes.isEmpty()) {
      throw new Rejected(List.of("no method is annotated @dev.scalpel.api.Patch in the classes built; annotate each"
          + " fix method with @Patch(id = \"PRICE-1432\", target = \"com.acme.Cart#total(int)\")"));
    }
    Map<String, AnnotatedMethod> byId = new HashMap<>();
    for (AnnotatedMethod fix : fixes) {
      String id = fix.string("id");
      if (!fix.isStatic()) {
        problems.add(fix.position() + ": patch '" + id + "': the fix must be static; declare it static, taking the"
            + " target's parameters, preceded by the target's class for an instance method");
      }
      AnnotatedMethod first = byId.putIfAbsent(id, fix);
      if (first != null) {
        problems.add(fix.position() + ": patch '" + id + "' is already declared by " + first.position().className()
            + "#" + first.position().methodName() + "; give each @Patch its own id");
      }
    }
    Map<String, AnnotatedMethod> guardOf = guards(annotations.guards(), byId, problems);
    if (!problems.isEmpty()) {
      throw new Rejected(problems);
    }
    String sha256 = sha256(folder.resolve(jarName));
    StringBuilder yaml = new StringBuilder("# Written by scalpel:manifest from the @Patch and @When annotations.\n")
        .append("scalpel: 1\npatches:\n");
    List<Integer> firstLines = new ArrayList<>();
    for (AnnotatedMethod fix : fixes) {
      firstLines.add((int) yaml.chars().filter(c -> c == '\n').count() + 1);
      String id = fix.string("id");
      yaml.append("  - id: ").append(quote(id)).append('\n');
      entry(yaml, "target", fix.string("target"));
      entry(yaml, "fix", fix.position().className() + "#" + fix.position().methodName());
      entry(yaml, "jar", jarName);
      entry(yaml, "sha256", sha256);
      AnnotatedMethod guard = guardOf.get(id);
      if (guard != null) {
        entry(yaml, "when", guard.position().className() + "#" + guard.position().methodName());
      }
      for (String key : PASSED_ON) {
        String value = fix.string(key);
        entry(yaml, key, key.equals("mode") ? value.toLowerCase(Locale.ROOT) : value);
      }
    }
    String text = yaml.toString();
    Manifest manifest;
    try {
      manifest = ManifestParser.parse(manifestName, text);
    } catch (ManifestException e) {
      for (Problem problem : e.problems()) {
        problems.add(atFix(fixes, firstLines, problem.location().line()) + ": " + (problem.patchId().isEmpty() ? ""
            : "patch '" + problem.patchId() + "': ") + problem.message());
      }
      throw new Rejected(problems);
    }
    List<String> found = PatchCheck.validate(manifest, manifestName, folder, Optional.of(classpath));
    for (String problem : found) {
      problems.add(relocate(problem, manifest, manifestName, byId));
    }
    if (!problems.isEmpty()) {
      throw new Rejected(problems);
    }
    return text;
  }

  /** Each patch id's guard, adding a problem for each guard that cannot be one. */
  private static Map<String, AnnotatedMethod> guards(List<AnnotatedMethod> guards, Map<String, AnnotatedMethod> byId,
      List<String> problems) {
    Map<String, AnnotatedMethod> guardOf = new HashMap<>();
    for (AnnotatedMethod guard : guards) {
      List<String> ids = guard.strings("value");
      if (ids.isEmpty()) {
        problems.add(guard.position() + ": @When names no patch; name the ids of the patches it guards,"
            + " as in @When(\"PRICE-1432\")");
      }
      if (!guard.isStatic() || Type.getReturnType(guard.descriptor()) != Type.BOOLEAN_TYPE) {
        problems.add(guard.position() + ": the guard must be a static boolean method; declare it static boolean "
            + guard.position().methodName() + guard.parameters());
      }
      for (String id : ids) {
        AnnotatedMethod fix = byId.get(id);
        if (fix == null) {
          problems.add(guard.position() + ": @When names patch '" + id + "', which no @Patch method declares;"
              + " name one of " + byId.keySet().stream().sorted().toList());
          continue;
        }
        AnnotatedMethod other = guardOf.putIfAbsent(id, guard);
        if (other != null) {
          problems.add(guard.position() + ": patch '" + id + "' already has the guard " + other.position().className()
              + "#" + other.position().methodName() + "; keep one @When per patch");
        }
        if (!guard.parameters().equals(fix.parameters())) {
          problems.add(guard.position() + ": patch '" + id + "': the guard takes " + guard.parameters()
              + " but the fix " + fix.position().methodName() + " takes " + fix.parameters()
              + "; give the guard the fix's parameters");
        }
      }
    }
    return guardOf;
  }

  /** The fix whose manifest entry holds {@code line}. */
  private static SourcePosition atFix(List<AnnotatedMethod> fixes, List<Integer> firstLines, int line) {
    int index = 0;
    for (int i = 0; i < firstLines.size(); i++) {
      if (firstLines.get(i) <= line) {
        index = i;
      }
    }
    return fixes.get(index).position();
  }

  /** A problem located in the manifest, located at its fix instead. */
  private static String relocate(String problem, Manifest manifest, String manifestName,
      Map<String, AnnotatedMethod> byId) {
    for (Map.Entry<String, AnnotatedMethod> e : byId.entrySet()) {
      String where = manifest.location(e.getKey()).map(Location::toString).orElse(manifestName) + ": patch '"
          + e.getKey() + "': ";
      if (problem.startsWith(where)) {
        return e.getValue().position() + ": patch '" + e.getKey() + "': " + problem.substring(where.length());
      }
    }
    return problem;
  }

  private static void entry(StringBuilder yaml, String key, String value) {
    if (!value.isEmpty()) {
      yaml.append("    ").append(key).append(": ").append(quote(value)).append('\n');
    }
  }

  /** A YAML double-quoted scalar that reads back as {@code text}. */
  static String quote(String text) {
    StringBuilder out = new StringBuilder("\"");
    text.codePoints().forEach(c -> {
      if (c == '"' || c == '\\') {
        out.append('\\').appendCodePoint(c);
      } else if (c < 0x20 || c == 0x7f || (c >= 0x80 && c < 0xa0) || c == 0xfeff) {
        out.append(String.format("\\u%04X", c));
      } else {
        out.appendCodePoint(c);
      }
    });
    return out.append('"').toString();
  }

  /** The lower-case hex SHA-256 of a file's bytes. */
  static String sha256(Path file) throws IOException {
    MessageDigest digest;
    try {
      digest = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("Every Java platform has SHA-256, but this one does not", e);
    }
    try (InputStream in = new DigestInputStream(Files.newInputStream(file), digest)) {
      in.transferTo(java.io.OutputStream.nullOutputStream());
    }
    return HexFormat.of().formatHex(digest.digest());
  }
}
