package dev.scalpel.maven;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.scalpel.dsl.Manifest;
import dev.scalpel.dsl.ManifestParser;
import dev.scalpel.dsl.Mode;
import dev.scalpel.maven.fixtures.Calculator;
import dev.scalpel.maven.fixtures.Fixes;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

final class FixManifestTest {

  private static final String SOURCE = "dev/scalpel/maven/fixtures/Fixes.java";
  private static final String FIXES = "dev.scalpel.maven.fixtures.Fixes$";

  @TempDir
  Path dir;

  @Test
  void compose_goodFixes() throws Exception {
    String text = compose(Fixes.Good.class);

    Manifest manifest = ManifestParser.parse("hotfix.yaml", text);
    assertThat(manifest.patches()).hasSize(2);
    dev.scalpel.dsl.Patch first = manifest.patches().get(0);
    assertThat(first.id()).isEqualTo("CALC-1");
    assertThat(first.when()).map(Object::toString).contains(FIXES + "Good#big");
    assertThat(first.mode()).isEqualTo(Mode.SHADOW);
    assertThat(first.rollout().toString()).isEqualTo("10%");
    assertThat(first.governance().reason()).contains("Say \"why\"");
    assertThat(text).contains("    fix: \"" + FIXES + "Good#total\"\n", "    jar: \"fix.jar\"\n",
        "    sha256: \"" + FixManifest.sha256(dir.resolve("fix.jar")) + "\"\n", "    stickyBy: \"arg1\"\n",
        "    expires: \"2026-12-31T00:00:00Z\"\n");
    assertThat(manifest.patches().get(1).when()).isEmpty();
  }

  /** Each malformed fix class, alone in its jar, and the one problem the build reports for it. */
  @Test
  void compose_malformed() {
    List<Case> cases = List.of(
        new Case(Fixes.EmptyId.class, at(36, "EmptyId#round")
            + "id is empty; write 1 to 64 letters A-Z a-z, digits, '.', '_' or '-', e.g. PRICE-1432"),
        new Case(Fixes.NoSuchMethod.class, at(44, "NoSuchMethod#round")
            + "patch 'CALC-3': class dev.scalpel.maven.fixtures.Calculator has no method rounded(int)"),
        new Case(Fixes.NoSuchClass.class, at(52, "NoSuchClass#round")
            + "patch 'CALC-4': class dev.scalpel.maven.fixtures.Missing is not on the class path"),
        new Case(Fixes.NotStatic.class, at(60, "NotStatic#round") + "patch 'CALC-5': the fix must be static; declare"
            + " it static, taking the target's parameters, preceded by the target's class for an instance method"),
        new Case(Fixes.WrongSignature.class, at(68, "WrongSignature#total") + "patch 'CALC-6': fix " + FIXES
            + "WrongSignature#total does not fit target dev.scalpel.maven.fixtures.Calculator#total("
            + "dev.scalpel.maven.fixtures.Calculator$Cart, int): write static long total(dev.scalpel.maven.fixtures"
            + ".Calculator, dev.scalpel.maven.fixtures.Calculator$Cart, int); found [static total("
            + "dev.scalpel.maven.fixtures.Calculator$Cart, int)]"),
        new Case(Fixes.GuardParameters.class, at(81, "GuardParameters#small")
            + "patch 'CALC-7': the guard takes (long) but the fix round takes (int); give the guard the fix's parameters"),
        new Case(Fixes.GuardNotBoolean.class, at(94, "GuardNotBoolean#small")
            + "the guard must be a static boolean method; declare it static boolean small(int)"),
        new Case(Fixes.GuardUnknownId.class, at(107, "GuardUnknownId#small")
            + "@When names patch 'CALC-90', which no @Patch method declares; name one of [CALC-9]"),
        new Case(Fixes.TwoGuards.class, at(125, "TwoGuards#large") + "patch 'CALC-10' already has the guard " + FIXES
            + "TwoGuards#small; keep one @When per patch"),
        new Case(Fixes.BadRollout.class, at(133, "BadRollout#round")
            + "patch 'CALC-11': rollout '150%' is above 100%; write 0% to 100%, e.g. 100% for every call"),
        new Case(Fixes.DuplicateId.class, at(146, "DuplicateId#total") + "patch 'CALC-12' is already declared by "
            + FIXES + "DuplicateId#round; give each @Patch its own id"),
        new Case(Fixes.Unannotated.class, "no method is annotated @dev.scalpel.api.Patch in the classes built;"
            + " annotate each fix method with @Patch(id = \"PRICE-1432\", target = \"com.acme.Cart#total(int)\")"));
    for (Case c : cases) {
      FixManifest.Rejected e = assertThrows(FixManifest.Rejected.class, () -> compose(c.fixes()), c.fixes().getName());
      assertThat(e.problems()).as(c.fixes().getName()).containsExactly(c.message());
    }
  }

  /** Problems in several classes are all reported, one line each, not only the first. */
  @Test
  void compose_reportsEveryProblemOfEveryClass() {
    FixManifest.Rejected e = assertThrows(FixManifest.Rejected.class,
        () -> compose(Fixes.NotStatic.class, Fixes.GuardUnknownId.class));
    assertThat(e.problems()).hasSize(2);
    assertThat(e.getMessage()).isEqualTo(String.join("\n", e.problems()));
  }

  /** Whatever an element holds, the manifest reads it back unchanged. */
  @Test
  void quote_readsBackAsWritten() {
    for (String text : List.of("plain", "say \"hi\"", "back\\slash", "tab\there", "caf\u00e9 \uD83D\uDE00", "# not a comment",
        "key: value", "- item", "@at", "'single'", "100%")) {
      String yaml = "scalpel: 1\npatches:\n  - id: A\n    target: a.B#c()\n    skip: true\n    reason: "
          + FixManifest.quote(text) + "\n";
      assertThat(ManifestParser.parse("hotfix.yaml", yaml).patches().get(0).governance().reason()).as(text)
          .contains(text);
    }
  }

  private static String at(int line, String method) {
    return SOURCE + ":" + line + ": " + FIXES + method + ": ";
  }

  private record Case(Class<?> fixes, String message) {}

  /** Composes the manifest of {@code fixes}, packed into {@code fix.jar}, against the test classes. */
  private String compose(Class<?>... fixes) throws IOException, FixManifest.Rejected {
    AnnotationReader reader = new AnnotationReader();
    try (OutputStream file = Files.newOutputStream(dir.resolve("fix.jar")); JarOutputStream jar = new JarOutputStream(file)) {
      for (Class<?> fix : fixes) {
        String entry = fix.getName().replace('.', '/') + ".class";
        byte[] bytes;
        try (InputStream in = fix.getClassLoader().getResourceAsStream(entry)) {
          bytes = in.readAllBytes();
        }
        jar.putNextEntry(new JarEntry(entry));
        jar.write(bytes);
        jar.closeEntry();
        reader.add(bytes);
      }
    }
    return FixManifest.compose(reader, "hotfix.yaml", dir, "fix.jar", List.of(testClasses()));
  }

  private static Path testClasses() {
    try {
      return Path.of(Calculator.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }
}
