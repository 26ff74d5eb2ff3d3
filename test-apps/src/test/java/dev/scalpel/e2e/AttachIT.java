package dev.scalpel.e2e;

import static dev.scalpel.e2e.Patch.patch;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.io.TempDir;

/**
 * Live operations through the command line on a JVM started without the agent, while four threads
 * call the patched method: attach, status, a new manifest applied as a diff, rollback of one patch
 * and of all, the refusals, and the audit log all of it leaves, whose chain {@code audit verify}
 * checks and whose tampered copies it catches at the right line.
 */
final class AttachIT {

  /**
   * A second target on the load's path: every call reads the order's discount through this record
   * accessor. Returning the same 0 changes no result, so the load's invariant holds with it.
   */
  static final String DISCOUNT = "dev.scalpel.testapps.pricing.PricingApp$Order#discountPercent()";

  /**
   * Guards the operator's loop on a live JVM: attach fixes the running code, status counts the
   * fixed calls, a second attach adds a patch without touching the first, rollback (one id, then
   * all) puts the original code back, refusals change nothing (a refused attach not even which
   * file the agent reloads), and no call ever sees anything but the old or the new total.
   */
  @AcrossJdks
  void attach_statusSwitchRollback_underLoad(Jdk jdk, @TempDir Path dir) throws IOException {
    Scalpel scalpel = Scalpel.on(jdk, dir);
    AuditTrail audit = new AuditTrail(dir.resolve("audit.jsonl"));
    Patch price = patch("PRICE-1", PricingIT.TOTAL).fix(FixJar.PRICING, PricingIT.FIX);
    Path first = ManifestFile.writeTo(dir.resolve("first.yaml"), ManifestFile.yaml(price));
    Path second = ManifestFile.writeTo(dir.resolve("second.yaml"),
        ManifestFile.yaml(price, patch("PRICE-2", DISCOUNT).returns("0")));
    Path broken = ManifestFile.writeTo(dir.resolve("broken.yaml"), ManifestFile.yaml(price,
        patch("PRICE-3", "dev.scalpel.testapps.pricing.Cart#toString()").fix(PricingIT.FIX, dir.resolve("no-such-fix.jar").toString(), FixJar.PRICING.sha256())));
    long pid;
    try (PricingUnderLoad app = PricingUnderLoad.start(jdk, dir)) {
      pid = app.pid();

      JvmResult notLoaded = scalpel.status(pid);
      assertEquals(Scalpel.REFUSED, notLoaded.exitCode(), notLoaded::describe);
      notLoaded.assertStderrLineContains("Scalpel is not loaded in JVM " + pid);
      assertFalse(Files.exists(dir.resolve("scalpel-audit.jsonl")), "status loaded the agent\n" + notLoaded.describe());

      JvmResult attached = scalpel.attach(pid, first, "--audit", audit.file().toString());
      assertEquals(List.of("PRICE-1 active"), appliedStates(attached, first));
      app.awaitResults(PricingUnderLoad.FIXED);
      String firstSha256 = audit.expectNext(app.jvm(), "agent-started ok", "manifest-applied ok",
          "patch-activated PRICE-1 active").get(1).manifestSha256();
      assertTrue(attached.stdoutLines().get(0).endsWith(" sha256 " + firstSha256), attached::describe);

      AgentStatus status = scalpel.statusJson(pid);
      assertEquals(List.of("PRICE-1 active"), status.states(), status::json);
      assertEquals(first.toString(), status.manifestPath(), status::json);
      assertEquals(firstSha256, status.manifestSha256(), status::json);
      assertEquals(PricingIT.TOTAL, status.patch("PRICE-1").target(), status::json);
      assertTrue(status.patch("PRICE-1").callsFixed() > 0, status::json);

      JvmResult switched = scalpel.attach(pid, second);
      assertEquals(List.of("PRICE-1 active", "PRICE-2 active"), appliedStates(switched, second));
      audit.expectNext(app.jvm(), "manifest-applied ok", "patch-activated PRICE-2 active");

      JvmResult refused = scalpel.attach(pid, broken);
      assertEquals(Scalpel.REFUSED, refused.exitCode(), refused::describe);
      refused.assertStderrLineContains("PRICE-3", "does not exist");
      audit.expectNext(app.jvm(), "manifest-rejected refused");
      // Nothing changed, not even the file the agent reloads: an edit of the running manifest applies.
      ManifestFile.writeTo(second, ManifestFile.yaml(price, patch("PRICE-2", DISCOUNT).returns("0").ticket("PRICE-2")));
      audit.expectNext(app.jvm(), "manifest-applied ok", "patch-rolled-back PRICE-2 ok", "patch-activated PRICE-2 active");

      JvmResult rolledBack = scalpel.rollback(pid, "PRICE-1");
      assertEquals(List.of("PRICE-1 rolled-back", "PRICE-2 active"), appliedStates(rolledBack, second));
      app.awaitResults(PricingUnderLoad.BUGGY);
      audit.expectNext(app.jvm(), "patch-rolled-back PRICE-1 ok");

      JvmResult unknown = scalpel.rollback(pid, "PRICE-2", "NO-SUCH-PATCH");
      assertEquals(Scalpel.REFUSED, unknown.exitCode(), unknown::describe);
      unknown.assertStderrLineContains("NO-SUCH-PATCH");
      AgentStatus afterRefusal = scalpel.statusJson(pid);
      assertEquals(List.of("PRICE-1 rolled-back", "PRICE-2 active"), afterRefusal.states(), afterRefusal::json);
      assertEquals(second.toString(), afterRefusal.manifestPath(), afterRefusal::json);
      assertTrue(afterRefusal.patch("PRICE-2").callsFixed() > 0, afterRefusal::json);
      audit.assertNoMore();

      JvmResult revived = scalpel.attach(pid, second);
      assertEquals(List.of("PRICE-1 active", "PRICE-2 active"), appliedStates(revived, second));
      app.awaitResults(PricingUnderLoad.FIXED);
      audit.expectNext(app.jvm(), "manifest-applied ok", "patch-activated PRICE-1 active");

      JvmResult all = scalpel.rollback(pid, "--all");
      assertEquals(List.of("PRICE-1 rolled-back", "PRICE-2 rolled-back"), appliedStates(all, second));
      app.awaitResults(PricingUnderLoad.BUGGY);
      audit.expectNext(app.jvm(), "patch-rolled-back PRICE-1 ok", "patch-rolled-back PRICE-2 ok");

      JvmResult jvms = scalpel.run("jvms");
      assertEquals(Scalpel.OK, jvms.exitCode(), jvms::describe);
      assertTrue(jvms.stdoutLines().stream().anyMatch(line -> List.of(line.strip().split("\\s+"))
              .equals(List.of(String.valueOf(pid), status.agent(), App.PRICING.mainClass()))),
          () -> "no row '" + pid + " " + status.agent() + " " + App.PRICING.mainClass() + "'\n" + jvms.describe());

      PricingUnderLoad.Summary summary = app.stop();
      assertTrue(summary.old() > 0 && summary.fixed() > 0, summary::toString);
    }
    JvmResult gone = scalpel.status(pid);
    assertEquals(Scalpel.UNREACHABLE, gone.exitCode(), gone::describe);

    assertChainIntactAndTamperingFound(scalpel, audit.file(), dir);
  }

