package dev.scalpel.e2e;

import static dev.scalpel.e2e.Patch.patch;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;

/**
 * The agent reads no manifest or patch jar that another user could have put in place: a
 * group-writable manifest at start-up and a jar in a folder anyone can write, on hot reload, are
 * each rejected and audited with the path at fault; the running patches stay as they were.
 */
final class FileOwnershipIT {

  /** Guards against a file writable by other users than the JVM's becoming code in the JVM. */
  @AcrossJdks
  void ownership_filesOthersCanWrite_rejected(Jdk jdk, @TempDir Path dir) throws IOException {
    Path manifest = ManifestFile.write(dir, StartupIT.price());
    Files.setPosixFilePermissions(manifest, PosixFilePermissions.fromString("rw-rw-r--"));
    AuditTrail audit = new AuditTrail(dir.resolve("scalpel-audit.jsonl"));
    try (PricingUnderLoad app = PricingUnderLoad.start(jdk, dir,
        "-javaagent:" + Artifacts.agentJar() + "=manifest=" + manifest)) {
      String error = audit.expectNext(app.jvm(), "agent-started ok", "manifest-rejected refused").get(1).error();
      assertEquals(manifest + ": not applied: " + manifest + " is writable by other users than its owner (mode 0664):"
          + " another user could have put what the agent would read there; chmod go-w it", error, audit::describe);
      app.awaitResults(PricingUnderLoad.BUGGY);

      // A chmod alone is no change hot reload sees: the fixed manifest comes as a new file with other bytes.
      StartupIT.replace(manifest, "# mode 0644 now\n" + ManifestFile.yaml(StartupIT.price()));
      audit.expectNext(app.jvm(), "manifest-applied ok", "patch-activated PRICE-1 active");
      app.awaitResults(PricingUnderLoad.FIXED);

      Path open = Files.createDirectory(dir.resolve("open"));
      Files.setPosixFilePermissions(open, PosixFilePermissions.fromString("rwxrwxrwx"));
      Path jar = Files.copy(FixJar.PRICING.path(), open.resolve("fix.jar"));
      StartupIT.replace(manifest, ManifestFile.yaml(patch("PRICE-1", PricingIT.TOTAL).fix(PricingIT.FIX, jar)
          .ticket("PRICE-2")));
      error = audit.expectNext(app.jvm(), "manifest-rejected refused").get(0).error();
      assertEquals(manifest + ": patch 'PRICE-1': " + open + " is writable by other users than its owner (mode 0777):"
          + " another user could have put what the agent would read there; chmod go-w it", error, audit::describe);
      AgentStatus status = Scalpel.on(jdk, dir).statusJson(app.pid());
      assertEquals(List.of("PRICE-1 active"), status.states(), status::json);
      app.awaitResults(PricingUnderLoad.FIXED);
      app.stop();
    }
  }
}
