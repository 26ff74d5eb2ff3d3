package dev.scalpel.trust;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which files the agent refuses to read because another user could have put them there. */
final class FileOwnershipTest {

  @TempDir
  Path dir;
  private FileOwnership ownership;

  @BeforeEach
  void self() throws Exception {
    ownership = new FileOwnership(Files.getOwner(dir));
  }

  private Path file(Path folder, String name, String mode) throws Exception {
    Path f = Files.writeString(Files.createDirectories(folder).resolve(name), "scalpel: 1\n");
    Files.setPosixFilePermissions(f, PosixFilePermissions.fromString(mode));
    return f;
  }

  private Path folder(String name, int mode) throws Exception {
    Path f = Files.createDirectory(dir.resolve(name));
    Files.setAttribute(f, "unix:mode", mode);
    return f;
  }

  @Test
  void problem_ownFilesInOwnOrStickyFolders_none() throws Exception {
    assertThat(ownership.problem(file(dir, "hotfix.yaml", "rw-r--r--"))).isEmpty();
    assertThat(ownership.problem(file(folder("shared", 01777), "hotfix.yaml", "rw-------"))).isEmpty();
    assertThat(ownership.problem(dir.resolve("missing.yaml"))).isEmpty();
  }

  @Test
  void problem_writableByOthers_namesThePath() throws Exception {
    Path groupWritable = file(dir, "group.yaml", "rw-rw-r--");
    Path open = folder("open", 0777);
    Path inOpen = file(open, "hotfix.yaml", "rw-r--r--");
    Path good = file(dir, "good.yaml", "rw-r--r--");
    Path link = Files.createSymbolicLink(open.resolve("link.yaml"), good);
    Map<Path, String> cases = new LinkedHashMap<>();
    cases.put(groupWritable, groupWritable + " is writable by other users than its owner (mode 0664): another user"
        + " could have put what the agent would read there; chmod go-w it");
    String openFolder = open + " is writable by other users than its owner (mode 0777): another user could have put"
        + " what the agent would read there; chmod go-w it";
    cases.put(inOpen, openFolder);
    cases.put(link, openFolder);
    cases.forEach((file, message) -> assertThat(ownership.problem(file)).as(file.toString()).isEqualTo(Optional.of(message)));
  }

  @Test
  void forOneManifest_sameVerdictsAsSingleChecks() throws Exception {
    Path open = folder("open", 0777);
    Path[] files = {file(dir, "a.jar", "rw-r--r--"), file(dir, "b.jar", "rw-rw-r--"), file(open, "c.jar", "rw-r--r--"),
        file(open, "d.jar", "rw-------"), dir.resolve("missing.jar")};
    FileOwnership manifest = ownership.forOneManifest();
    for (Path f : files) {
      assertThat(manifest.problem(f)).as(f.toString()).isEqualTo(ownership.problem(f));
    }
    assertThat(manifest.problem(files[3])).as("asked again").isEqualTo(ownership.problem(files[3]));
  }

  @Test
  void octal_fourDigitsAsFormatWritesThem() {
    for (int mode : new int[] {0, 07, 0644, 0777, 01777, 07777}) {
      assertThat(FileOwnership.octal(mode)).as(Integer.toOctalString(mode)).isEqualTo(String.format("%04o", mode));
    }
  }

  @Test
  void problem_ownedByAnotherUser_namesThePath() throws Exception {
    Assumptions.assumeTrue("root".equals(System.getProperty("user.name")), "skipped: giving a file away needs root");
    Path theirs = file(dir, "theirs.yaml", "rw-r--r--");
    Files.setAttribute(theirs, "unix:uid", 4242);
    String owner = Files.getOwner(theirs).getName();
    assertThat(ownership.problem(theirs)).contains(theirs + " is owned by " + owner + ", neither this JVM's user (root)"
        + " nor root: another user could have put what the agent would read there; chown it");
  }

  @Test
  void ofThisProcess_fileThisProcessMade_passesAndAnotherUsersFails() throws Exception {
    FileOwnership own = FileOwnership.ofThisProcess();
    Path mine = file(dir, "mine.yaml", "rw-r--r--");
    assertThat(own.problem(mine)).isEmpty();
    Assumptions.assumeTrue("root".equals(System.getProperty("user.name")), "skipped: giving a file away needs root");
    Files.setAttribute(mine, "unix:uid", 4242);
    assertThat(own.problem(mine)).hasValueSatisfying(problem -> assertThat(problem).startsWith(mine + " is owned by "));
  }
}