  /**
   * Checks the audit log the scenario left: intact as written, and broken at the right line in a
   * copy with one record edited, one with a record removed, and one with two records swapped.
   */
  private static void assertChainIntactAndTamperingFound(Scalpel scalpel, Path log, Path dir) throws IOException {
    List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
    JvmResult intact = scalpel.auditVerify(log);
    assertEquals(Scalpel.OK, intact.exitCode(), intact::describe);
    assertEquals(List.of(log + ": " + lines.size() + " records, chain intact"), intact.stdoutLines(), intact::describe);

    List<String> edited = new ArrayList<>(lines);
    assertTrue(edited.get(2).contains("\"outcome\":\"active\""), edited.get(2));
    edited.set(2, edited.get(2).replace("\"outcome\":\"active\"", "\"outcome\":\"disabled\""));
    assertBrokenAt(scalpel, dir.resolve("edited.jsonl"), edited, 3);

    List<String> removed = new ArrayList<>(lines);
    removed.remove(4);
    assertBrokenAt(scalpel, dir.resolve("removed.jsonl"), removed, 5);

    List<String> swapped = new ArrayList<>(lines);
    swapped.set(6, lines.get(7));
    swapped.set(7, lines.get(6));
    assertBrokenAt(scalpel, dir.resolve("swapped.jsonl"), swapped, 7);
  }

  private static void assertBrokenAt(Scalpel scalpel, Path copy, List<String> lines, int brokenLine) throws IOException {
    Files.write(copy, lines, StandardCharsets.UTF_8);
    JvmResult result = scalpel.auditVerify(copy);
    assertEquals(Scalpel.REFUSED, result.exitCode(), result::describe);
    String expected = copy + ": chain broken at line " + brokenLine + ": ";
    assertTrue(result.stderrLines().stream().anyMatch(line -> line.startsWith(expected)),
        () -> "no line starts with '" + expected + "'\n" + result.describe());
  }

  /**
   * The patch lines of what {@code attach} or {@code rollback} printed (indented detail lines left
   * out), as {@code "ID STATE"}, after
   * asserting that it succeeded and that its first line names {@code manifest}.
   */
  private static List<String> appliedStates(JvmResult result, Path manifest) {
    assertEquals(Scalpel.OK, result.exitCode(), result::describe);
    List<String> lines = result.stdoutLines();
    assertTrue(!lines.isEmpty() && lines.get(0).matches(Pattern.quote("manifest " + manifest + " sha256 ") + "[0-9a-f]{64}"),
        () -> "no first line 'manifest " + manifest + " sha256 HASH'\n" + result.describe());
    List<String> states = new ArrayList<>();
    for (String line : lines.subList(1, lines.size())) {
      if (line.startsWith(" ")) {
        continue; // a detail of the patch line above it, such as its latency
      }
      String[] words = line.strip().split("\\s+", 3);
      assertTrue(words.length == 3 && words[2].startsWith(targetOf(words[0])),
          () -> "not 'ID STATE TARGET': '" + line + "'\n" + result.describe());
      states.add(words[0] + " " + words[1]);
    }
    return states;
  }

  private static String targetOf(String id) {
    return id.equals("PRICE-2") ? DISCOUNT : PricingIT.TOTAL;
  }
}
