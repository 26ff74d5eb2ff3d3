package dev.scalpel.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

final class TargetFilesTest {

  @Test
  void resolve_sameMountNamespace_pathAsIs(@TempDir Path proc) throws IOException {
    TargetFiles files = TargetFiles.of(fakeProc(proc, "mnt:[4026531841]", "mnt:[4026531841]"), "42");
    assertThat(files.shared()).isTrue();
    assertThat(files.resolve("/tmp/scalpel-control-1/control")).isEqualTo(Path.of("/tmp/scalpel-control-1/control"));
  }

  /** Guards against reading a container's paths in the host's file system. */
  @Test
  void resolve_otherMountNamespace_throughProcRoot(@TempDir Path proc) throws IOException {
    Path fake = fakeProc(proc, "mnt:[4026531841]", "mnt:[4026532999]");
    TargetFiles files = TargetFiles.of(fake, "42");
    assertThat(files.shared()).isFalse();
    assertThat(files.resolve("/tmp/scalpel-control-1/control"))
        .isEqualTo(fake.resolve("42/root/tmp/scalpel-control-1/control"));
  }

  @Test
  void resolve_noProc_pathAsIs(@TempDir Path proc) {
    TargetFiles files = TargetFiles.of(proc.resolve("absent"), "42");
    assertThat(files.shared()).isTrue();
    assertThat(files.resolve("/tmp/x")).isEqualTo(Path.of("/tmp/x"));
  }

  @Test
  void resolve_relativePath_refused(@TempDir Path proc) throws IOException {
    TargetFiles files = TargetFiles.of(fakeProc(proc, "mnt:[1]", "mnt:[2]"), "42");
    assertThatThrownBy(() -> files.resolve("tmp/x"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("the target's path 'tmp/x' is not absolute");
  }

  @Test
  void resolve_realProcessOfThisJvm_shared() {
    assumeTrue(Files.isDirectory(Path.of("/proc/self/ns")), "no /proc here");
    assertThat(TargetFiles.of(String.valueOf(ProcessHandle.current().pid())).shared()).isTrue();
  }

  @Test
  void checkControlSocket_ownedAndPrivate_passes(@TempDir Path proc) throws IOException {
    TargetFiles files = TargetFiles.of(fakeProc(proc, "mnt:[1]", "mnt:[1]"), "42");
    files.checkControlSocket(socketIn(proc, "rwx------"));
  }

  @Test
  void checkControlSocket_folderOpenToOthers_refused(@TempDir Path proc) throws IOException {
    TargetFiles files = TargetFiles.of(fakeProc(proc, "mnt:[1]", "mnt:[1]"), "42");
    Path socket = socketIn(proc, "rwxr-xr-x");
    assertThatThrownBy(() -> files.checkControlSocket(socket))
        .isInstanceOf(IOException.class)
        .hasMessage(socket.getParent() + " can be entered by other users than " + System.getProperty("user.name")
            + " (mode rwxr-xr-x): it is not that agent's control folder");
  }

  @Test
  void checkControlSocket_ownedBySomeoneElse_refused(@TempDir Path proc) throws IOException {
    assumeTrue(System.getProperty("user.name").equals("root"), "only root can give a file away");
    UserPrincipal nobody = proc.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName("nobody");
    TargetFiles files = TargetFiles.of(fakeProc(proc, "mnt:[1]", "mnt:[1]"), "42");
    Path socket = socketIn(proc, "rwx------");
    Files.setOwner(socket.getParent(), nobody);
    assertThatThrownBy(() -> files.checkControlSocket(socket))
        .isInstanceOf(IOException.class)
        .hasMessage(socket.getParent() + " belongs to nobody, not to the target JVM's user root: it is not that agent's"
            + " control socket");
  }

  // A /proc with self/ns/mnt and 42/ns/mnt as symlinks to the given namespace names, as Linux shows them.
  /** Guards against looking for a container's socket under the host's process id or outside its root. */
  @Test
  void derivedControlSocket_otherNamespaces_namespacePidThroughProcRoot(@TempDir Path proc) throws IOException {
    Path fake = fakeProc(proc, "mnt:[1]", "mnt:[2]");
    Files.writeString(fake.resolve("42/status"), "Name:\tjava\nNSpid:\t42\t1\nUid:\t0\t0\t0\t0\n");
    Files.writeString(fake.resolve("42/stat"), stat(555));
    Object uid = Files.getAttribute(fake.resolve("42"), "unix:uid");
    assertThat(TargetFiles.of(fake, "42").derivedControlSocket())
        .contains(fake.resolve("42/root/tmp/.scalpel-" + uid + "/1-555"));
  }

  @Test
  void derivedControlSocket_noNamespacePidLine_thePidGiven(@TempDir Path proc) throws IOException {
    Path fake = fakeProc(proc, "mnt:[1]", "mnt:[1]");
    Files.writeString(fake.resolve("42/status"), "Name:\tjava\n");
    Files.writeString(fake.resolve("42/stat"), stat(555));
    Object uid = Files.getAttribute(fake.resolve("42"), "unix:uid");
    assertThat(TargetFiles.of(fake, "42").derivedControlSocket()).contains(Path.of("/tmp/.scalpel-" + uid + "/42-555"));
  }

  @Test
  void derivedControlSocket_noSuchProcess_empty(@TempDir Path proc) throws IOException {
    assertThat(TargetFiles.of(fakeProc(proc, "mnt:[1]", "mnt:[1]"), "43").derivedControlSocket()).isEmpty();
  }

  static String stat(long start) {
    return "42 (java) S 1 42 42 0 -1 4194560 100 0 0 0 5 1 0 0 20 0 19 0 " + start + " 4234215424 52041\n";
  }

  static Path fakeProc(Path dir, String self, String target) throws IOException {
    Path proc = dir.resolve("proc");
    Files.createSymbolicLink(Files.createDirectories(proc.resolve("self/ns")).resolve("mnt"), Path.of(self));
    Files.createSymbolicLink(Files.createDirectories(proc.resolve("42/ns")).resolve("mnt"), Path.of(target));
    return proc;
  }

  private static Path socketIn(Path dir, String mode) throws IOException {
    Path folder = Files.createDirectory(dir.resolve("scalpel-control-1"));
    Path socket = Files.createFile(folder.resolve("control"));
    Files.setPosixFilePermissions(folder, PosixFilePermissions.fromString(mode));
    return socket;
  }
}
