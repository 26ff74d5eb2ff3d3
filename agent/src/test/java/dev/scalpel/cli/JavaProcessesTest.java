package dev.scalpel.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

final class JavaProcessesTest {

  private static final String JVM_MAPS = "55d0c0a00000-55d0c0a01000 r--p 00000000 08:01 1 /usr/lib/jvm/jdk/bin/java\n"
      + "7f1c2a000000-7f1c2b000000 r-xp 00000000 08:01 2 /usr/lib/jvm/jdk/lib/server/libjvm.so\n";
  private static final String OTHER_MAPS = "55d0c0a00000-55d0c0a01000 r--p 00000000 08:01 1 /usr/bin/bash\n";

  @Test
  void mainClass_javaLauncherForms() {
    String[][] cases = {
        {"java\0-cp\0a.jar:b.jar\0com.acme.Main\0arg", "com.acme.Main"},
        {"/usr/lib/jvm/jdk/bin/java\0-Xmx1g\0-Dx=y\0-jar\0/opt/app.jar\0--port\08080", "/opt/app.jar"},
        {"java\0--class-path\0lib\0-javaagent:a.jar=manifest=m.yaml\0app.Main", "app.Main"},
        {"java\0-p\0mods\0-m\0com.acme/com.acme.Main", "com.acme/com.acme.Main"},
        {"java\0--module-path\0mods\0--module=com.acme/com.acme.Main", "com.acme/com.acme.Main"},
        {"java\0--add-opens\0java.base/java.lang=ALL-UNNAMED\0Main", "Main"},
        {"java\0Hello.java", "Hello.java"},
        {"java\0@args.txt\0Main", JavaProcesses.UNKNOWN_MAIN},
        {"java\0-version", JavaProcesses.UNKNOWN_MAIN},
        {"java\0-jar", JavaProcesses.UNKNOWN_MAIN},
        {"/opt/idea/bin/idea\0com.intellij.idea.Main", JavaProcesses.UNKNOWN_MAIN},
        {"", JavaProcesses.UNKNOWN_MAIN},
    };
    for (String[] c : cases) {
      List<String> argv = JavaProcesses.arguments((c[0] + "\0").getBytes(StandardCharsets.UTF_8));
      assertThat(JavaProcesses.mainClass(argv)).as(c[0].replace('\0', ' ')).isEqualTo(c[1]);
    }
  }

  @Test
  void arguments_zeroTerminatedAndEmptyOnes() {
    assertThat(JavaProcesses.arguments("java\0\0Main\0".getBytes(StandardCharsets.UTF_8)))
        .containsExactly("java", "", "Main");
    assertThat(JavaProcesses.arguments("java\0Main".getBytes(StandardCharsets.UTF_8))).containsExactly("java", "Main");
    assertThat(JavaProcesses.arguments(new byte[0])).isEmpty();
  }

  /** Guards against listing processes that are not JVMs, or this command's own JVM. */
  @Test
  void list_javaProgramsAndProcessesMappingLibjvm_byPid_withoutSelf(@TempDir Path proc) throws IOException {
    process(proc, "300", OTHER_MAPS, "/usr/lib/jvm/jdk/bin/java\0-cp\0x\0app.Second\0");
    process(proc, "42", JVM_MAPS, "/opt/launcher\0-jar\0/opt/first.jar\0");
    process(proc, "7", OTHER_MAPS, "/usr/bin/bash\0");
    process(proc, "99", JVM_MAPS, "java\0self.Main\0");
    Files.createDirectories(proc.resolve("1000"));
    Files.createSymbolicLink(proc.resolve("self"), Path.of("99"));
    Files.writeString(proc.resolve("uptime"), "1.0 1.0\n");

    assertThat(JavaProcesses.list(proc)).containsExactly(
        new JavaProcesses.Jvm("42", JavaProcesses.UNKNOWN_MAIN), new JavaProcesses.Jvm("300", "app.Second"));
  }

  /** Guards against missing "libjvm.so" where it straddles two blocks of the map as read. */
  @Test
  void list_libjvmAcrossReadBlocks_found(@TempDir Path proc) throws IOException {
    StringBuilder maps = new StringBuilder();
    while (maps.length() < 64 * 1024 - 5) {
      maps.append('x');
    }
    process(proc, "5", maps.append("/libjvm.so\n").toString(), "/opt/launcher\0Main\0");
    assertThat(JavaProcesses.list(proc, "1")).containsExactly(new JavaProcesses.Jvm("5", JavaProcesses.UNKNOWN_MAIN));
  }

  @Test
  void list_noSuchFolder_empty(@TempDir Path proc) {
    assertThat(JavaProcesses.list(proc.resolve("absent"), "1")).isEmpty();
  }

  @Test
  void list_realProc_findsThisJvmUnlessLeftOut() {
    assumeTrue(Files.isDirectory(Path.of("/proc/self")), "no /proc here");
    String self = String.valueOf(ProcessHandle.current().pid());
    assertThat(JavaProcesses.list(Path.of("/proc"), "0")).extracting(JavaProcesses.Jvm::pid).contains(self);
    assertThat(JavaProcesses.list(Path.of("/proc"))).extracting(JavaProcesses.Jvm::pid).doesNotContain(self);
  }

  private static void process(Path proc, String pid, String maps, String cmdline) throws IOException {
    Path dir = Files.createDirectories(proc.resolve(pid));
    // The program's file name as the command names it; the link stays inside the temporary folder.
    Path program = Path.of(cmdline.substring(0, cmdline.indexOf('\0'))).getFileName();
    Files.createSymbolicLink(dir.resolve("exe"), dir.resolve("bin").resolve(program));
    Files.writeString(dir.resolve("maps"), maps);
    Files.write(dir.resolve("cmdline"), cmdline.getBytes(StandardCharsets.UTF_8));
  }
}
