package dev.scalpel.e2e;

import static dev.scalpel.e2e.Patch.patch;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;

/**
 * An audit log whose file system fills up under a running agent, on a real file system: a small
 * tmpfs (mounting one needs root; elsewhere the test is skipped with a message). An apply whose
 * records cannot be written is undone and reported as not applied; a rollback takes effect all the
 * same and says loudly that its record is missing; with room again, applies are recorded on an
 * unbroken chain.
 */
final class AuditFailureIT {

  private static final String ELSEWHERE = "dev.scalpel.testapps.pricing.NeverLoaded#m";
  private static final int PENDING_PATCHES = 12;

  /**
   * Regression: an apply whose audit records cannot be written changes nothing and says so; it
   * used to leave the patches live but unaudited while the command line said nothing changed.
   */
  @AcrossJdks
  void auditLogFull_applyUndone_rollbackLoud(Jdk jdk, @TempDir Path dir) throws IOException {
    try (SmallTmpfs tmpfs = SmallTmpfs.mount(dir.resolve("audit-fs"))) {
      Path mount = tmpfs.root();
      Scalpel scalpel = Scalpel.on(jdk, dir);
      AuditTrail audit = new AuditTrail(mount.resolve("audit.jsonl"));
      // Each change writes more records than what is left of the log's last page can hold.
      List<Patch> firstPatches = new ArrayList<>(List.of(patch("PRICE-2", AttachIT.DISCOUNT).returns("0")));
      firstPatches.addAll(pending("LATER"));
      List<Patch> secondPatches = new ArrayList<>(firstPatches);
      secondPatches.add(patch("PRICE-1", PricingIT.TOTAL).fix(FixJar.PRICING, PricingIT.FIX));
      secondPatches.addAll(pending("MORE"));
      Path first = ManifestFile.writeTo(dir.resolve("first.yaml"), ManifestFile.yaml(firstPatches.toArray(new Patch[0])));
      Path second = ManifestFile.writeTo(dir.resolve("second.yaml"),
          ManifestFile.yaml(secondPatches.toArray(new Patch[0])));
      try (PricingUnderLoad app = PricingUnderLoad.start(jdk, dir)) {
        long pid = app.pid();
        JvmResult attached = scalpel.attach(pid, first, "--audit", audit.file().toString());
        assertEquals(Scalpel.OK, attached.exitCode(), attached::describe);
        List<String> started = new ArrayList<>(List.of("agent-started ok", "manifest-applied ok",
            "patch-activated PRICE-2 active"));
        started.addAll(activated("LATER"));
        String firstSha256 = audit.expectNext(app.jvm(), started.toArray(new String[0])).get(1).manifestSha256();
        List<String> firstStates = new ArrayList<>(List.of("PRICE-2 active"));
        ids("LATER").forEach(id -> firstStates.add(id + " pending"));

        Path filler = tmpfs.fill();
        JvmResult refused = scalpel.attach(pid, second);
        assertEquals(Scalpel.REFUSED, refused.exitCode(), refused::describe);
        assertTrue(refused.stderr().contains("not applied, nothing changed: the audit log " + audit.file()
            + " could not record it"), refused::describe);
        AgentStatus status = scalpel.statusJson(pid);
        assertEquals(firstStates, status.states(), status::json);
        assertEquals(firstSha256, status.manifestSha256(), status::json);
        assertEquals(List.of(PricingUnderLoad.BUGGY), app.resultLines(), "the fix of the undone apply ran");
        audit.assertNoMore();

        JvmResult rolledBack = scalpel.rollback(pid, "--all");
        assertEquals(Scalpel.OK, rolledBack.exitCode(), rolledBack::describe);
        assertTrue(rolledBack.stdout().contains("AUDIT RECORD MISSING: the rollback of PRICE-2, LATER-0,"),
            rolledBack::describe);
        AgentStatus afterRollback = scalpel.statusJson(pid);
        assertTrue(afterRollback.states().stream().allMatch(s -> s.endsWith(" rolled-back")), afterRollback::json);
        audit.assertNoMore();

        Files.delete(filler);
        JvmResult applied = scalpel.attach(pid, second);
        assertEquals(Scalpel.OK, applied.exitCode(), applied::describe);
        List<String> expected = new ArrayList<>(List.of("manifest-applied ok", "patch-activated PRICE-2 active"));
        expected.addAll(activated("LATER"));
        expected.add("patch-activated PRICE-1 active");
        expected.addAll(activated("MORE"));
        audit.expectNext(app.jvm(), expected.toArray(new String[0]));
        app.awaitResults(PricingUnderLoad.FIXED);
        app.stop();
      }
      JvmResult verified = scalpel.auditVerify(audit.file());
      assertEquals(Scalpel.OK, verified.exitCode(), verified::describe);
    }
  }

  /** Patches of classes no one loads, {@code PREFIX-0} to {@code PREFIX-11}: each is {@code pending}. */
  private static List<Patch> pending(String prefix) {
    List<Patch> patches = new ArrayList<>();
    for (int i = 0; i < PENDING_PATCHES; i++) {
      patches.add(patch(prefix + "-" + i, ELSEWHERE + prefix + i).returns("0"));
    }
    return patches;
  }

  private static List<String> ids(String prefix) {
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < PENDING_PATCHES; i++) {
      ids.add(prefix + "-" + i);
    }
    return ids;
  }

  /** The audit summaries of {@link #pending}'s patches applied. */
  private static List<String> activated(String prefix) {
    return ids(prefix).stream().map(id -> "patch-activated " + id + " pending").toList();
  }
}
